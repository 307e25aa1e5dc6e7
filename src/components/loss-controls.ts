// A plain DOM drop-down for the loss-and-schedule page (Framework's Inputs would load from a CDN).
// Use it as `const warmup = view(selectInput({label: "warmup", options: [1000, 4000], value: 4000}))`:
// the wrapper exposes the chosen option as `value` and passes on the <select>'s `input` events.
export interface SelectInputOptions<T extends number | string> {
  label: string;
  options: readonly T[];
  value: T;
  id?: string;
}

export function selectInput<T extends number | string>({label, options, value, id}: SelectInputOptions<T>): HTMLElement & {value: T} {
  const wrap = document.createElement("div") as unknown as HTMLElement & {value: T};
  wrap.className = "select-control";
  if (id) wrap.id = id;
  const name = document.createElement("label");
  const select = document.createElement("select");
  options.forEach((option) => {
    const item = document.createElement("option");
    item.value = String(option);
    item.textContent = String(option);
    item.selected = option === value;
    select.append(item);
  });
  name.append(label, " ", select);
  wrap.append(name);
  Object.defineProperty(wrap, "value", {get: () => options[select.selectedIndex]});
  return wrap;
}
