// A labelled <select> of numbers, built from plain DOM (Framework's Inputs loads from a CDN).
// Its wrapper has a numeric `value` and bubbles the select's "input" events, so a page can write
// `const dK = view(numberSelect([4, 16, 64], {label: "d_k", value: 64}))`.

export interface NumberSelectOptions {
  label: string;
  value?: number;
  id?: string; // the <select>'s id, for tests and for the label
}

export type NumberSelect = HTMLLabelElement & {readonly value: number};

export function numberSelect(values: readonly number[], options: NumberSelectOptions): NumberSelect {
  const {label, value = values[0], id} = options;
  const wrap = document.createElement("label");
  wrap.className = "number-select";
  wrap.style.display = "inline-flex";
  wrap.style.gap = "0.5rem";
  wrap.style.alignItems = "center";
  wrap.style.font = "14px var(--sans-serif)";
  wrap.append(label);
  const select = document.createElement("select");
  if (id) select.id = id;
  for (const v of values) select.append(new Option(String(v), String(v), v === value, v === value));
  wrap.append(select);
  Object.defineProperty(wrap, "value", {get: () => Number(select.value)});
  return wrap as NumberSelect;
}
