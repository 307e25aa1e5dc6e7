// Training FLOPs per step of the copy-task Transformer, counted analytically, so that a measured
// ms/step becomes an achieved GFLOP/s.
//
// What is counted: only the matrix products, at 2·m·n·k floating-point operations each (one
// multiply and one add per term). The forward pass has
//   per encoder block (source length S):   Q, K, V, O projections  4 · 2·B·S·C·C
//                                           scores Q·Kᵀ and probs·V  2 · 2·B·S·S·C   (all heads: H·K = C)
//                                           feed-forward C→F→C       2 · 2·B·S·C·F
//   per decoder block (target length T):   self-attention           4 · 2·B·T·C·C + 2 · 2·B·T·T·C
//                                           source attention: Q, O on the target 2 · 2·B·T·C·C,
//                                             K, V on the memory     2 · 2·B·S·C·C,
//                                             scores and probs·V     2 · 2·B·T·S·C
//                                           feed-forward             2 · 2·B·T·C·F
//   generator (C → V on every target position)                       2·B·T·C·V
// and the backward pass is counted as twice the forward (a gradient for each operand of each
// product), so a training step is 3 × forward. Not counted: embedding look-ups, the positional
// encoding, softmax, layer norm, dropout, masks, the loss and the Adam update (all linear in the
// sizes, and small next to the products for d_model 512; for copy-tiny they are a real share of the
// work, so GFLOP/s there understates what the machine does).
export interface FlopConfig {
  N: number; // blocks in the encoder and in the decoder
  dModel: number; // C
  dFF: number; // F
  vocab: number; // V
  batchSize: number; // B
  srcLength: number; // S: the source sequence, start token included
  tgtLength: number; // T: the decoder's input, tgt[:, :-1]
}

export interface FlopCount {
  encoder: number; // forward, all N blocks
  decoder: number; // forward, all N blocks
  generator: number; // forward
  forward: number;
  training: number; // forward + backward (= 3 × forward)
}

const mm = (m: number, n: number, k: number) => 2 * m * n * k;

export function trainingFlops({N, dModel: C, dFF: F, vocab: V, batchSize: B, srcLength: S, tgtLength: T}: FlopConfig): FlopCount {
  const encoderBlock = 4 * mm(B * S, C, C) + 2 * mm(B * S, S, C) + mm(B * S, F, C) + mm(B * S, C, F);
  const selfAttention = 4 * mm(B * T, C, C) + 2 * mm(B * T, T, C);
  const sourceAttention = 2 * mm(B * T, C, C) + 2 * mm(B * S, C, C) + 2 * mm(B * T, S, C);
  const decoderBlock = selfAttention + sourceAttention + mm(B * T, F, C) + mm(B * T, C, F);
  const encoder = N * encoderBlock;
  const decoder = N * decoderBlock;
  const generator = mm(B * T, V, C);
  const forward = encoder + decoder + generator;
  return {encoder, decoder, generator, forward, training: 3 * forward};
}

/** The copy task's sizes: sequences of `length` tokens, so S = length and T = length − 1. */
export function copyTaskFlops(model: {N: number; dModel: number; dFF: number}, task: {vocab: number; length: number; batchSize: number}): FlopCount {
  return trainingFlops({...model, vocab: task.vocab, batchSize: task.batchSize, srcLength: task.length, tgtLength: task.length - 1});
}

/** Achieved GFLOP/s of `flops` done in `ms` milliseconds. */
export function gflopsPerSecond(flops: number, ms: number): number {
  return ms > 0 ? flops / (ms * 1e6) : 0;
}
