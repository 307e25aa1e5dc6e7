// Every library function a reader can edit: where its code is (module and region), the page its
// cell is on, what its code may use without defining it (the module's imports), the fixed inputs
// of its self-check and "Check my code", and the hints of its exercise. Pages make their editable
// cells from these entries; the training worker compiles the reader's edits with them ("use my
// components"). The name is the function's name, the cell's id and its name among the replaceable
// components (src/training/components.ts). The text functions (byte-pair encoding) are editable
// cells too, but not components: "Use my components" carries only the components' edits. Their
// entries live in text-catalogue.ts, which the Tokens page imports without this module.
import * as tf from "@tensorflow/tfjs-core";
import {normalTensor} from "../model/normal.js";
import {attention} from "../model/attention.js";
import {decoderLayer, DecoderLayer} from "../model/decoder.js";
import {Dropout} from "../model/dropout.js";
import {embed} from "../model/embeddings.js";
import {encoderLayer, EncoderLayer} from "../model/encoder.js";
import {feedForward, feedForwardFunctions, PositionwiseFeedForward} from "../model/feed-forward.js";
import {generator} from "../model/generator.js";
import {layerNorm, LayerNorm, layerNormFunctions} from "../model/layer-norm.js";
import {Linear} from "../model/linear.js";
import {paddingMask, subsequentMask, targetMask} from "../model/masks.js";
import {Module, xavierUniform} from "../model/module.js";
import {attentionFunctions, mergeHeads, MultiHeadedAttention, splitHeads} from "../model/multi-head-attention.js";
import {positionalEncodingTable} from "../model/positional-encoding.js";
import {Random} from "../model/random.js";
import {expectDim, expectInt, expectShape, shapeString} from "../model/shapes.js";
import {sublayerConnection, SublayerConnection, sublayerFunctions} from "../model/sublayer.js";
import {layerNormWithGradient, linear, lookup, matMul} from "../tfjs/ops.js";
import {makeBatch} from "../training/batch.js";
import type {ComponentName} from "../training/components.js";
import {smoothedTargets} from "../training/label-smoothing.js";
import {rate} from "../training/noam.js";
import type {EditableFunction, EditableName, TextName} from "./entry.js";
import {textEntries} from "./text-catalogue.js";

export type {EditableFunction, EditableName, Editables, TextFunctions, TextName} from "./entry.js";

const ints = (values: number[][]) => tf.tensor2d(values, undefined, "int32");
const identity = (x: tf.Tensor3D) => x;
const halve = (x: tf.Tensor3D) => tf.mul(x, 0.5) as tf.Tensor3D;

/** A linear layer with fixed weights, as a function (its weights are owned by the case). */
function fixedLinear(inFeatures: number, outFeatures: number, seed: number) {
  const w_OI = normalTensor([outFeatures, inFeatures], seed, 0.5) as tf.Tensor2D;
  const b_O = normalTensor([outFeatures], seed + 1, 0.1) as tf.Tensor1D;
  return {layer: (x: tf.Tensor3D) => linear(x, w_OI, b_O) as tf.Tensor3D, owned: [w_OI, b_O]};
}

/** The layers' masks: the second of two sources of length 5 padded by 2 [2, 1, 5], and causal targets of length 4 [2, 4, 4]. */
const layerSourceMask = () => tf.tidy(() => tf.tensor3d([[[1, 1, 1, 1, 1]], [[1, 1, 1, 0, 0]]]).cast("bool")) as tf.Tensor3D;
const layerTargetMask = () => tf.tidy(() => tf.tile(tf.linalg.bandPart(tf.ones([4, 4]), -1, 0).cast("bool").expandDims(0), [2, 1, 1])) as tf.Tensor3D;
const layerSizes = {dModel: 8, dFF: 16, h: 2, dropout: 0};

