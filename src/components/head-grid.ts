// A grid of small figures (one heatmap per attention head) that wraps to fewer columns on a phone.

export interface GridLayout {
  columns: number;
  cellWidth: number; // px, the width to draw each figure at
}

/** As many columns (at most `count`) as fit `width` with cells at least `minCell` px wide. */
export function gridLayout(width: number, count: number, minCell = 150, gap = 16): GridLayout {
  const fit = Math.floor((width + gap) / (minCell + gap));
  const columns = Math.max(1, Math.min(count, fit));
  return {columns, cellWidth: Math.floor((width - gap * (columns - 1)) / columns)};
}

export function figureGrid(items: readonly Element[], layout: GridLayout, id?: string, gap = 16): HTMLElement {
  const grid = document.createElement("div");
  if (id) grid.id = id;
  grid.className = "figure-grid";
  grid.style.display = "grid";
  grid.style.gridTemplateColumns = `repeat(${layout.columns}, minmax(0, 1fr))`;
  grid.style.gap = `${gap}px`;
  grid.append(...items);
  return grid;
}
