// A table of short texts (names, shapes, descriptions) that stays readable on a phone: columns
// marked `nowrap` never break inside a cell (a shape like [1, 5, 32] stays on one line), the
// others wrap but keep a readable width, an optional note runs under each row, everything is left-aligned, and a table too wide for
// the screen scrolls inside its own box.
export interface TextTableOptions {
  nowrap?: readonly number[]; // column indices that must not wrap
  code?: readonly number[]; // column indices shown as code (tensor names)
  mono?: readonly number[]; // column indices in the monospace font (shapes, ids)
  notes?: readonly (string | undefined)[]; // a line of small text under each row, across the table
  caption?: string;
}

export function textTable(header: readonly string[], rows: readonly (readonly string[])[], options: TextTableOptions = {}): HTMLElement {
  const {nowrap = [], code = [], mono = [], notes = [], caption} = options;
  const wrap = document.createElement("div");
  wrap.className = "matrix-table scroll-cue";
  const table = document.createElement("table");
  if (caption) table.createCaption().textContent = caption;
  const style = (cell: HTMLElement, j: number) => {
    cell.style.textAlign = "left";
    cell.style.verticalAlign = "top";
    if (nowrap.includes(j)) cell.style.whiteSpace = "nowrap";
    else cell.style.minWidth = "10em";
  };
  const head = table.createTHead().insertRow();
  header.forEach((label, j) => {
    const th = document.createElement("th");
    th.textContent = label;
    style(th, j);
    head.append(th);
  });
  const body = table.createTBody();
  rows.forEach((row, i) => {
    const tr = body.insertRow();
    row.forEach((text, j) => {
      const cell = document.createElement(j === 0 ? "th" : "td");
      if (j === 0) (cell as HTMLTableCellElement).scope = "row";
      if (code.includes(j)) {
        const c = document.createElement("code");
        c.textContent = text;
        cell.append(c);
      } else {
        cell.textContent = text;
      }
      style(cell, j);
      if (!code.includes(j)) cell.style.fontFamily = mono.includes(j) ? "var(--monospace)" : "var(--sans-serif)";
      tr.append(cell);
    });
    if (notes[i]) tr.style.borderBottom = "none"; // the note belongs to this row
    if (notes[i]) {
      const note = body.insertRow().insertCell();
      note.colSpan = header.length;
      note.textContent = notes[i]!;
      note.style.cssText = "padding-top: 0; font: 13px var(--sans-serif); color: var(--theme-foreground-muted); text-align: left;";
    }
  });
  wrap.append(table);
  return wrap;
}
