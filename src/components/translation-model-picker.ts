// Which translation model the Results page shows: a list (the reader's models kept in this browser,
// the course's shipped one) and a file picker for a downloaded .safetensors file, which joins the
// list once read. Its value says the choice; the page opens the model and reports a file that is
// not a translation model.
//
//   const choice = view(translationModelPicker({options, value}));
import {el} from "./dom.js";

export type ModelChoice = {key: string; file: null} | {key: string; file: {name: string; bytes: Uint8Array}};

export type TranslationModelPicker = HTMLElement & {readonly value: ModelChoice};

/** A file's entry in the list. */
const FILE = "file";

export function translationModelPicker({options, value, id = "tr-model"}: {options: readonly {key: string; label: string}[]; value: string; id?: string}): TranslationModelPicker {
  const select = el("select", {id: `${id}-choice`});
  for (const o of options) select.append(new Option(o.label, o.key, o.key === value, o.key === value));
  const input = el("input", {type: "file", id: `${id}-file`, accept: ".safetensors"});
  let file: {name: string; bytes: Uint8Array} | null = null;
  const root = el(
    "div",
    {className: "tr-model-picker"},
    el("label", {className: "course-input"}, el("span", {}, "Model"), select),
    el("label", {className: "course-input"}, el("span", {}, "… or a .safetensors file from your disk"), input)
  ) as unknown as TranslationModelPicker;
  Object.defineProperty(root, "value", {
    get: (): ModelChoice => (select.value === FILE && file ? {key: FILE, file} : {key: select.value, file: null})
  });
  input.addEventListener("change", async () => {
    const f = input.files?.[0];
    if (!f) return;
    file = {name: f.name, bytes: new Uint8Array(await f.arrayBuffer())};
    input.value = ""; // the same file can be chosen again
    select.querySelector(`option[value="${FILE}"]`)?.remove();
    select.append(new Option(`the file ${f.name}`, FILE, true, true));
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  // A change of the list bubbles as "input" by itself.
  return root;
}
