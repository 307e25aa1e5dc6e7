// How the translator decodes: greedy, or beam search with its beam size and length penalty α
// (shown only for beam search). Its value is {beam, alpha}; beam 1 is greedy.
import {radioInput, rangeInput} from "./inputs.js";
import {el} from "./dom.js";

export type DecodingInput = HTMLElement & {readonly value: {beam: number; alpha: number}};

export function decodingInput({beam = 4, alpha = 0.6, id = "tr-decoding"} = {}): DecodingInput {
  const mode = radioInput<"greedy" | "beam">({label: "Decoding", id: `${id}-mode`, options: {greedy: "greedy (the most likely subword at each step)", beam: "beam search"}, value: "greedy"});
  const size = rangeInput({label: "Beam size", id: `${id}-beam`, min: 2, max: 8, value: beam});
  const penalty = rangeInput({label: "Length penalty α", id: `${id}-alpha`, min: 0, max: 2, step: 0.1, value: alpha});
  const beamControls = el("div", {className: "tr-beam-controls"}, size, penalty);
  const show = () => (beamControls.hidden = mode.value !== "beam");
  mode.addEventListener("input", show);
  show();
  const root = el("div", {className: "tr-decoding"}, mode, beamControls) as unknown as DecodingInput;
  Object.defineProperty(root, "value", {get: () => ({beam: mode.value === "beam" ? size.value : 1, alpha: penalty.value})});
  return root;
}