const entries = {
  embed: {
    title: "token embeddings, scaled by √d_model",
    path: "src/model/embeddings.ts",
    region: "embed",
    page: "embeddings",
    reference: embed,
    scope: {tf, lookup, Module, xavierUniform, expectInt, expectShape},
    cases: () => [
      {label: "lut [11, 8], ids [2, 5]", args: [normalTensor([11, 8], 41), ints([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]])]},
      {label: "lut [5, 6], ids [1, 3]", args: [normalTensor([5, 6], 42), ints([[0, 4, 4]])]}
    ],
    hints: [
      "`lookup(lut_VC, x_BL)` gives the rows of the table for the ids: [B, L, C] (it has a gradient that works on every backend).",
      "The paper multiplies the embeddings by √d_model; d_model is the table's second axis."
    ]
  },
  positionalEncodingTable: {
    title: "the sinusoidal positional encoding table",
    path: "src/model/positional-encoding.ts",
    region: "table",
    page: "embeddings",
    reference: positionalEncodingTable,
    scope: {tf, Dropout, Module, expectShape},
    cases: () => [
      {label: "maxLen 50, d_model 16", args: [50, 16]},
      {label: "maxLen 7, d_model 4", args: [7, 4]}
    ],
    hints: [
      "Even columns 2i hold sin(pos / 10000^(2i/d_model)), odd columns 2i+1 the cos of the same angle.",
      "Fill a Float32Array of maxLen × d_model numbers, row by row, then make it a tensor2d [maxLen, d_model].",
      "Math.exp(2i · −ln(10000) / d_model) is 10000^(−2i/d_model), the way the original computes it."
    ]
  },
  attention: {
    title: "scaled dot-product attention",
    path: "src/model/attention.ts",
    region: "attention",
    page: "attention",
    reference: attention,
    scope: {tf, matMul, expectDim, shapeString},
    cases: () => {
      const [B, H, L, K] = [2, 2, 6, 4];
      const qkv = () => [21, 22, 23].map((seed) => normalTensor([B, H, L, K], seed));
      return [
        {label: "q, k, v [2, 2, 6, 4]", args: qkv()},
        {label: "with a causal mask [1, 1, 6, 6]", args: [...qkv(), tf.tidy(() => tf.linalg.bandPart(tf.ones([L, L]), -1, 0).reshape([1, 1, L, L]))]},
        {label: "q, k, v [1, 1, 6, 8]", args: [31, 32, 33].map((seed) => normalTensor([1, 1, L, 8], seed))}
      ];
    },
    hints: [
      "Scores: Q Kᵀ, [B, H, T, K] @ [B, H, K, S] → [B, H, T, S]; transpose the keys' last two axes first.",
      "Divide the scores by √d_k, d_k being the queries' last axis.",
      "Where the mask is 0 the score becomes −1e9 (tf.where), then a softmax over the last axis gives probs_BHTS.",
      "Return {out_BHTK: probs @ V, probs_BHTS}; apply dropout (if given) to the probabilities before the product."
    ]
  },
  splitHeads: {
    title: "splitting the channels into heads",
    path: "src/model/multi-head-attention.ts",
    region: "split-heads",
    page: "multi-head-attention",
    reference: splitHeads,
    scope: {tf, attention, Dropout, Linear, Module, expectShape, shapeString},
    cases: () => [
      {label: "x [2, 5, 8], h 2", args: [normalTensor([2, 5, 8], 51), 2]},
      {label: "x [1, 3, 12], h 3", args: [normalTensor([1, 3, 12], 52), 3]}
    ],
    hints: ["Reshape [B, L, C] to [B, L, H, C / H], then move the head axis in front of L: [B, H, L, K]."]
  },
  mergeHeads: {
    title: "merging the heads again",
    path: "src/model/multi-head-attention.ts",
    region: "merge-heads",
    page: "multi-head-attention",
    reference: mergeHeads,
    scope: {tf, attention, Dropout, Linear, Module, expectShape, shapeString},
    cases: () => [
      {label: "x [2, 2, 5, 4]", args: [normalTensor([2, 2, 5, 4], 53)]},
      {label: "x [1, 3, 3, 4]", args: [normalTensor([1, 3, 3, 4], 54)]}
    ],
    hints: ["The inverse of splitHeads: transpose [B, H, L, K] to [B, L, H, K], then reshape to [B, L, H · K]."]
  },
  subsequentMask: {
    title: "the subsequent (causal) mask",
    path: "src/model/masks.ts",
    region: "subsequent-mask",
    page: "masking",
    reference: subsequentMask,
    scope: {tf, expectInt, expectShape},
    cases: () => [
      {label: "size 5", args: [5]},
      {label: "size 1", args: [1]}
    ],
    hints: [
      "Position i may see positions j ≤ i: a lower-triangular matrix of ones, diagonal included (tf.linalg.bandPart).",
      "Return it as a bool tensor of shape [1, size, size]."
    ]
  },
  layerNorm: {
    title: "layer normalisation",
    path: "src/model/layer-norm.ts",
    region: "layer-norm",
    page: "stacks",
    reference: layerNorm,
    scope: {tf, layerNormWithGradient, Module, expectDim},
    cases: () => [
      {label: "x [2, 5, 8], learned gain and bias", args: [normalTensor([2, 5, 8], 61, 3), normalTensor([8], 62), normalTensor([8], 63), 1e-6]},
      {label: "x [3, 6], gain 1, bias 0", args: [normalTensor([3, 6], 64), tf.ones([6]), tf.zeros([6]), 1e-6]}
    ],
    hints: [
      "Mean and standard deviation over the last axis (keep the axis so they broadcast).",
      "The std is the unbiased one: divide the sum of squares by C − 1, not C.",
      "a_2 · (x − mean) / (std + eps) + b_2: eps goes outside the square root."
    ]
  },
  sublayerConnection: {
    title: "the residual connection around a sublayer",
    path: "src/model/sublayer.ts",
    region: "sublayer-connection",
    page: "stacks",
    reference: sublayerConnection,
    scope: {tf, Dropout, LayerNorm, layerNormFunctions, Module},
    cases: () => {
      const {layer, owned} = fixedLinear(8, 8, 71);
      const norm = (x: tf.Tensor3D) => layerNorm(x, tf.ones([8]) as tf.Tensor1D, tf.zeros([8]) as tf.Tensor1D, 1e-6);
      return [
        {label: "x [2, 5, 8], a linear sublayer", args: [normalTensor([2, 5, 8], 72), layer, norm, identity], owned},
        {label: "the same, dropout halving", args: [normalTensor([2, 5, 8], 72), layer, norm, halve]}
      ];
    },
    hints: ["Pre-norm: the sublayer reads norm(x), dropout applies to the sublayer's output, and x is added back: x + dropout(sublayer(norm(x)))."]
  },
  feedForward: {
    title: "the position-wise feed-forward network",
    path: "src/model/feed-forward.ts",
    region: "feed-forward",
    page: "stacks",
    reference: feedForward,
    scope: {tf, Dropout, Linear, Module},
    cases: () => {
      const first = fixedLinear(8, 16, 81);
      const second = fixedLinear(16, 8, 83);
      const owned = [...first.owned, ...second.owned];
      return [
        {label: "x [2, 5, 8], C 8 → F 16 → C 8", args: [normalTensor([2, 5, 8], 85), first.layer, second.layer, identity], owned},
        {label: "the same, dropout halving", args: [normalTensor([2, 5, 8], 85), first.layer, second.layer, halve]}
      ];
    },
    hints: ["w_2(dropout(relu(w_1(x)))): the ReLU sits between the two layers, dropout on the hidden [B, L, F] activations."]
  },
  encoderLayer: {
    title: "an encoder layer",
    path: "src/model/encoder.ts",
    region: "encoder-layer",
    page: "stacks",
    reference: encoderLayer,
    scope: {feedForwardFunctions, PositionwiseFeedForward, LayerNorm, Module, attentionFunctions, MultiHeadedAttention, SublayerConnection, sublayerFunctions},
    cases: () => {
      const layer = new EncoderLayer(layerSizes, new Random(101));
      return [{label: "x [2, 5, 8], the second source padded by 2 (C 8, h 2, F 16)", args: [layer, normalTensor([2, 5, 8], 104), layerSourceMask()], owned: layer.parameters()}];
    },
    hints: [
      "layer.sublayer[0].forward(x, sublayer) wraps the self-attention: layer.self_attn.forward(x, x, x, mask), queries, keys and values all x, with the source mask.",
      "layer.sublayer[1] wraps layer.feed_forward.forward. Each residual connection takes x and the sublayer to apply to it, as a function of x."
    ]
  },
  decoderLayer: {
    title: "a decoder layer",
    path: "src/model/decoder.ts",
    region: "decoder-layer",
    page: "stacks",
    reference: decoderLayer,
    scope: {feedForwardFunctions, PositionwiseFeedForward, LayerNorm, Module, attentionFunctions, MultiHeadedAttention, SublayerConnection, sublayerFunctions},
    cases: () => {
      const layer = new DecoderLayer(layerSizes, new Random(105));
      const args = [layer, normalTensor([2, 4, 8], 107), normalTensor([2, 5, 8], 108), layerSourceMask(), layerTargetMask()];
      return [{label: "x [2, 4, 8], memory [2, 5, 8] (C 8, h 2, F 16)", args, owned: layer.parameters()}];
    },
    hints: [
      "Three residual connections layer.sublayer[i].forward(x, sublayer), in order: masked self-attention (layer.self_attn.forward(x, x, x, ...) with the target mask), source-attention (layer.src_attn), feed-forward (layer.feed_forward).",
      "In the source-attention the queries come from the decoder (x) and the keys and values from the memory, with the source mask."
    ]
  },
  generator: {
    title: "the generator: linear layer and log-softmax",
    path: "src/model/generator.ts",
    region: "generator",
    page: "architecture",
    reference: generator,
    scope: {tf, Linear, Module},
    cases: () => {
      const {layer, owned} = fixedLinear(8, 11, 91);
      return [{label: "x [2, 5, 8], V 11", args: [normalTensor([2, 5, 8], 93), layer], owned}];
    },
    hints: ["Project to the vocabulary with proj, then tf.logSoftmax over the last axis: log-probabilities [B, T, V]."]
  },
  makeBatch: {
    title: "a batch with its masks and the shifted target",
    path: "src/training/batch.ts",
    region: "make-batch",
    page: "batches",
    reference: makeBatch,
    scope: {tf, paddingMask, targetMask, expectDim, expectInt, expectShape},
    cases: () => [
      {label: "src = tgt [2, 6], with padding", args: [ints([[1, 3, 4, 5, 0, 0], [1, 2, 2, 2, 2, 2]]), ints([[1, 3, 4, 5, 0, 0], [1, 2, 2, 2, 2, 2]]), 0]},
      {label: "src [1, 3], tgt [1, 4]", args: [ints([[1, 5, 6]]), ints([[1, 7, 8, 9]]), 0]}
    ],
    hints: [
      "tgtIn_BT is the target without its last token, tgtY_BT the target without its first: the decoder reads token t and predicts t + 1.",
      "The source mask hides padding (paddingMask); the target mask hides padding and the future (targetMask of tgtIn_BT).",
      "ntokens counts the tokens of tgtY_BT that are not padding. Keep the batch's tensors (tf.keep) so they outlive tf.tidy."
    ]
  },
  smoothedTargets: {
    title: "the label-smoothed target distribution",
    path: "src/training/label-smoothing.ts",
    region: "smoothed-targets",
    page: "loss-and-schedule",
    reference: smoothedTargets,
    scope: {tf, expectDim, expectInt, expectShape},
    cases: () => [
      {label: "targets [6], V 11, smoothing 0.1", args: [tf.tensor1d([2, 0, 5, 3, 10, 1], "int32"), {size: 11, paddingIdx: 0, smoothing: 0.1}]},
      {label: "targets [4], V 6, smoothing 0.4", args: [tf.tensor1d([1, 2, 0, 5], "int32"), {size: 6, paddingIdx: 0, smoothing: 0.4}]}
    ],
    hints: [
      "1 − smoothing on the true token, smoothing / (V − 2) on every other token (tf.oneHot helps).",
      "The padding column is 0, and a row whose target is padding is 0 everywhere."
    ]
  },
  rate: {
    title: "the learning-rate schedule (Noam)",
    path: "src/training/noam.ts",
    region: "rate",
    page: "loss-and-schedule",
    reference: rate,
    scope: {},
    cases: () => [0, 1, 5, 10, 40].map((step) => ({label: `step ${step}, d_model 16, factor 100, warmup 10`, args: [step, 16, 100, 10]})),
    hints: [
      "factor · d_model^−0.5 · min(step^−0.5, step · warmup^−1.5).",
      "Step 0 counts as step 1, so that the first rate is not 0."
    ]
  }
} satisfies {[K in ComponentName]: Omit<EditableFunction<K>, "name">};

const allEntries = {...entries, ...textEntries};

/** The entry of one editable function. */
export function editable<K extends EditableName>(name: K): EditableFunction<K> {
  return {name, ...(allEntries[name] as Omit<EditableFunction<K>, "name">)};
}

/** Every replaceable component, in the order of the course: the functions "Use my components" carries into training. */
export const editableNames = Object.keys(entries) as ComponentName[];

/** The text functions' cells, which stay on their page. */
export const textFunctionNames = Object.keys(textEntries) as TextName[];

/** Every editable cell's function. */
export const allEditableNames: EditableName[] = [...editableNames, ...textFunctionNames];
