// The multi-head attention page's computation: one forward pass of the library's
// MultiHeadedAttention, traced step by step so that the page can show every intermediate shape.
// The trace calls the library's own pieces (the layer's linears, splitHeads, attention,
// mergeHeads) and checks that it lands on exactly what `forward` returns. The page can hand in the
// reader's splitHeads and mergeHeads (its editable cells) instead; the comparison with `forward`,
// which always uses the library's, then shows what an edit changes.
import * as tf from "@tensorflow/tfjs-core";
import {attention} from "../model/attention.js";
import {mergeHeads, type MultiHeadedAttention, splitHeads} from "../model/multi-head-attention.js";

export interface ShapeStep {
  name: string; // the tensor's name, shape-suffixed (q_BHTK)
  shape: number[];
  how: string; // the operation that produced it
}

export interface MultiHeadTrace {
  steps: ShapeStep[];
  probs: number[][][]; // [H][T][S] for batch item 0: the traced probs_BHTS (the layer's own mha.attn with the library's pieces)
  rowSums: number[][]; // [H][T], each ~1
  maxDiffFromForward: number; // |traced output - mha.forward(x, x, x)|, max over entries
}

export interface HeadPieces {
  splitHeads?: typeof splitHeads;
  mergeHeads?: typeof mergeHeads;
}

/**
 * Self-attention of x_BTC through `mha` (which must be in eval mode, so that it keeps `attn`),
 * splitting and merging the heads with `pieces` (the library's functions by default).
 */
export function traceMultiHead(mha: MultiHeadedAttention, x_BTC: tf.Tensor3D, pieces: HeadPieces = {}): MultiHeadTrace {
  const {splitHeads: split = splitHeads, mergeHeads: merge = mergeHeads} = pieces;
  if (mha.training) throw new Error("traceMultiHead: call mha.eval() first (dropout off, attention maps kept)");
  const steps: ShapeStep[] = [];
  const record = (name: string, t: tf.Tensor, how: string) => steps.push({name, shape: t.shape.slice(), how});
  const {maxDiff, probs} = tf.tidy(() => {
    const [wq, wk, wv, wo] = mha.linears;
    record("query_BTC", x_BTC, "the input (here query = key = value)");
    const qProj_BTC = wq.forward(x_BTC);
    record("qProj_BTC", qProj_BTC, "x W^Q (linears[0]), all heads at once");
    const [B, T, C] = qProj_BTC.shape;
    record("q_BTHK", tf.reshape(qProj_BTC, [B, T, mha.h, C / mha.h]), "reshape: C = H × K");
    const q_BHTK = split(qProj_BTC, mha.h);
    record("q_BHTK", q_BHTK, "transpose: heads become a batch axis");
    const k_BHSK = split(wk.forward(x_BTC), mha.h);
    record("k_BHSK", k_BHSK, "x W^K (linears[1]), split the same way");
    const v_BHSK = split(wv.forward(x_BTC), mha.h);
    record("v_BHSK", v_BHSK, "x W^V (linears[2]), split the same way");
    const {out_BHTK, probs_BHTS} = attention(q_BHTK, k_BHSK, v_BHSK, null);
    record("probs_BHTS", probs_BHTS, "softmax(q kᵀ / √d_k), one map per head");
    record("out_BHTK", out_BHTK, "probs v: each head's output");
    const merged_BTC = merge(out_BHTK);
    record("merged_BTC", merged_BTC, "transpose back, reshape: Concat(head_1..head_H)");
    const output_BTC = wo.forward(merged_BTC);
    record("output_BTC", output_BTC, "merged W^O (linears[3])");
    const forward_BTC = mha.forward(x_BTC, x_BTC, x_BTC);
    if (!mha.attn) throw new Error("traceMultiHead: the layer kept no attention maps");
    return {maxDiff: tf.max(tf.abs(tf.sub(output_BTC, forward_BTC))).dataSync()[0], probs: (probs_BHTS.arraySync() as number[][][][])[0]};
  });
  const rowSums = probs.map((head) => head.map((row) => row.reduce((a, b) => a + b, 0)));
  return {steps, probs, rowSums, maxDiffFromForward: maxDiff};
}

/** The parameter count of one multi-head attention layer: four C×C weights and four biases. */
export function multiHeadParameterCount(dModel: number): number {
  return 4 * (dModel * dModel + dModel);
}
