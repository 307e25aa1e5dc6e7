// tf.tidy for code that reads tensors back as plain data.
import * as tf from "@tensorflow/tfjs-core";

/** tf.tidy for a function that returns plain data (numbers, arrays): every tensor made inside is disposed. */
export function tidyValue<T>(f: () => T): T {
  return tf.tidy(f as () => tf.TensorContainer) as T;
}
