// Heatmaps of every layer and head of one kind of attention: a titled section with one grid of
// heads per layer, wrapping to fewer columns on a phone.
import {figureGrid, gridLayout} from "./head-grid.js";
import {heatmap} from "./heatmap.js";

export interface AttentionGridOptions {
  title: string;
  x: string; // axis labels
  y: string;
  id?: string;
  width: number; // of the whole grid (a page's `width`)
}

export function attentionGrid(maps: number[][][][], {title, x, y, id, width}: AttentionGridOptions): HTMLElement {
  const section = document.createElement("section");
  if (id) section.id = id;
  const heading = document.createElement("h3");
  heading.textContent = title;
  section.append(heading);
  maps.forEach((heads, layer) => {
    const layout = gridLayout(width, heads.length, 140);
    const figures = heads.map((matrix, head) =>
      heatmap(matrix, {title: `layer ${layer + 1}, head ${head + 1}`, x, y, width: layout.cellWidth, domain: [0, 1], legend: false})
    );
    section.append(figureGrid(figures, layout));
  });
  return section;
}
