// One deliberate mistake per editable function (src/editing/catalogue.ts), as a text replacement in
// its region: each still runs on the entry's fixed inputs but computes something else, so "Check my
// code" must fail with it. Used by test/unit/editable-functions.test.ts (in Node) and
// test/browser/editable-pages.test.ts (on the built pages).
import type {EditableName} from "../../src/editing/catalogue.js";

export interface WrongEdit {
  what: string; // the mistake, in words
  find: string; // text of the library's region
  replace: string; // what the mistake puts there instead
}

export const wrongEdits: Record<EditableName, WrongEdit> = {
  embed: {what: "no √d_model scaling", find: "Math.sqrt(dModel)", replace: "1"},
  positionalEncodingTable: {what: "cos in the sine channels too", find: "pe[pos * dModel + i] = Math.sin(angle);", replace: "pe[pos * dModel + i] = Math.cos(angle);"},
  attention: {what: "no 1/√d_k scaling", find: "Math.sqrt(dK)", replace: "1"},
  splitHeads: {what: "reshape without the transpose", find: "tf.transpose(tf.reshape(x_BLC, [B, L, h, C / h]), [0, 2, 1, 3])", replace: "tf.reshape(x_BLC, [B, h, L, C / h])"},
  mergeHeads: {what: "reshape without the transpose", find: "tf.reshape(tf.transpose(x_BHLK, [0, 2, 1, 3]), [B, L, H * K])", replace: "tf.reshape(x_BHLK, [B, L, H * K])"},
  subsequentMask: {what: "upper-triangular", find: "bandPart(tf.ones([size, size]), -1, 0)", replace: "bandPart(tf.ones([size, size]), 0, -1)"},
  layerNorm: {what: "the biased std (÷ C)", find: "features - 1)", replace: "features)"},
  sublayerConnection: {what: "post-norm, as in the paper", find: "return tf.add(x_BLC, dropout(sublayer(norm(x_BLC))));", replace: "return norm(tf.add(x_BLC, dropout(sublayer(x_BLC))));"},
  feedForward: {what: "no ReLU", find: "dropout(tf.relu(w_1(x_BLC)))", replace: "dropout(w_1(x_BLC))"},
  encoderLayer: {what: "feed-forward without its residual connection", find: "return layer.sublayer[1].forward(x_BSC, (x) => layer.feed_forward.forward(x));", replace: "return layer.feed_forward.forward(x_BSC);"},
  decoderLayer: {what: "source-attention reading the decoder, not the memory", find: "layer.src_attn.forward(x, m, m, srcMask_B1S)", replace: "layer.src_attn.forward(x, x, x, null)"},
  generator: {what: "logits, no log-softmax", find: "return tf.logSoftmax(proj(x_BTC));", replace: "return proj(x_BTC);"},
  makeBatch: {what: "labels not shifted", find: "tf.slice(tgtFull_BL, [0, 1], [B, L - 1])", replace: "tf.slice(tgtFull_BL, [0, 0], [B, L - 1])"},
  smoothedTargets: {what: "smoothing shared by V − 1 tokens", find: "smoothing / (size - 2)", replace: "smoothing / (size - 1)"},
  rate: {what: "no warmup", find: "Math.min(s ** -0.5, s * warmup ** -1.5)", replace: "s ** -0.5"},
  learnBpe: {what: "one merge past the vocabulary size", find: ".size < symbolCount", replace: ".size <= symbolCount"},
  encodeWord: {what: "the merges replayed last-learned first", find: "for (const merge of merges)", replace: "for (const merge of [...merges].reverse())"}
};

/** The region with its mistake; throws if the region no longer contains the text to replace. */
export function applyWrongEdit(region: string, name: EditableName): string {
  const {find, replace} = wrongEdits[name];
  if (!region.includes(find)) throw new Error(`wrongEdits.${name}: the region no longer contains ${JSON.stringify(find)}`);
  return region.replace(find, replace);
}
