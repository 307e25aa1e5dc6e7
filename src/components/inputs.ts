// The course's form controls, in plain DOM (Framework's Inputs library loads from a CDN).
// Each returns a wrapper whose `value` is the control's current value and which sees the control's
// "input" events bubble up, so a page writes `const dK = view(selectInput({...}))`. An `id` goes on
// the native control (the <input> or <select>), for labels and tests.

type Control<T> = HTMLElement & {readonly value: T};

interface Common {
  label: string;
  id?: string;
}

function wrap<T>(label: string, control: HTMLInputElement | HTMLSelectElement, value: () => T, extra: Node[] = []): Control<T> {
  const element = document.createElement("label");
  element.className = "course-input";
  const text = document.createElement("span");
  text.textContent = label;
  element.append(text, control, ...extra);
  Object.defineProperty(element, "value", {get: value});
  return element as unknown as Control<T>;
}

export function textInput({label, id, value = "", placeholder = ""}: Common & {value?: string; placeholder?: string}): Control<string> {
  const input = document.createElement("input");
  Object.assign(input, {type: "text", value, placeholder, spellcheck: false});
  if (id) input.id = id;
  return wrap(label, input, () => input.value);
}

/** A text box for a short list of numbers ("2 4 4 5"); anything that is not a number is skipped. */
export function numberListInput({label, id, value}: Common & {value: readonly number[]}): Control<number[]> {
  const input = document.createElement("input");
  Object.assign(input, {type: "text", value: value.join(" "), spellcheck: false});
  if (id) input.id = id;
  return wrap(label, input, () => parseNumberList(input.value));
}

export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((t) => t !== "")
    .map(Number)
    .filter((v) => Number.isFinite(v));
}

/** format: the text an option shows (its value by default). */
export function selectInput<T extends string | number>({label, id, options, value, format = String}: Common & {options: readonly T[]; value: T; format?: (option: T) => string}): Control<T> {
  const select = document.createElement("select");
  if (id) select.id = id;
  for (const option of options) select.append(new Option(format(option), String(option), option === value, option === value));
  return wrap(label, select, () => options[select.selectedIndex]);
}

export function rangeInput({label, id, min, max, step = 1, value}: Common & {min: number; max: number; step?: number; value: number}): Control<number> {
  const input = document.createElement("input");
  Object.assign(input, {type: "range", min: String(min), max: String(max), step: String(step), value: String(value)});
  if (id) input.id = id;
  const output = document.createElement("output");
  output.textContent = String(value);
  input.addEventListener("input", () => (output.textContent = input.value));
  return wrap(label, input, () => Number(input.value), [output]);
}

/** Radio buttons; here `id` goes on the <fieldset> that holds them. */
export function radioInput<T extends string>({label, id, options, value, disabled = []}: Common & {options: Record<T, string>; value: T; disabled?: T[]}): Control<T> {
  const fieldset = document.createElement("fieldset");
  fieldset.className = "course-input";
  if (id) fieldset.id = id;
  const legend = document.createElement("legend");
  legend.textContent = label;
  fieldset.append(legend);
  const name = `radio-${Math.random().toString(36).slice(2)}`;
  const inputs = (Object.entries(options) as [T, string][]).map(([key, text]) => {
    const option = document.createElement("label");
    const input = document.createElement("input");
    Object.assign(input, {type: "radio", name, value: key, checked: key === value, disabled: disabled.includes(key)});
    // A radio's change does not fire "input" in every browser; announce it the same way.
    input.addEventListener("change", () => fieldset.dispatchEvent(new Event("input", {bubbles: true})));
    option.append(input, ` ${text}`);
    fieldset.append(option);
    return input;
  });
  Object.defineProperty(fieldset, "value", {get: () => (inputs.find((i) => i.checked)?.value ?? value) as T});
  return fieldset as unknown as Control<T>;
}
