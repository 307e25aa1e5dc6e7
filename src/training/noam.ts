// The learning-rate schedule of section 5.3 ("Noam"): linear warmup, then decay with 1/sqrt(step).
//   lrate = factor * d_model^-0.5 * min(step^-0.5, step * warmup^-1.5)
// Step 0 counts as step 1 (as in the Annotated Transformer), so the first rate is not 0.
// #region rate
export function rate(step: number, modelSize: number, factor: number, warmup: number): number {
  const s = step === 0 ? 1 : step;
  return factor * (modelSize ** -0.5 * Math.min(s ** -0.5, s * warmup ** -1.5));
}
// #endregion rate
