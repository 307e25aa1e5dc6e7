// The benchmarks' arithmetic on a run's progress reports (the engine's step and training time,
// which counts the steps only: no evaluations, no turns of the event loop).

export interface ProgressPoint {
  step: number;
  elapsedMs: number;
  numTensors?: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Per report from step `skip` on: training time over the steps since the previous report, per step. */
export function stepTimes(progress: readonly ProgressPoint[], skip: number): number[] {
  const ms: number[] = [];
  for (let i = 1; i < progress.length; i++) {
    const [a, b] = [progress[i - 1], progress[i]];
    if (a.step >= skip && b.step > a.step) ms.push((b.elapsedMs - a.elapsedMs) / (b.step - a.step));
  }
  return ms;
}

/** Training time at `step`, interpolated between progress reports. */
export function trainMsAt(progress: readonly ProgressPoint[], step: number): number {
  let prev = {step: 0, elapsedMs: 0};
  for (const p of progress) {
    if (p.step >= step) return prev.elapsedMs + ((p.elapsedMs - prev.elapsedMs) * (step - prev.step)) / (p.step - prev.step);
    prev = p;
  }
  return prev.elapsedMs;
}
