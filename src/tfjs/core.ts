// TensorFlow.js in the browser as the course uses it: tfjs-core's tensors and ops, with the ops'
// gradients and their chained forms (x.add(y)) registered, and the plain JavaScript cpu backend to
// fall back on. The @tensorflow/tfjs package registers the same, and also loads Layers, the model
// converter, tf.data and WebGL, none of which the course uses (WebGL is imported when chosen).
// Node cannot load these two files of tfjs-core's (their imports have no extensions): node.ts
// imports @tensorflow/tfjs instead, whose Node bundle holds them.
import "@tensorflow/tfjs-core/dist/register_all_gradients.js";
import "@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js";
import "@tensorflow/tfjs-backend-cpu";
