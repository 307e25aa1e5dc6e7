// A Plot chart as one image with a text alternative. Plot names each mark's <g> ("line", "rule",
// "cell") with an aria-label on an element that has no role, which assistive technology ignores and
// axe-core reports; here the chart's svg is the image (role="img", named by the caller's ariaLabel,
// described by ariaDescription where given) and the marks inside it are hidden from the
// accessibility tree.
import * as Plot from "@observablehq/plot";

export type ChartOptions = Plot.PlotOptions & {ariaLabel: string};

export function chart(options: ChartOptions): SVGSVGElement | HTMLElement {
  const plot = Plot.plot(options);
  const svgs = plot instanceof SVGSVGElement ? [plot] : Array.from(plot.querySelectorAll("svg"));
  for (const svg of svgs) {
    if (svg.hasAttribute("aria-label")) svg.setAttribute("role", "img");
    for (const g of svg.querySelectorAll("g[aria-label]")) g.setAttribute("aria-hidden", "true");
  }
  return plot;
}
