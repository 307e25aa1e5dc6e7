// A labelled range slider in plain DOM (Framework's Inputs would load from a CDN); use it with
// view(): `const position = view(rangeInput({label: "changed position", min: 1, max: 5, value: 4}))`.

export interface RangeOptions {
  label: string;
  min: number;
  max: number;
  value: number;
  step?: number;
}

export function rangeInput({label, min, max, value, step = 1}: RangeOptions): HTMLLabelElement & {value: number} {
  const wrap = document.createElement("label") as HTMLLabelElement & {value: number};
  wrap.style.display = "flex";
  wrap.style.flexWrap = "wrap";
  wrap.style.alignItems = "center";
  wrap.style.gap = "0.5rem";
  wrap.style.maxWidth = "100%";
  const text = document.createElement("span");
  text.textContent = label;
  const input = document.createElement("input");
  Object.assign(input, {type: "range", min: String(min), max: String(max), step: String(step), value: String(value)});
  input.style.flex = "1 1 120px";
  input.style.maxWidth = "240px";
  const output = document.createElement("output");
  output.textContent = String(value);
  wrap.value = value;
  // The input's event bubbles up to the label, where view() reads the value set here first.
  input.addEventListener("input", () => {
    wrap.value = Number(input.value);
    output.textContent = input.value;
  });
  wrap.append(text, input, output);
  return wrap;
}
