// Heatmaps of every layer and head of one kind of attention: a titled section with one grid of
// heads per layer, wrapping to fewer columns on a phone. With tokens as labels, a map is never
// drawn narrower than its tokens need: on a phone, a long sentence's maps scroll sideways in their
// own box (with the course's scroll cue) instead of squeezing the labels together.
import {figureGrid, gridLayout} from "./head-grid.js";
import {heatmap, heatmapWidth} from "./heatmap.js";

export interface AttentionGridOptions {
  title: string;
  x: string; // axis labels
  y: string;
  id?: string;
  width: number; // of the whole grid (a page's `width`)
  xTicks?: readonly string[]; // token labels of the keys and the queries (positions by default)
  yTicks?: readonly string[];
}

/** The narrowest a map may be drawn: 140 px, or what its token labels need. */
function minCell({xTicks, yTicks}: AttentionGridOptions): number {
  return xTicks ? Math.max(140, heatmapWidth(xTicks.length, yTicks)) : 140;
}

/** The titled section, empty: layer grids go in after the heading. */
function section({title, id}: Pick<AttentionGridOptions, "title" | "id">): HTMLElement {
  const root = document.createElement("section");
  if (id) root.id = id;
  const heading = document.createElement("h3");
  heading.textContent = title;
  root.append(heading);
  return root;
}

/** One heatmap of layer `layer`, head `head`, at the width its layer's grid gives it (at least minCell). */
function headMap(matrix: number[][], layer: number, head: number, heads: number, options: AttentionGridOptions): Element {
  const {x, y, width, xTicks, yTicks} = options;
  const cellWidth = Math.max(gridLayout(width, heads, minCell(options)).cellWidth, minCell(options));
  return heatmap(matrix, {title: `layer ${layer + 1}, head ${head + 1}`, x, y, xTicks, yTicks, width: cellWidth, domain: [0, 1], legend: false});
}

/** A layer's heatmaps as a grid, marked with the layer's index (so that a redraw can replace it). */
function layerGrid(figures: Element[], layer: number, width: number, cell = 140): HTMLElement {
  const grid = figureGrid(figures, gridLayout(width, figures.length, cell));
  grid.dataset.layer = String(layer);
  return grid;
}

export function attentionGrid(maps: number[][][][], options: AttentionGridOptions): HTMLElement {
  const root = section(options);
  const cell = minCell(options);
  maps.forEach((heads, layer) => {
    const grid = layerGrid(heads.map((matrix, head) => headMap(matrix, layer, head, heads.length, options)), layer, options.width, cell);
    if (cell <= options.width) return root.append(grid);
    // Wider than the column: the grid scrolls in its own labelled box.
    grid.style.width = `${cell}px`;
    const box = document.createElement("div");
    box.className = "scroll-cue";
    box.dataset.scrollName = `${options.title}, layer ${layer + 1} (scrolls sideways)`; // scripts/page-head.js makes it a focusable region
    box.append(grid);
    root.append(box);
  });
  return root;
}

/**
 * The same sections drawn into `container` while a page is busy (the training page, every couple
 * of seconds): one heatmap per task, each put in its place as soon as it is drawn, so that neither
 * drawing nor the browser's styling and layout of the new maps holds the page for long. (copy-paper
 * has 144 maps; a layer's 8 swapped in at once held the main thread for over 100 ms under load.)
 * Sections are found again by id; one whose layer count changed starts over empty, and a layer
 * whose head count changed gets a new grid. Stops (returning false) as soon as `current()` says a
 * newer redraw has begun.
 */
export async function drawAttentionGrids(container: HTMLElement, grids: {maps: number[][][][]; options: AttentionGridOptions}[], current: () => boolean): Promise<boolean> {
  const nextTask = () => new Promise((resolve) => setTimeout(resolve));
  for (const {maps, options} of grids) {
    let root = options.id ? container.querySelector<HTMLElement>(`#${options.id}`) : null;
    if (!root || root.querySelectorAll(":scope > [data-layer]").length !== maps.length) {
      const empty = section(options);
      if (root) root.replaceWith(empty);
      else container.append(empty);
      root = empty;
    }
    for (const [layer, heads] of maps.entries()) {
      let grid = root.querySelector<HTMLElement>(`:scope > [data-layer="${layer}"]`);
      const columns = gridLayout(options.width, heads.length, 140).columns;
      if (!grid || grid.children.length !== heads.length || grid.dataset.columns !== String(columns)) {
        const fresh = layerGrid([], layer, options.width);
        fresh.dataset.columns = String(columns);
        // Off screen (the maps are far down the training page), the browser neither lays out nor
        // paints a grid, so that redrawing it while training costs only the drawing itself.
        fresh.style.contentVisibility = "auto";
        fresh.style.containIntrinsicSize = "auto 320px";
        if (grid) grid.replaceWith(fresh);
        else root.append(fresh);
        grid = fresh;
      }
      for (const [head, matrix] of heads.entries()) {
        const figure = headMap(matrix, layer, head, heads.length, options);
        const old = grid.children[head];
        if (old) old.replaceWith(figure);
        else grid.append(figure);
        await nextTask();
        if (!current()) return false;
      }
    }
  }
  return true;
}
