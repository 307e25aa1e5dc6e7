// The training page's dashboard: numbers, a progress bar, and the loss chart with finished runs
// overlaid, each under the label its run started with; beside it the copy task's exact match and
// translation's held-out BLEU, and a translation run's latest sample translations.
import * as Plot from "@observablehq/plot";
import type {EngineState, Evaluation, Progress} from "../../worker/protocol.js";
import {formatDuration} from "../../training/run-config.js";
import type {TrainingSession} from "../../worker/session.js";
import {chart as labelledChart} from "../chart.js";
import {el} from "../dom.js";
import {panel, pct} from "./controls.js";

export interface RunTrace {
  label: string;
  task: "copy" | "translation";
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
    bleu: stat("train-bleu", "BLEU (held out)"),
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
  // A translation run's samples: the first held-out pairs and the model's greedy translations at the last evaluation.
  const samplesCaption = el("p", {className: "tp-note"});
  const samplesTable = el("div", {className: "tp-box"});
  const samples = el("div", {id: "train-samples", hidden: true}, el("h3", {textContent: "Sample translations (held out)"}), samplesCaption, samplesTable);
  const showTask = (task: "copy" | "translation") => {
    s.exact.box.hidden = task !== "copy";
    s.bleu.box.hidden = task !== "translation";
    if (task === "copy") samples.hidden = true;
  };
  showTask("copy");
  const runsNote = el("p", {className: "tp-note", id: "train-runs"});

  const runs: RunTrace[] = [];
  let current: RunTrace | null = null;
  let pending = false; // a draw is scheduled
  let drawnAt = -Infinity;
  let drawing = 0; // the latest draw, whose charts are still being put in place
  let width = 640; // the chart's width, kept by a ResizeObserver (reading it in draw would force a layout)

