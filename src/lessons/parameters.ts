// Where the Transformer's parameters live: each component's count as a formula in the sizes
// (V, C, F, N), and the same counts measured on a real model by summing its named parameters.
import type {Module} from "../model/module.js";

export interface ParameterSizes {
  srcVocab: number; // source V
  tgtVocab: number; // target V
  N: number; // blocks per stack
  dModel: number; // C
  dFF: number; // F
}

/** The paper's base sizes (d_model 512, d_ff 2048, N 6) with a vocabulary of V tokens on both sides. */
export function paperSizes(vocab: number): ParameterSizes {
  return {srcVocab: vocab, tgtVocab: vocab, N: 6, dModel: 512, dFF: 2048};
}

// One function per component, in the sizes alone (no model needed).
export const embeddingsCount = (V: number, C: number) => V * C; // the lookup table lut [V, C]
export const attentionCount = (C: number) => 4 * (C * C + C); // four C×C linears with biases
export const feedForwardCount = (C: number, F: number) => 2 * C * F + F + C; // w_1 [F, C] + b, w_2 [C, F] + b
export const layerNormCount = (C: number) => 2 * C; // a_2 and b_2
export const encoderLayerCount = (C: number, F: number) => attentionCount(C) + feedForwardCount(C, F) + 2 * layerNormCount(C);
export const decoderLayerCount = (C: number, F: number) => 2 * attentionCount(C) + feedForwardCount(C, F) + 3 * layerNormCount(C);
export const encoderStackCount = (N: number, C: number, F: number) => N * encoderLayerCount(C, F) + layerNormCount(C);
export const decoderStackCount = (N: number, C: number, F: number) => N * decoderLayerCount(C, F) + layerNormCount(C);
export const generatorCount = (C: number, V: number) => C * V + V; // proj [V, C] + bias

export function totalCount({srcVocab, tgtVocab, N, dModel: C, dFF: F}: ParameterSizes): number {
  return (
    embeddingsCount(srcVocab, C) +
    embeddingsCount(tgtVocab, C) +
    encoderStackCount(N, C, F) +
    decoderStackCount(N, C, F) +
    generatorCount(C, tgtVocab)
  );
}

/**
 * The total when the source embeddings, target embeddings and the generator's weight share one
 * [V, C] matrix, as the paper does with its shared vocabulary (section 3.4). Needs srcVocab = tgtVocab.
 */
export function tiedTotalCount(sizes: ParameterSizes): number {
  if (sizes.srcVocab !== sizes.tgtVocab) throw new Error(`tiedTotalCount: needs one vocabulary, not ${sizes.srcVocab} and ${sizes.tgtVocab}`);
  return totalCount(sizes) - 2 * embeddingsCount(sizes.tgtVocab, sizes.dModel);
}

/** A translation model's total by formula at one joint vocabulary of V: one shared [V, C] matrix, or three separate ones. */
export function sharingCounts({N, dModel, dFF}: Pick<ParameterSizes, "N" | "dModel" | "dFF">, vocab: number): {shared: number; separate: number} {
  const sizes = {srcVocab: vocab, tgtVocab: vocab, N, dModel, dFF};
  return {shared: tiedTotalCount(sizes), separate: totalCount(sizes)};
}

/** "792,040 parameters (1,048,040 with three separate matrices)": the count for the choice, then the other's. */
export function sharingCountText(sizes: Pick<ParameterSizes, "N" | "dModel" | "dFF">, vocab: number, shared: boolean): string {
  const counts = sharingCounts(sizes, vocab);
  return shared
    ? `${withCommas(counts.shared)} parameters (${withCommas(counts.separate)} with three separate matrices)`
    : `${withCommas(counts.separate)} parameters (${withCommas(counts.shared)} with one shared matrix)`;
}

export interface ComponentRow {
  component: string;
  formula: string; // in the paper's symbols, for the table
  prefix: string; // the state_dict names that make up one such component in a real model
  count: (sizes: ParameterSizes) => number;
}

export const componentRows: readonly ComponentRow[] = [
  {component: "source embeddings", formula: "V·C", prefix: "src_embed.", count: (s) => embeddingsCount(s.srcVocab, s.dModel)},
  {component: "target embeddings", formula: "V·C", prefix: "tgt_embed.", count: (s) => embeddingsCount(s.tgtVocab, s.dModel)},
  {component: "one multi-head attention", formula: "4(C² + C)", prefix: "encoder.layers.0.self_attn.", count: (s) => attentionCount(s.dModel)},
  {component: "one feed-forward", formula: "2CF + F + C", prefix: "encoder.layers.0.feed_forward.", count: (s) => feedForwardCount(s.dModel, s.dFF)},
  {component: "one LayerNorm", formula: "2C", prefix: "encoder.norm.", count: (s) => layerNormCount(s.dModel)},
  {component: "one encoder layer", formula: "attn + FFN + 2·LN", prefix: "encoder.layers.0.", count: (s) => encoderLayerCount(s.dModel, s.dFF)},
  {component: "one decoder layer", formula: "2·attn + FFN + 3·LN", prefix: "decoder.layers.0.", count: (s) => decoderLayerCount(s.dModel, s.dFF)},
  {component: "encoder stack", formula: "N·layer + LN", prefix: "encoder.", count: (s) => encoderStackCount(s.N, s.dModel, s.dFF)},
  {component: "decoder stack", formula: "N·layer + LN", prefix: "decoder.", count: (s) => decoderStackCount(s.N, s.dModel, s.dFF)},
  {component: "generator", formula: "C·V + V", prefix: "generator.", count: (s) => generatorCount(s.dModel, s.tgtVocab)},
  {component: "total", formula: "2·emb\u00a0+\u00a0stacks\u00a0+\u00a0gen", prefix: "", count: totalCount}
];

/** The number of parameters whose state_dict name starts with `prefix` ("" counts them all). */
export function countWithPrefix(model: Module, prefix: string): number {
  return model
    .namedParameters()
    .filter(([name]) => name.startsWith(prefix))
    .reduce((n, [, v]) => n + v.size, 0);
}

export interface ParameterTableRow {
  component: string;
  formula: string;
  measured: number; // summed over the real model's named parameters
  byFormula: number; // the formula at the real model's sizes (must equal measured)
  others: number[]; // the formula at each of the other sizes (e.g. V = 37000), never built
}

/** One row per component: measured on `model` (built with `sizes`), and by formula for `others`. */
export function parameterTable(model: Module, sizes: ParameterSizes, others: readonly ParameterSizes[] = []): ParameterTableRow[] {
  return componentRows.map((row) => ({
    component: row.component,
    formula: row.formula,
    measured: countWithPrefix(model, row.prefix),
    byFormula: row.count(sizes),
    others: others.map((s) => row.count(s))
  }));
}

/** 44157451 → "44,157,451" (the same in every locale, so tests and readers see one form). */
export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
