// A plain DOM text box for the batches page (Framework's Inputs would load from a CDN).
// Use it as `const sentence = view(textInput({label: "Sentence", value: "..."}))`: the wrapper
// exposes the box's text as `value` and passes on the box's `input` events.
export interface TextInputOptions {
  label: string;
  value?: string;
  placeholder?: string;
  id?: string;
}

export function textInput({label, value = "", placeholder = "", id}: TextInputOptions): HTMLElement & {value: string} {
  const wrap = document.createElement("div") as unknown as HTMLElement & {value: string};
  wrap.className = "text-control";
  if (id) wrap.id = id;
  const name = document.createElement("label");
  const box = document.createElement("input");
  box.type = "text";
  box.value = value;
  box.placeholder = placeholder;
  box.spellcheck = false;
  box.style.width = "min(100%, 28rem)";
  box.style.font = "inherit";
  name.append(label, " ", box);
  name.style.display = "block";
  wrap.append(name);
  Object.defineProperty(wrap, "value", {get: () => box.value});
  return wrap;
}
