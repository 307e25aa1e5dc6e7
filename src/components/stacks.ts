// A table of tensors with their shapes, for the stacks and full-model pages.

export interface ShapeTableRow {
  name: string;
  shape: readonly number[];
  note: string;
}

/** A list of named tensors with their shapes and a word on each, scrolling in its own box if wide. */
export function shapeTable(rows: readonly ShapeTableRow[], id?: string): HTMLElement {
  const wrap = document.createElement("div");
  wrap.className = "shape-table scroll-cue";
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
