// The small controls the training page's panels share. Their look is in src/style.css, under the
// `tp-panel` class every panel's root carries.
import {el} from "../dom.js";

export function button(id: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = el("button", {id, type: "button", textContent: text});
  b.addEventListener("click", onClick);
  return b;
}

export function radios<T extends string>(legend: string, name: string, options: Record<T, string>, value: T, onChange: (v: T) => void): HTMLFieldSetElement {
  const fieldset = el("fieldset", {}, el("legend", {textContent: legend}));
  for (const [key, text] of Object.entries(options) as [T, string][]) {
    const input = el("input", {type: "radio", name, value: key, checked: key === value, id: `${name}-${key}`});
    input.addEventListener("change", () => input.checked && onChange(key));
    fieldset.append(el("label", {}, input, ` ${text}`));
  }
  return fieldset;
}

/** A panel's root: the class that scopes the panels' styles. */
export function panel<E extends HTMLElement>(root: E): E {
  root.classList.add("tp-panel");
  return root;
}

export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
