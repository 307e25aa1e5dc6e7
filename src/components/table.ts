// Small tensors as tables, with optional row and column labels.
export interface MatrixTableOptions {
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  digits?: number;
  caption?: string;
}

export function matrixTable(values: readonly (readonly (number | string)[])[], options: MatrixTableOptions = {}): HTMLElement {
  const {rowLabels, colLabels, digits = 3, caption} = options;
  const wrap = document.createElement("div");
  wrap.className = "matrix-table scroll-cue";
  const table = document.createElement("table");
  if (caption) table.createCaption().textContent = caption;
  const format = (v: number | string) => (typeof v === "number" ? v.toFixed(digits) : v);
  if (colLabels) {
    const head = table.createTHead().insertRow();
    if (rowLabels) head.append(document.createElement("th"));
    for (const label of colLabels) {
      const th = document.createElement("th");
      th.textContent = label;
      head.append(th);
    }
  }
  const body = table.createTBody();
  values.forEach((row, i) => {
    const tr = body.insertRow();
    if (rowLabels) {
      const th = document.createElement("th");
      th.scope = "row";
      th.textContent = rowLabels[i];
      tr.append(th);
    }
    for (const v of row) {
      const cell = tr.insertCell();
      cell.textContent = format(v);
      // Numbers align right, words left; a shape such as [2, 4, 512] stays on one line.
      if (typeof v === "string") cell.className = /^\[[\d, ]*\]$/.test(v) ? "shape" : "text";
    }
  });
  wrap.append(table);
  return wrap;
}

/** A shape as the course writes it: [2, 4, 7, 8]. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
