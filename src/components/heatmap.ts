// A labelled heatmap of a matrix (attention probabilities, masks, encodings), drawn with Plot.
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";

export interface HeatmapOptions {
  title: string;
  x: string; // the x axis' label (columns), e.g. "key position s"
  y: string; // the y axis' label (rows), e.g. "query position t"
  xTicks?: readonly string[]; // column labels (tokens), default 0..n-1
  yTicks?: readonly string[];
  width?: number;
  domain?: [number, number]; // colour scale domain, e.g. [0, 1] for probabilities
  scheme?: Plot.ColorScheme;
  legend?: boolean;
}

/**
 * The heatmap's text alternative: its title and size, then where each row peaks (up to 16 rows),
 * or else the smallest and largest value, so a screen reader gets the numbers that matter.
 */
export function heatmapSummary(values: readonly (readonly number[])[], options: Pick<HeatmapOptions, "title" | "x" | "y" | "xTicks" | "yTicks">): string {
  const {title, x, y, xTicks, yTicks} = options;
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const head = `${title}: a ${rows} × ${cols} heatmap, rows ${y}, columns ${x}.`;
  const flat = values.flat();
  if (flat.length === 0) return head;
  if (rows > 16) return `${head} Values from ${Math.min(...flat).toFixed(2)} to ${Math.max(...flat).toFixed(2)}.`;
  const peaks = values.map((row, i) => {
    const j = row.indexOf(Math.max(...row));
    return `${yTicks?.[i] ?? i}: largest at ${xTicks?.[j] ?? j} (${row[j].toFixed(2)})`;
  });
  return `${head} ${peaks.join("; ")}.`;
}

/** About how wide the longest label is at Plot's 10 px tick font (6 px a character). */
function labelWidth(labels: readonly string[] | undefined): number {
  return 6 * Math.max(0, ...(labels ?? []).map((l) => Array.from(l).length));
}

/** The narrowest width at which a heatmap of `cols` columns gives each at least `minCell` px, with room for its row labels. */
export function heatmapWidth(cols: number, yTicks?: readonly string[], minCell = 14): number {
  return Math.max(48, labelWidth(yTicks) + 14) + 8 + cols * minCell;
}

export function heatmap(values: readonly (readonly number[])[], options: HeatmapOptions): SVGSVGElement | HTMLElement {
  const {title, x, y, xTicks, yTicks, width = 360, domain, scheme = "blues", legend = true} = options;
  const cells = values.flatMap((row, i) => row.map((value, j) => ({row: yTicks?.[i] ?? String(i), col: xTicks?.[j] ?? String(j), value})));
  const cols = values[0]?.length ?? 0;
  // Square cells: the plot area's height follows its width and the matrix's aspect. Token labels
  // get the room they need: the left margin fits the longest row label, and column labels turn
  // upright (with a bottom margin to hold them) when they would not fit side by side.
  const margin = {left: Math.max(48, labelWidth(yTicks) + 14), right: 8, top: 8, bottom: 40};
  const plotWidth = Math.max(width - margin.left - margin.right, 40);
  const rotate = cols > 12 || labelWidth(xTicks) > plotWidth / Math.max(cols, 1) - 4;
  if (rotate && xTicks) margin.bottom = Math.max(40, labelWidth(xTicks) + 28);
  return chart({
    title,
    ariaLabel: heatmapSummary(values, options),
    width,
    height: Math.round((plotWidth * values.length) / Math.max(cols, 1)) + margin.top + margin.bottom,
    marginLeft: margin.left,
    marginRight: margin.right,
    marginTop: margin.top,
    marginBottom: margin.bottom,
    padding: 0.05,
    x: {label: x, domain: xTicks ?? values[0]?.map((_, j) => String(j)), tickRotate: rotate ? -90 : 0},
    y: {label: y, domain: yTicks ?? values.map((_, i) => String(i))},
    color: {type: "linear", scheme, domain, legend, label: "value"},
    marks: [Plot.cell(cells, {x: "col", y: "row", fill: "value", tip: true})]
  });
}