  function draw(): void {
    pending = false;
    drawnAt = performance.now();
    const all = [...runs, ...(current ? [{...current, label: `${current.label} (this run)`}] : [])];
    const data = lossChartData(all);
    if ("message" in data) {
      drawing++;
      return void chart.replaceChildren(el("p", {className: "tp-note", textContent: data.message}));
    }
    const {train, held} = data;
    const exact = all.flatMap((r) => r.evals.flatMap((e) => (e.exactMatch === undefined ? [] : [{run: r.label, step: e.step, exact: 100 * e.exactMatch}])));
    const bleu = all.flatMap((r) => r.evals.flatMap((e) => (e.bleu === undefined ? [] : [{run: r.label, step: e.step, bleu: e.bleu}])));
    const copyRuns = all.filter((r) => r.task === "copy");
    const translationRuns = all.filter((r) => r.task === "translation");
    // One step axis for all charts: with a single evaluation Plot would make a domain of one point (ticks like "20.000000").
    const stepDomain = [0, Math.max(1, ...train.map((d) => d.step), ...exact.map((d) => d.step), ...bleu.map((d) => d.step))];
    const latest = (r: RunTrace) => r.evals[r.evals.length - 1] as Evaluation | undefined;
    const figures: (() => Element)[] = [
      () => labelledChart({
        title: "Loss per token: training (lines) and held out (dots)",
        ariaLabel: `Loss per token against step: ${all.map((r) => `${r.label}, training ${r.losses.length ? r.losses[r.losses.length - 1][1].toFixed(3) : "–"} at step ${r.losses.length ? r.losses[r.losses.length - 1][0] : 0}, held out ${latest(r)?.heldOutLoss.toFixed(3) ?? "–"}`).join("; ")}.`,
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
      ...(copyRuns.length
        ? [
            () => labelledChart({
              title: "Exact match on the held-out set (greedy decoding)",
              ariaLabel: `Held-out exact match against step: ${copyRuns.map((r) => `${r.label}, ${measure(latest(r))} at step ${latest(r)?.step ?? 0}`).join("; ")}.`,
              width: Math.min(width || 640, 720),
              height: 220,
              y: {label: "exact match (%)", grid: true, domain: [0, 100]},
              x: {label: "step", domain: stepDomain},
              color: {type: "categorical", domain: all.map((r) => r.label)}, // the same colour per run as above
              marks: [Plot.line(exact, {x: "step", y: "exact", stroke: "run", strokeWidth: 1.5}), Plot.dot(exact, {x: "step", y: "exact", stroke: "run", fill: "run", r: 2.5}), Plot.ruleY([0])]
            })
          ]
        : []),
      // A translator's BLEU: the loss says how sure it is of the reference's words, BLEU how much of its own output matches.
      ...(translationRuns.length
        ? [
            () => labelledChart({
              title: "BLEU on held-out pairs (greedy translations)",
              ariaLabel: `Held-out BLEU against step: ${translationRuns.map((r) => `${r.label}, ${measure(latest(r))} at step ${latest(r)?.step ?? 0}`).join("; ")}.`,
              width: Math.min(width || 640, 720),
              height: 220,
              y: {label: "BLEU", grid: true, domain: [0, 100]},
              x: {label: "step", domain: stepDomain},
              color: {type: "categorical", domain: all.map((r) => r.label)},
              marks: [Plot.line(bleu, {x: "step", y: "bleu", stroke: "run", strokeWidth: 1.5}), Plot.dot(bleu, {x: "step", y: "bleu", stroke: "run", fill: "run", r: 2.5}), Plot.ruleY([0])]
            })
          ]
        : [])
    ];
    // Each chart in a task of its own, from the same data: Plot builds a chart anew each time, and
    // on a busy machine two or three of them in one task would hold the page up for too long.
    const generation = ++drawing;
    if (!chart.firstElementChild?.matches("figure")) chart.replaceChildren();
    while (chart.children.length > figures.length) chart.lastElementChild!.remove();
    const put = (i: number) => {
      if (generation !== drawing) return; // a newer draw has begun
      const figure = figures[i]();
      const old = chart.children[i];
      if (old) old.replaceWith(figure);
      else chart.append(figure);
      if (i + 1 < figures.length) setTimeout(() => put(i + 1));
    };
    put(0);
    runsNote.textContent = runs.length ? `Finished runs on the chart: ${runs.map((r) => `${r.label} (${measure(latest(r))})`).join("; ")}.` : "";
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
  session.on("model", ({label, summary}) => {
    if (label === null) return; // a model loaded from a file has no curve
    current = {label, task: summary.task, losses: [], evals: []};
    showTask(summary.task);
    samples.hidden = true;
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
    if (e.exactMatch !== undefined) s.exact.value.textContent = pct(e.exactMatch);
    if (e.bleu !== undefined) s.bleu.value.textContent = e.bleu.toFixed(1);
    if (e.samples) {
      samplesCaption.textContent = `The first ${e.samples.length} held-out pairs and the model's greedy translations at step ${e.step}; they change at each evaluation.`;
      samplesTable.replaceChildren(sampleTable(e.samples));
      samples.hidden = false;
    }
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
  root.append(progressBar, stats, timesNote, error, noGradient, chart, runsNote, samples);
  draw();
  return panel(root);
}

/**
 * The loss chart's points, or what to say instead when there is nothing to draw (no run yet, or
 * runs that stopped before their first step: an empty Plot would show a bare axis).
 */
export function lossChartData(runs: readonly Omit<RunTrace, "task">[]): {train: {run: string; step: number; loss: number}[]; held: {run: string; step: number; loss: number}[]} | {message: string} {
  const drawn = runs.filter((r) => r.losses.length > 0 || r.evals.length > 0);
  if (drawn.length === 0) return {message: runs.length === 0 ? "Start a run to see its loss here." : "No steps yet: the loss appears here after the first step."};
  return {
    train: drawn.flatMap((r) => thin(r.losses).map(([step, loss]) => ({run: r.label, step, loss}))),
    held: drawn.flatMap((r) => r.evals.map((e) => ({run: r.label, step: e.step, loss: e.heldOutLoss})))
  };
}

/** A run's last held-out measure for captions: its exact match or its BLEU. */
function measure(e: Evaluation | undefined): string {
  if (e?.exactMatch !== undefined) return pct(e.exactMatch);
  if (e?.bleu !== undefined) return `BLEU ${e.bleu.toFixed(1)}`;
  return "–";
}

/** Source, reference and the model's output, one row a pair. */
function sampleTable(rows: {src: string; ref: string; hyp: string}[]): HTMLTableElement {
  const head = el("tr", {}, ...["German (source)", "English (reference)", "the model's translation"].map((h) => el("th", {textContent: h})));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, ...rows.map((r) => el("tr", {}, el("td", {textContent: r.src}), el("td", {textContent: r.ref}), el("td", {textContent: r.hyp})))));
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
