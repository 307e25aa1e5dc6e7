// The training page's dashboard: numbers, a progress bar, and the loss chart with finished runs
// overlaid, each under the label its run started with.
import * as Plot from "@observablehq/plot";
import type {EngineState, Evaluation, Progress} from "../../worker/protocol.js";
import {formatDuration} from "../../training/run-config.js";
import type {TrainingSession} from "../../worker/session.js";
import {chart as labelledChart} from "../chart.js";
import {el} from "../dom.js";
import {panel, pct} from "./controls.js";

export interface RunTrace {
  label: string;
  losses: [number, number][];
  evals: Evaluation[];
}

const REDRAW_MS = 1000; // the loss chart's least time between redraws

export function dashboard(session: TrainingSession): HTMLElement {
  const root = el("div", {id: "train-dashboard"});
  const progressBar = el("progress", {id: "train-progress", className: "tp-progress", max: 1, value: 0});
  progressBar.setAttribute("aria-label", "training progress");
  const stat = (id: string, label: string) => {
    const value = el("span", {id, textContent: "–"});
    return {box: el("div", {}, el("span", {textContent: label}), value), value};
  };
  const s = {
    step: stat("train-step", "step"),
    loss: stat("train-loss", "training loss"),
    heldOut: stat("train-heldout-loss", "held-out loss"),
    exact: stat("train-exact", "exact match (held out)"),
    lr: stat("train-lr", "learning rate"),
    ms: stat("train-ms", "ms / step"),
    tps: stat("train-tps", "tokens / s"),
    elapsed: stat("train-elapsed", "time in steps"),
    evals: stat("train-eval-time", "time in evaluations"),
    wall: stat("train-wall", "wall time"),
    eta: stat("train-eta", "time left")
  };
  const stats = el("div", {className: "tp-stats"}, ...Object.values(s).map((x) => x.box));
  const timesNote = el("p", {
    className: "tp-note",
    id: "train-times-note",
    textContent:
      "Wall time counts from Start (pauses excluded): the training steps, the held-out evaluations, and the page's turns in between. " +
      "Time in steps counts the training steps only (ms / step and tokens / s are theirs), time in evaluations the held-out measurements. " +
      "Time left is the steps left at this run's own pace so far (wall time less evaluations, per step) plus the evaluations left at their measured cost."
  });
  const error = el("p", {id: "train-error", className: "tp-error", role: "alert"});
  const noGradient = el("p", {id: "train-no-gradient", className: "tp-note", role: "status"});
  const chart = el("div", {id: "train-chart", className: "tp-box"});
  const runsNote = el("p", {className: "tp-note", id: "train-runs"});

  const runs: RunTrace[] = [];
  let current: RunTrace | null = null;
  let pending = false; // a draw is scheduled
  let drawnAt = -Infinity;
  let width = 640; // the chart's width, kept by a ResizeObserver (reading it in draw would force a layout)

  function draw(): void {
    pending = false;
    drawnAt = performance.now();
    const all = [...runs, ...(current ? [{...current, label: `${current.label} (this run)`}] : [])];
    const data = lossChartData(all);
    if ("message" in data) return void chart.replaceChildren(el("p", {className: "tp-note", textContent: data.message}));
    const {train, held} = data;
    const exact = all.flatMap((r) => r.evals.map((e) => ({run: r.label, step: e.step, exact: 100 * e.exactMatch})));
    // One step axis for both charts: with a single evaluation Plot would make a domain of one point (ticks like "20.000000").
    const stepDomain = [0, Math.max(1, ...train.map((d) => d.step), ...exact.map((d) => d.step))];
    chart.replaceChildren(
      labelledChart({
        title: "Loss per token: training (lines) and held out (dots)",
        ariaLabel: `Loss per token against step: ${all.map((r) => `${r.label}, training ${r.losses.length ? r.losses[r.losses.length - 1][1].toFixed(3) : "–"} at step ${r.losses.length ? r.losses[r.losses.length - 1][0] : 0}, held out ${r.evals.length ? r.evals[r.evals.length - 1].heldOutLoss.toFixed(3) : "–"}`).join("; ")}.`,
        width: Math.min(width || 640, 720),
        height: 300,
        y: {label: "loss", grid: true, zero: true},
        x: {label: "step", domain: stepDomain},
        color: {legend: true, type: "categorical", domain: all.map((r) => r.label)},
        marks: [
          Plot.line(train, {x: "step", y: "loss", stroke: "run", strokeWidth: 1.5}),
          Plot.dot(held, {x: "step", y: "loss", stroke: "run", fill: "run", r: 2.5}),
          Plot.ruleY([0])
        ]
      }),
      // Exact match, on a chart of its own: a run whose loss looks close can still copy nothing.
      labelledChart({
        title: "Exact match on the held-out set (greedy decoding)",
        ariaLabel: `Held-out exact match against step: ${all.map((r) => `${r.label}, ${r.evals.length ? pct(r.evals[r.evals.length - 1].exactMatch) : "–"} at step ${r.evals.length ? r.evals[r.evals.length - 1].step : 0}`).join("; ")}.`,
        width: Math.min(width || 640, 720),
        height: 220,
        y: {label: "exact match (%)", grid: true, domain: [0, 100]},
        x: {label: "step", domain: stepDomain},
        color: {type: "categorical", domain: all.map((r) => r.label)}, // the same colour per run as above
        marks: [Plot.line(exact, {x: "step", y: "exact", stroke: "run", strokeWidth: 1.5}), Plot.dot(exact, {x: "step", y: "exact", stroke: "run", fill: "run", r: 2.5}), Plot.ruleY([0])]
      })
    );
    runsNote.textContent = runs.length ? `Finished runs on the chart: ${runs.map((r) => `${r.label} (${r.evals.length ? pct(r.evals[r.evals.length - 1].exactMatch) : "–"})`).join("; ")}.` : "";
  }
  // Plot draws the whole chart anew, tens of milliseconds on a busy machine: at most once a second,
  // in a task of its own (not in an animation frame, where the page's own layout would join it).
  const schedule = () => {
    if (!pending) (pending = true), setTimeout(draw, Math.max(0, drawnAt + REDRAW_MS - performance.now()));
  };
  new ResizeObserver(([entry]) => {
    const w = Math.round(entry.contentRect.width);
    if (w !== width) (width = w), schedule();
  }).observe(chart);

  const clearStats = () => {
    for (const x of Object.values(s)) x.value.textContent = "–";
    progressBar.value = 0;
  };
  session.on("model", ({label}) => {
    if (label === null) return; // a model loaded from a file has no curve
    current = {label, losses: [], evals: []};
    error.textContent = noGradient.textContent = "";
    clearStats();
    schedule();
  });
  session.on("progress", (p: Progress) => {
    current?.losses.push(...p.losses);
    s.step.value.textContent = `${p.step} / ${p.steps}`;
    s.loss.value.textContent = p.loss.toFixed(4);
    s.lr.value.textContent = p.lr.toExponential(2);
    s.ms.value.textContent = p.msPerStep.toFixed(1);
    s.tps.value.textContent = Math.round(p.tokensPerSecond).toLocaleString("en-US");
    s.elapsed.value.textContent = formatDuration(p.elapsedMs / 1000);
    s.evals.value.textContent = formatDuration(p.evalMs / 1000);
    s.wall.value.textContent = formatDuration(p.wallMs / 1000);
    s.eta.value.textContent = formatDuration(p.etaSeconds);
    progressBar.max = p.steps;
    progressBar.value = p.step;
    schedule();
  });
  session.on("evaluation", (e: Evaluation) => {
    current?.evals.push(e);
    s.heldOut.value.textContent = e.heldOutLoss.toFixed(4);
    s.exact.value.textContent = pct(e.exactMatch);
    schedule();
  });
  session.on("noGradient", ({parameters}) => (noGradient.textContent = noGradientMessage(parameters)));
  session.on("failed", (message) => (error.textContent = message));
  session.on("crash", (message) => (error.textContent = `${message}. Press Reset to start a new worker.`));
  session.on("state", ({state}: {state: EngineState}) => {
    if ((state === "finished" || state === "stopped" || state === "failed") && current) {
      runs.push({...current, label: state === "finished" ? current.label : `${current.label} (${state} at ${current.losses.length})`});
      current = null;
      schedule();
    }
    if (state === "idle") {
      current = null; // reset: the run and its numbers go
      clearStats();
      schedule();
    }
  });
  root.append(progressBar, stats, timesNote, error, noGradient, chart, runsNote);
  draw();
  return panel(root);
}

