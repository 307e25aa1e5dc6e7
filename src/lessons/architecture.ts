// The "Model architecture" page's computations: one pass through encode, decode and the generator
// with the shape of every intermediate tensor, and the first steps of greedy (auto-regressive) decoding.
import * as tf from "@tensorflow/tfjs-core";
import {generator} from "../model/generator.js";
import {paddingMask, targetMask} from "../model/masks.js";
import type {EncoderDecoder} from "../model/model.js";
import {tidyValue} from "../tfjs/tidy-value.js";
import {greedyDecode} from "../training/decode.js";

export interface ShapeRow {
  name: string; // the tensor's name in the library, e.g. "memory_BSC"
  letters: string; // its shape in the course's letters, e.g. "[B, S, C]"
  shape: number[]; // the actual sizes, e.g. [1, 5, 32]
  what: string;
}

export interface ArchitecturePass {
  rows: ShapeRow[];
  rowSums: number[][]; // [B][T]: the sum over V of exp(log-probabilities), 1 at every position
}

/**
 * Runs src [B][S] and the decoder's input tgtIn [B][T] through the model (in eval mode, no dropout)
 * and reports the shape of each tensor on the way, with the generator's row sums. `generate`
 * replaces the library's generator function (the page's editable cell), with the model's projection.
 */
export function architecturePass(model: EncoderDecoder, src: number[][], tgtIn: number[][], pad = 0, generate: typeof generator = generator): ArchitecturePass {
  return model.evaluating(() =>
    tidyValue(() => {
      const src_BS = tf.tensor2d(src, undefined, "int32");
      const srcMask_B1S = paddingMask(src_BS, pad);
      const embedded_BSC = model.src_embed.forward(src_BS);
      const memory_BSC = model.encode(src_BS, srcMask_B1S);
      const tgt_BT = tf.tensor2d(tgtIn, undefined, "int32");
      const tgtMask_BTT = targetMask(tgt_BT, pad);
      const out_BTC = model.decode(memory_BSC, srcMask_B1S, tgt_BT, tgtMask_BTT);
      const logprobs_BTV = generate(out_BTC, (x) => model.generator.proj.forward(x)); // model.generator.forward, with `generate`
      const rowSums_BT = tf.sum(tf.exp(logprobs_BTV), -1);
      const row = (name: string, letters: string, t: tf.Tensor, what: string): ShapeRow => ({name, letters, shape: t.shape.slice(), what});
      return {
        rows: [
          row("src_BS", "[B, S]", src_BS, "the source token ids"),
          row("srcMask_B1S", "[B, 1, S]", srcMask_B1S, "the padding mask: which source positions are real tokens"),
          row("embedded_BSC", "[B, S, C]", embedded_BSC, "src_embed(src_BS): the embedded source plus the positional encoding"),
          row("memory_BSC", "[B, S, C]", memory_BSC, "the encoder's output, one vector per source token"),
          row("tgt_BT", "[B, T]", tgt_BT, "the target tokens so far, the decoder's input"),
          row("tgtMask_BTT", "[B, T, T]", tgtMask_BTT, "the target mask: position t may look at positions up to t"),
          row("out_BTC", "[B, T, C]", out_BTC, "the decoder's output, one vector per target position"),
          row("logprobs_BTV", "[B, T, V]", logprobs_BTV, "the generator's log-probabilities of the next token, at each position")
        ],
        rowSums: rowSums_BT.arraySync() as number[][]
      };
    })
  );
}

export interface DecodeStep {
  step: number; // 1, 2, ...
  input: number[]; // the tokens the decoder reads at this step
  next: number; // the token it picks (the most likely one)
}

/**
 * The first `steps` steps of greedy decoding of one source sentence: at each step the decoder
 * reads everything it has produced so far and adds the most likely next token.
 */
export function autoregressiveSteps(model: EncoderDecoder, src: number[], steps: number, startSymbol: number, pad = 0): DecodeStep[] {
  const src_1S = tf.tensor2d([src], undefined, "int32");
  const srcMask_11S = paddingMask(src_1S, pad);
  try {
    // Greedy decoding is deterministic, so the output after k steps is a prefix of the full output.
    const [ids] = greedyDecode(model, src_1S, srcMask_11S, steps + 1, startSymbol);
    return Array.from({length: steps}, (_, i) => ({step: i + 1, input: ids.slice(0, i + 1), next: ids[i + 1]}));
  } finally {
    tf.dispose([src_1S, srcMask_11S]);
  }
}
