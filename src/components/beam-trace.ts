// Beam search step by step (the Additional components page): one table, one group of rows per
// step, each row a hypothesis the step kept, finished (it ended with </s>) or pruned, with the
// subword it added, its log-probability and its length-penalised score; and the finished
// hypotheses ranked by that score.
import type {BeamTrace} from "../lessons/additional-components.js";
import {subwordLabel} from "../lessons/translation.js";
import {lengthPenalty} from "../training/decode.js";
import {el} from "./dom.js";
import {textTable} from "./text-table.js";

const cell = (tag: "td" | "th", text: string, className = "") => el(tag, {textContent: text, className});

/** Every step of the trace: what it kept, finished and pruned, best log-probability first. */
export function beamStepsTable(trace: BeamTrace, {id}: {id: string}): HTMLElement {
  const table = el("table", {className: "beam-trace"});
  table.createCaption().textContent = "Each step extends every kept hypothesis by every subword; the best fill the beam again, the next best are pruned";
  const head = table.createTHead().insertRow();
  for (const label of ["step", "status", "hypothesis so far", "+ subword", "log-probability", "score"]) head.append(el("th", {textContent: label, scope: "col"}));
  trace.steps.forEach((rows, s) => {
    const body = table.createTBody();
    rows.forEach((r, i) => {
      const tr = body.insertRow();
      tr.className = `beam-${r.status}`;
      if (i === 0) tr.append(el("th", {textContent: String(s + 1), scope: "rowgroup", rowSpan: rows.length}));
      tr.append(cell("td", r.status, "beam-status"), cell("td", r.text), cell("td", subwordLabel(r.token), "beam-mono"), cell("td", r.logprob.toFixed(3), "beam-mono"), cell("td", r.score.toFixed(3), "beam-mono"));
    });
  });
  return el("div", {id, className: "matrix-table scroll-cue"}, table);
}

/** The finished hypotheses, best score first, with the length penalty that divides each log-probability. */
export function beamResultTable(trace: BeamTrace, {alpha, id}: {alpha: number; id: string}): HTMLElement {
  const table = textTable(
    ["", "hypothesis", "|Y|", "log-probability", "lp(|Y|)", "score"],
    trace.best.map((b, i) => [String(i + 1), b.text, String(b.length), b.logprob.toFixed(3), lengthPenalty(b.length, alpha).toFixed(3), b.score.toFixed(3)]),
    {nowrap: [0, 2, 3, 4, 5], mono: [2, 3, 4, 5], caption: `The hypotheses beam search returns, ranked by score = log-probability / lp(|Y|), α = ${alpha.toFixed(1)}`}
  );
  table.id = id;
  return table;
}
