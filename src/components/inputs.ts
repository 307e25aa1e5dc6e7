// Plain DOM inputs for pages (Framework's Inputs library loads from a CDN, so the course has its
// own). Each returns an element whose `value` Framework's view() or Generators.input() can follow.

export function textInput({label, value = "", placeholder = "", id}: {label: string; value?: string; placeholder?: string; id?: string}): HTMLLabelElement & {value: string} {
  const wrap = document.createElement("label") as HTMLLabelElement & {value: string};
  wrap.className = "course-input";
  const input = document.createElement("input");
  input.type = "text";
  input.value = value;
  input.placeholder = placeholder;
  if (id) input.id = id;
  input.spellcheck = false;
  wrap.append(`${label} `, input);
  Object.defineProperty(wrap, "value", {get: () => input.value});
  input.addEventListener("input", () => wrap.dispatchEvent(new Event("input", {bubbles: true})));
  return wrap;
}

export function radioInput<T extends string>({label, options, value, disabled = []}: {label: string; options: Record<T, string>; value: T; disabled?: T[]}): HTMLFieldSetElement & {value: T} {
  const fieldset = document.createElement("fieldset") as HTMLFieldSetElement & {value: T};
  fieldset.className = "course-input";
  const legend = document.createElement("legend");
  legend.textContent = label;
  fieldset.append(legend);
  const name = `radio-${Math.random().toString(36).slice(2)}`;
  let current = value;
  for (const [key, text] of Object.entries(options) as [T, string][]) {
    const option = document.createElement("label");
    const input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = key;
    input.checked = key === value;
    input.disabled = disabled.includes(key);
    input.addEventListener("change", () => {
      current = key;
      fieldset.dispatchEvent(new Event("input", {bubbles: true}));
    });
    option.append(input, ` ${text}`);
    fieldset.append(option);
  }
  Object.defineProperty(fieldset, "value", {get: () => current});
  return fieldset;
}
