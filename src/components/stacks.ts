// Small pieces for the stacks and full-model pages: a text box for a short list of numbers
// ("2 4 4 4 5 5 7 9") whose `value` is the parsed list, and a table of tensors with their shapes.

export interface NumberListOptions {
  label: string;
  value: readonly number[];
}

/** Numbers separated by spaces or commas; anything that is not a finite number is skipped. */
export function parseNumberList(text: string): number[] {
  return text
    .split(/[\s,]+/)
    .filter((t) => t !== "")
    .map(Number)
    .filter((v) => Number.isFinite(v));
}

export function numberListInput({label, value}: NumberListOptions): HTMLElement & {value: number[]} {
  const wrap = document.createElement("label") as HTMLLabelElement & {value: number[]};
  wrap.className = "number-list-input";
  wrap.style.display = "flex";
  wrap.style.flexWrap = "wrap";
  wrap.style.gap = "0.5rem";
  wrap.style.alignItems = "center";
  wrap.style.maxWidth = "100%";
  const text = document.createElement("span");
  text.textContent = label;
  const input = document.createElement("input");
  input.type = "text";
  input.value = value.join(" ");
  input.style.fontFamily = "var(--monospace)";
  input.style.width = "16rem";
  input.style.maxWidth = "100%";
  wrap.append(text, input);
  // The input's own "input" events bubble up to the label, where view() listens.
  Object.defineProperty(wrap, "value", {get: () => parseNumberList(input.value)});
  return wrap;
}

export interface ShapeTableRow {
  name: string;
  shape: readonly number[];
  note: string;
}

/** A list of named tensors with their shapes and a word on each, scrolling in its own box if wide. */
export function shapeTable(rows: readonly ShapeTableRow[], id?: string): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "shape-table";
  wrap.style.overflowX = "auto";
  wrap.style.maxWidth = "100%";
  if (id) wrap.id = id;
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const label of ["tensor", "shape", "what it is"]) {
    const th = document.createElement("th");
    th.textContent = label;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    const name = document.createElement("code");
    name.textContent = row.name;
    tr.insertCell().append(name);
    const shape = tr.insertCell();
    shape.className = "shape";
    shape.textContent = `[${row.shape.join(", ")}]`;
    shape.style.fontFamily = "var(--monospace)";
    shape.style.whiteSpace = "nowrap";
    tr.insertCell().textContent = row.note;
  }
  wrap.append(table);
  return wrap;
}
