// The Background page's comparison, after Table 1 of Vaswani et al. (2017): for a sequence of n
// tokens, how many operations one layer must run one after another, and how many steps a signal
// takes from the first token to the last, in a recurrent layer, a stack of dilated convolutions of
// kernel width k, and self-attention.

export type LayerKind = "recurrent" | "convolutional" | "self-attention";

export interface SequenceCost {
  kind: LayerKind;
  sequential: number; // operations one layer must run one after another
  pathLength: number; // steps (recurrent) or layers a signal crosses from the first token to the last
  work: number; // the paper's complexity per layer at this n, d and k: n·d², k·n·d², n²·d
}

/**
 * Layers of dilated convolutions (kernel k, dilation k^l at layer l) until the last output sees
 * the first input: the receptive field is k^layers, so this is ⌈log_k n⌉, counted in integers.
 */
export function dilatedLayers(n: number, k: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`dilatedLayers: n must be a whole number ≥ 1, got ${n}`);
  if (!Number.isInteger(k) || k < 2) throw new Error(`dilatedLayers: the kernel width k must be a whole number ≥ 2, got ${k}`);
  let layers = 0;
  for (let field = 1; field < n; field *= k) layers += 1;
  return layers;
}

/** The three rows of the comparison for n tokens of width d and a convolution kernel of width k. */
export function sequenceCosts(n: number, d: number, k: number): SequenceCost[] {
  const layers = dilatedLayers(n, k);
  return [
    // h_t = f(h_{t-1}, x_t): each of the n states waits for the one before it.
    {kind: "recurrent", sequential: n, pathLength: n - 1, work: n * d * d},
    // Every output of a layer is computed at once; the signal climbs one layer per dilation.
    {kind: "convolutional", sequential: 1, pathLength: layers, work: k * n * d * d},
    // One matrix product compares every query with every key: each pair is one step apart.
    {kind: "self-attention", sequential: 1, pathLength: n > 1 ? 1 : 0, work: n * n * d}
  ];
}
