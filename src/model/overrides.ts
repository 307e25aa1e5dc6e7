// The reader's own versions of library functions, for "use my components" on the training page.
// Every module that calls one of these functions looks it up here first:
//
//   const attend = implementation("attention", attention); // the reader's, if installed, else the library's
//
// Nothing is installed on the course pages (each page's editable cell passes its value on by
// Framework's reactivity); the training worker installs the reader's compiled edits before it
// builds and trains a model, and clears them when the run is reset.
import type {Batch} from "../training/batch.js";
import type {LabelSmoothingOptions} from "../training/label-smoothing.js";
import type * as tf from "@tensorflow/tfjs";
import type {AttentionResult} from "./attention.js";
import type {DecoderLayerParts} from "./decoder.js";
import type {Dropout} from "./dropout.js";
import type {EncoderLayerParts} from "./encoder.js";

type Layer<T extends tf.Tensor = tf.Tensor3D> = (x: T) => T;

/** The functions a reader can replace, by name (each is also an editable cell's id). */
export interface Replaceable {
  embed(lut_VC: tf.Tensor2D, x_BL: tf.Tensor2D): tf.Tensor3D;
  positionalEncodingTable(maxLen: number, dModel: number): tf.Tensor2D;
  attention(q_BHTK: tf.Tensor4D, k_BHSK: tf.Tensor4D, v_BHSK: tf.Tensor4D, mask?: tf.Tensor | null, dropout?: Dropout | null): AttentionResult;
  splitHeads(x_BLC: tf.Tensor3D, h: number): tf.Tensor4D;
  mergeHeads(x_BHLK: tf.Tensor4D): tf.Tensor3D;
  subsequentMask(size: number): tf.Tensor3D;
  layerNorm<T extends tf.Tensor>(x: T, a_2: tf.Tensor1D, b_2: tf.Tensor1D, eps: number): T;
  sublayerConnection(x_BLC: tf.Tensor3D, sublayer: Layer, norm: Layer, dropout: Layer): tf.Tensor3D;
  feedForward(x_BLC: tf.Tensor3D, w_1: Layer, w_2: Layer, dropout: Layer): tf.Tensor3D;
  encoderLayer(layer: EncoderLayerParts, x_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D): tf.Tensor3D;
  decoderLayer(layer: DecoderLayerParts, x_BTC: tf.Tensor3D, memory_BSC: tf.Tensor3D, srcMask_B1S: tf.Tensor3D, tgtMask_BTT: tf.Tensor3D): tf.Tensor3D;
  generator(x_BTC: tf.Tensor3D, proj: Layer): tf.Tensor3D;
  makeBatch(src_BS: tf.Tensor2D, tgt_BT1: tf.Tensor2D, pad?: number): Batch;
  smoothedTargets(target_N: tf.Tensor1D, options: LabelSmoothingOptions): tf.Tensor2D;
  rate(step: number, modelSize: number, factor: number, warmup: number): number;
}

export type ReplaceableName = keyof Replaceable;

let installed: Partial<Replaceable> = {};

/** The installed replacement of `name`, or `reference` (the library's own function). */
export function implementation<K extends ReplaceableName>(name: K, reference: Replaceable[K]): Replaceable[K] {
  return installed[name] ?? reference;
}

/** Replaces the given functions everywhere in the library (until the next install or clear). */
export function installOverrides(overrides: Partial<Replaceable>): void {
  installed = {...overrides};
}

export function clearOverrides(): void {
  installed = {};
}

/** The names of the functions now replaced. */
export function installedOverrides(): ReplaceableName[] {
  return Object.keys(installed) as ReplaceableName[];
}
