// A 0/1 mask drawn as a grid: visible cells (1) in the text colour, hidden cells (0) faint, so it
// reads the same way in light and dark mode (a colour scheme would make the hidden cells the
// brightest ones on a dark page).
import * as Plot from "@observablehq/plot";
import {chart} from "./chart.js";

export interface MaskMapOptions {
  title: string;
  x: string; // the x axis' label (keys)
  y: string; // the y axis' label (queries)
  xTicks?: readonly string[];
  yTicks?: readonly string[];
  width?: number;
}

export function maskMap(mask: readonly (readonly number[])[], options: MaskMapOptions): SVGSVGElement | HTMLElement {
  const {title, x, y, xTicks, yTicks, width = 320} = options;
  const cols = mask[0]?.length ?? 0;
  const xDomain = xTicks ?? mask[0]?.map((_, j) => String(j)) ?? [];
  const yDomain = yTicks ?? mask.map((_, i) => String(i));
  const cells = mask.flatMap((row, i) => row.map((value, j) => ({row: yDomain[i], col: xDomain[j], value})));
  const marginLeft = 60;
  const visible = mask.map((row, i) => `${yDomain[i]}: ${row.filter((v) => v !== 0).length} of ${cols} visible`);
  return chart({
    title,
    // The text alternative: how many keys each query may see.
    ariaLabel: `${title}: a ${mask.length} × ${cols} mask, rows ${y}, columns ${x}; ${visible.join("; ")}.`,
    width,
    height: Math.max(100, ((width - marginLeft - 20) * mask.length) / Math.max(cols, 1) + 60),
    marginLeft,
    padding: 0.08,
    x: {label: x, domain: xDomain, axis: "bottom"},
    y: {label: y, domain: yDomain},
    marks: [
      Plot.cell(cells.filter((d) => d.value === 0), {x: "col", y: "row", fill: "currentColor", fillOpacity: 0.1}),
      Plot.cell(cells.filter((d) => d.value !== 0), {x: "col", y: "row", fill: "currentColor", fillOpacity: 0.85}),
      Plot.text(cells.filter((d) => d.value === 0), {x: "col", y: "row", text: () => "0", fill: "currentColor", fontSize: 12}),
      Plot.text(cells.filter((d) => d.value !== 0), {x: "col", y: "row", text: () => "1", fill: "var(--theme-background)", fontSize: 12})
    ]
  });
}
