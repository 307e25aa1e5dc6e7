// The page on the loss and the schedule: the penalty demo and the Noam curve's peak.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import {noamCurve, noamPeak, penaltyCurve} from "../../src/lessons/loss.js";
import {initNodeBackend} from "../../src/tfjs/node.js";

before(() => initNodeBackend("cpu"));

// The same KL sum written out by hand: true_dist = [0, 0.9, 0.1/3, 0.1/3, 0.1/3].
function handLoss(x: number): number {
  const d = x + 3;
  const p = [0, x / d, 1 / d, 1 / d, 1 / d];
  const t = [0, 0.9, 0.1 / 3, 0.1 / 3, 0.1 / 3];
  return t.reduce((sum, ti, i) => (ti > 0 ? sum + ti * (Math.log(ti) - Math.log(p[i])) : sum), 0);
}

test("the penalty demo: finite everywhere, falls then rises, minimum where p(true) = 0.9", () => {
  const points = penaltyCurve();
  assert.equal(points.length, 99);
  assert.ok(points.every((p) => Number.isFinite(p.loss)));
  for (const p of points) assert.ok(Math.abs(p.loss - handLoss(p.x)) < 1e-5, `x=${p.x}: ${p.loss} vs ${handLoss(p.x)}`);
  const min = points.reduce((a, b) => (b.loss < a.loss ? b : a));
  assert.equal(min.x, 27); // 27 / 30 = 0.9 = 1 - smoothing
  assert.ok(points[0].loss > min.loss && points[98].loss > min.loss);
});

test("the Noam schedule peaks at step = warmup with rate d_model^-0.5 · warmup^-0.5", () => {
  for (const [dModel, warmup] of [
    [512, 4000],
    [128, 1000],
    [1024, 8000]
  ]) {
    const peak = noamPeak(dModel, warmup);
    assert.equal(peak.step, warmup);
    assert.ok(Math.abs(peak.lr - 1 / Math.sqrt(dModel * warmup)) < 1e-12);
  }
  const curve = noamCurve(512, 4000);
  assert.equal(curve[0].step, 0);
  assert.equal(curve[curve.length - 1].step, 20000);
  assert.ok(curve.some((p) => p.step === 4000));
  assert.ok(Math.abs(curve[0].lr - 512 ** -0.5 * 4000 ** -1.5) < 1e-15); // step 0 counts as 1
});
