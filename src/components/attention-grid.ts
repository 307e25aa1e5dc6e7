// Heatmaps of every layer and head of one kind of attention, one row of heads per layer.
import {heatmap} from "./heatmap.js";

export interface AttentionGridOptions {
  title: string;
  x: string; // axis labels
  y: string;
  id?: string;
  width?: number; // of one heatmap
}

export function attentionGrid(maps: number[][][][], {title, x, y, id, width = 200}: AttentionGridOptions): HTMLElement {
  const section = document.createElement("section");
  if (id) section.id = id;
  const heading = document.createElement("h3");
  heading.textContent = title;
  section.append(heading);
  maps.forEach((heads, layer) => {
    const grid = document.createElement("div");
    grid.className = "grid grid-cols-4";
    heads.forEach((matrix, head) => {
      const card = document.createElement("div");
      card.append(heatmap(matrix, {title: `layer ${layer + 1}, head ${head + 1}`, x, y, width, domain: [0, 1], legend: false}));
      grid.append(card);
    });
    section.append(grid);
  });
  return section;
}
