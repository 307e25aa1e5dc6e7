// Checkpoint averaging on the reader's translation models kept in the browser (the Additional
// components page): choose how many of the newest to average, press the button, and read the
// held-out BLEU of each, of their average and of the last one. With fewer than two models that can
// be averaged it says how to get them instead, and shows no button.
import {averageable, compareAverage, type KeptTranslator} from "../lessons/additional-components.js";
import type {TextPair} from "../training/translation.js";
import {el} from "./dom.js";
import {selectInput} from "./inputs.js";
import {textTable} from "./text-table.js";

export function checkpointAveraging(kept: readonly KeptTranslator[], pairs: readonly TextPair[], {id = "avg"} = {}): HTMLElement {
  const usable = new Set(averageable(kept.map((k) => k.loaded)));
  const checkpoints = kept.filter((k) => usable.has(k.loaded)); // newest first: the last checkpoint first
  const left = kept.length - checkpoints.length;
  const leftOut = left > 0 ? ` ${left} other translation model${left === 1 ? "" : "s"} kept here differ${left === 1 ? "s" : ""} from the newest in sizes, sharing or tokenizer, and cannot be averaged with it.` : "";
  if (checkpoints.length < 2) {
    const have = checkpoints.length === 0 ? "This browser keeps no translation model yet." : `This browser keeps one translation model that can be averaged: ${checkpoints[0].label}.`;
    return el("p", {id: `${id}-message`, className: "note"}, `${have}${leftOut} To average checkpoints here, keep at least two of one run: on the Training page, train translate-tiny and press “Save in this browser” a few times while it trains (it saves the model of that moment; the run goes on), or let two runs finish or stop them at different steps (every run starts from the same seed and takes the same batches, so a shorter run is, near enough, an earlier checkpoint of a longer one). Then come back to this page.`);
  }
  const count = selectInput({label: "Average the newest", id: `${id}-k`, options: checkpoints.map((_, i) => i + 1).slice(1), value: Math.min(checkpoints.length, 3), format: (k) => `${k} models`});
  const run = el("button", {type: "button", id: `${id}-run`}, "Average and score");
  const status = el("p", {id: `${id}-status`, className: "note", role: "status"});
  const result = el("div", {id: `${id}-result`});
  run.addEventListener("click", () => {
    const chosen = checkpoints.slice(0, count.value);
    run.disabled = true;
    result.replaceChildren();
    status.textContent = `Translating ${pairs.length} held-out sentences with each of the ${chosen.length} models and with their average…`;
    // Let the message show before the synchronous work starts.
    setTimeout(() => {
      try {
        const r = compareAverage(chosen.map((c) => c.loaded), pairs);
        const rows = chosen.map((c, i) => [i === 0 ? "the last checkpoint" : `checkpoint ${i + 1} from the end`, c.label, r.each[i].toFixed(1)]);
        const table = textTable(["", "model", "BLEU"], [...rows, [`the average of these ${chosen.length}`, "every parameter the mean of theirs", r.averaged.toFixed(1)]], {nowrap: [0, 2], mono: [2], caption: `Held-out BLEU on ${r.sentences} sentences, greedy decoding`});
        table.id = `${id}-table`;
        const gain = r.averaged - r.each[0];
        const verdict = el("p", {id: `${id}-verdict`}, `The average scores ${r.averaged.toFixed(1)} against the last checkpoint's ${r.each[0].toFixed(1)}: ${Math.abs(gain) < 0.05 ? "the same" : gain > 0 ? `${gain.toFixed(1)} higher` : `${(-gain).toFixed(1)} lower`}.`);
        result.replaceChildren(table, verdict);
        status.textContent = "";
      } catch (error) {
        status.textContent = `Could not average: ${(error as Error).message}.`;
      } finally {
        run.disabled = false;
      }
    });
  });
  const intro = el("p", {id: `${id}-message`}, `This browser keeps ${checkpoints.length} translation models that can be averaged, newest first:${leftOut}`);
  const list = el("ol", {id: `${id}-list`}, ...checkpoints.map((c) => el("li", {}, c.label)));
  return el("div", {className: "checkpoint-averaging"}, intro, list, el("div", {className: "avg-controls"}, count, run), status, result);
}