/**
 * The loss chart's points, or what to say instead when there is nothing to draw (no run yet, or
 * runs that stopped before their first step: an empty Plot would show a bare axis).
 */
export function lossChartData(runs: readonly RunTrace[]): {train: {run: string; step: number; loss: number}[]; held: {run: string; step: number; loss: number}[]} | {message: string} {
  const drawn = runs.filter((r) => r.losses.length > 0 || r.evals.length > 0);
  if (drawn.length === 0) return {message: runs.length === 0 ? "Start a run to see its loss here." : "No steps yet: the loss appears here after the first step."};
  return {
    train: drawn.flatMap((r) => thin(r.losses).map(([step, loss]) => ({run: r.label, step, loss}))),
    held: drawn.flatMap((r) => r.evals.map((e) => ({run: r.label, step: e.step, loss: e.heldOutLoss})))
  };
}

/** What the page says of the parameters that the model's code leaves without a gradient (none: nothing). */
export function noGradientMessage(parameters: string[], shown = 3): string {
  if (parameters.length === 0) return "";
  const names = parameters.length > shown ? `${parameters.slice(0, shown).join(", ")}, … and ${parameters.length - shown} more` : parameters.join(", ");
  return `No gradient reached ${parameters.length} parameter${parameters.length === 1 ? "" : "s"} (${names}): ${parameters.length === 1 ? "it stays" : "they stay"} as initialised, since the model's code does not use them.`;
}

/** At most ~400 points per curve, so long runs stay quick to draw. */
function thin(points: [number, number][]): [number, number][] {
  const every = Math.ceil(points.length / 400);
  return every <= 1 ? points : points.filter((_, i) => i % every === 0 || i === points.length - 1);
}
