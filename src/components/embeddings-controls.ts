// A labelled slider built from plain DOM (Framework's Inputs would load from a CDN). Its `value`
// is the number chosen, and it fires "input" events, so a page can `view(rangeInput(...))` it.

export interface RangeOptions {
  label: string;
  min: number;
  max: number;
  step?: number;
  value: number;
  id?: string;
}

export function rangeInput(options: RangeOptions): HTMLElement & {value: number} {
  const {label, min, max, step = 1, value, id} = options;
  const form = document.createElement("form") as unknown as HTMLElement & {value: number};
  form.className = "range-input";
  form.style.cssText = "display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem;margin:0.75rem 0;font:14px var(--sans-serif)";
  const text = document.createElement("label");
  const input = document.createElement("input");
  input.type = "range";
  Object.assign(input, {min: String(min), max: String(max), step: String(step), value: String(value)});
  input.style.cssText = "flex:1 1 10rem;max-width:16rem";
  const output = document.createElement("output");
  output.style.cssText = "font-family:var(--monospace);min-width:3ch";
  if (id) input.id = id;
  text.textContent = label;
  if (id) text.htmlFor = id;
  form.append(text, input, output);
  const sync = () => {
    output.textContent = input.value;
    form.value = Number(input.value);
  };
  input.addEventListener("input", sync);
  form.addEventListener("submit", (event) => event.preventDefault());
  sync();
  return form;
}
