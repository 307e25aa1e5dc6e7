// Details: the worker's live tensors, which must stay flat while training, and its backend.
import type {TrainingSession} from "../../worker/session.js";
import {el} from "../dom.js";
import {panel} from "./controls.js";

export function detailsPanel(session: TrainingSession): HTMLElement {
  const now = el("span", {id: "train-tensors", textContent: "–"});
  const range = el("span", {id: "train-tensors-range", textContent: ""});
  let min = Infinity;
  let max = -Infinity;
  session.on("model", () => ((min = Infinity), (max = -Infinity)));
  session.on("progress", (p) => {
    now.textContent = String(p.numTensors);
    min = Math.min(min, p.numTensors);
    max = Math.max(max, p.numTensors);
    range.textContent = `(from ${min} to ${max} during this run)`;
  });
  const backend = el("span", {id: "train-details-backend", textContent: "–"});
  session.on("ready", (b) => (backend.textContent = `${b.name}${b.skipped.length ? `; passed over: ${b.skipped.join("; ")}` : ""}`));
  const details = el(
    "details",
    {id: "train-details"},
    el("summary", {textContent: "Details: memory and backend"}),
    el("p", {}, "Live tensors in the worker (tf.memory().numTensors): ", now, " ", range),
    el("p", {className: "tp-note", textContent: "The count grows once at the first evaluation (each attention layer keeps its last map for drawing) and must then stay flat: a count that climbs step after step is a leak."}),
    el("p", {}, "Backend: ", backend)
  );
  return panel(details);
}
