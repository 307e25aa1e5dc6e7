// A text box for a sentence, with buttons that put example sentences in it. Its value is the text.
import {el} from "./dom.js";
import {textInput} from "./inputs.js";

export function sentenceInput({label, id, value, examples}: {label: string; id: string; value: string; examples: readonly {label: string; text: string}[]}): HTMLElement & {readonly value: string} {
  const box = textInput({label, id, value});
  const input = box.querySelector("input")!;
  input.style.width = "min(100%, 36rem)";
  const buttons = examples.map(({label: name, text}, i) =>
    el("button", {type: "button", id: `${id}-example-${i + 1}`, title: text, onclick: () => {
      input.value = text;
      input.dispatchEvent(new Event("input", {bubbles: true}));
    }}, name)
  );
  const root = el("div", {className: "sentence-input"}, box, el("div", {className: "sentence-examples"}, "Try: ", ...buttons.flatMap((b, i) => (i ? [" ", b] : [b]))));
  Object.defineProperty(root, "value", {get: () => input.value});
  return root as unknown as HTMLElement & {readonly value: string};
}
