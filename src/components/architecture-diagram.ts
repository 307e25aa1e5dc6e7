// The Transformer of figure 1 of the paper, drawn as an SVG whose every box carries its tensor
// shapes in the course's letters ([B, S, C], [B, T, V], ...). architectureLayout() is the drawing
// as plain data (tested in Node); architectureDiagram() turns it into DOM.

export type BoxKind = "io" | "embed" | "attention" | "norm" | "ffn" | "output";

export interface Box {
  id: string;
  x: number;
  y: number; // top
  w: number;
  h: number;
  lines: string[]; // the first is the box's name, the others its shapes
  kind: BoxKind;
}

export interface Frame {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

export interface Arrow {
  points: [number, number][]; // a polyline; the arrowhead is at the last point
}

export interface Label {
  x: number;
  y: number;
  text: string;
  anchor: "start" | "middle" | "end";
}

export interface Layout {
  width: number;
  height: number;
  boxes: Box[];
  frames: Frame[];
  arrows: Arrow[];
  labels: Label[];
}

const WIDTH = 400;
const LINE = 14; // height of one text line in a box
const PAD = 6; // a box's vertical padding
const GAP = 16; // vertical space between boxes (an arrow)
const FRAME_PAD = 8;
const FRAME_HEAD = 18; // room for the frame's "N ×" label
const COL_W = 186; // a stack's frame width
const BOX_W = 160;

const boxHeight = (lines: number) => lines * LINE + 2 * PAD;

/** One column of boxes, stacked from the bottom up (data flows upwards, as in the paper's figure). */
function column(side: "S" | "T", frameX: number, residualSide: "left" | "right") {
  const boxX = residualSide === "left" ? frameX + COL_W - FRAME_PAD - BOX_W : frameX + FRAME_PAD;
  const residualX = residualSide === "left" ? frameX + FRAME_PAD : frameX + COL_W - FRAME_PAD;
  return {side, frameX, boxX, residualX, centerX: boxX + BOX_W / 2};
}

export function architectureLayout(): Layout {
  const boxes: Box[] = [];
  const frames: Frame[] = [];
  const arrows: Arrow[] = [];
  const labels: Label[] = [];
  const enc = column("S", 6, "left");
  const dec = column("T", WIDTH - 6 - COL_W, "right");

  // y grows downwards in SVG: build bottom-up from a provisional floor, then shift to the top.
  const bottom = 760; // provisional floor; everything is shifted up at the end
  const place = (col: typeof enc, id: string, floor: number, lines: string[], kind: BoxKind): Box => {
    const h = boxHeight(lines.length);
    const box = {id, x: col.boxX, y: floor - h, w: BOX_W, h, lines, kind};
    boxes.push(box);
    return box;
  };
  const up = (from: Box, to: Box, x = from.x + from.w / 2) => arrows.push({points: [[x, from.y], [x, to.y + to.h]]});
  const residual = (col: typeof enc, below: Box, sub: Box, norm: Box) => {
    const y0 = (below.y + sub.y + sub.h) / 2; // halfway along the arrow into the sublayer
    const edge = col.residualX < norm.x ? norm.x : norm.x + norm.w;
    arrows.push({points: [[col.centerX, y0], [col.residualX, y0], [col.residualX, norm.y + norm.h / 2], [edge, norm.y + norm.h / 2]]});
  };

  const stack = (col: typeof enc) => {
    const L = col.side;
    const input = place(col, `${L}-input`, bottom, [L === "S" ? "source ids src_BS" : "target ids tgt_BT", `[B, ${L}]`], "io");
    const embed = place(col, `${L}-embed`, input.y - GAP, ["Embedding × √C", `[B, ${L}] → [B, ${L}, C]`], "embed");
    const pos = place(col, `${L}-position`, embed.y - GAP, ["+ positional encoding", `[B, ${L}, C]`], "embed");
    up(input, embed);
    up(embed, pos);
    const frameBottom = pos.y - GAP;
    let floor = frameBottom - FRAME_PAD;
    let prev = pos;
    const add = (id: string, lines: string[], kind: BoxKind) => {
      const box = place(col, `${L}-${id}`, floor, lines, kind);
      up(prev, box);
      floor = box.y - GAP;
      prev = box;
      return box;
    };
    // A sublayer, then "add & norm" with the residual path around the sublayer.
    const sublayer = (id: string, lines: string[], kind: BoxKind) => {
      const beforeSub = prev;
      const sub = add(id, lines, kind);
      const norm = add(`${id}-norm`, ["Add & norm", `[B, ${L}, C]`], "norm");
      residual(col, beforeSub, sub, norm);
      return sub;
    };
    let sourceAttention: Box | undefined;
    if (L === "S") {
      sublayer("self", ["Multi-head self-attention", "scores [B, H, S, S]", "out [B, S, C]"], "attention");
    } else {
      sublayer("self", ["Masked self-attention", "scores [B, H, T, T]", "out [B, T, C]"], "attention");
      sourceAttention = sublayer("source", ["Source attention", "scores [B, H, T, S]", "out [B, T, C]"], "attention");
    }
    sublayer("ffn", ["Feed-forward", `[B, ${L}, C] → [B, ${L}, F]`, `→ [B, ${L}, C]`], "ffn");
    const last = prev;
    const frameTop = last.y - FRAME_PAD - FRAME_HEAD;
    const frame = {
      id: `${L}-stack`,
      x: col.frameX,
      y: frameTop,
      w: COL_W,
      h: frameBottom - frameTop,
      label: L === "S" ? "Encoder block, N ×" : "Decoder block, N ×"
    };
    frames.push(frame);
    return {top: last, frame, sourceAttention};
  };

  const e = stack(enc);
  const d = stack(dec);

  // The generator on top of the decoder.
  const linear = place(dec, "linear", d.frame.y - GAP, ["Linear C → V", "[B, T, C] → [B, T, V]"], "output");
  const softmax = place(dec, "softmax", linear.y - GAP, ["Softmax (log)", "[B, T, V]"], "output");
  // Arrows leave a stack near its right edge, clear of the frame's label on the left.
  const exitX = (box: Box) => box.x + box.w - 20;
  arrows.push({points: [[exitX(d.top), d.top.y], [exitX(d.top), linear.y + linear.h]]});
  up(linear, softmax);
  const probsY = softmax.y - GAP;
  arrows.push({points: [[dec.centerX, softmax.y], [dec.centerX, probsY]]});
  labels.push({x: dec.centerX, y: probsY - 4, text: "next-token probabilities", anchor: "middle"});

  // memory [B, S, C] from the encoder's top to the decoder's source attention (its K and V).
  const src = d.sourceAttention!;
  const outY = e.frame.y - GAP;
  const midX = (enc.frameX + COL_W + dec.frameX) / 2;
  arrows.push({
    points: [
      [exitX(e.top), e.top.y],
      [exitX(e.top), outY],
      [midX, outY],
      [midX, src.y + src.h / 2],
      [src.x, src.y + src.h / 2]
    ]
  });
  labels.push({x: enc.centerX, y: outY - 6, text: "memory_BSC [B, S, C]", anchor: "middle"});

  // Shift everything so the topmost item sits at the top margin.
  const top = Math.min(probsY - 18, ...boxes.map((b) => b.y), ...frames.map((f) => f.y), ...labels.map((l) => l.y - 14));
  const dy = 6 - top;
  for (const b of boxes) b.y += dy;
  for (const f of frames) f.y += dy;
  for (const l of labels) l.y += dy;
  for (const a of arrows) a.points = a.points.map(([x, y]) => [x, y + dy]);
  return {width: WIDTH, height: bottom + dy + 6, boxes, frames, arrows, labels};
}

const SVG = "http://www.w3.org/2000/svg";

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}, style: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const [k, v] of Object.entries(style)) node.style.setProperty(k, v);
  return node;
}

// Theme-aware fills: Framework's theme variables switch with light and dark mode.
const FILLS: Record<BoxKind, {fill: string; opacity: string}> = {
  io: {fill: "var(--theme-background)", opacity: "1"},
  embed: {fill: "var(--theme-background-alt)", opacity: "1"},
  attention: {fill: "var(--theme-foreground-focus)", opacity: "0.16"},
  norm: {fill: "var(--theme-background-alt)", opacity: "1"},
  ffn: {fill: "currentColor", opacity: "0.1"},
  output: {fill: "var(--theme-foreground-focus)", opacity: "0.08"}
};

/** The architecture as an SVG that scales to its container (viewBox, width 100%). */
export function architectureDiagram(layout: Layout = architectureLayout()): SVGSVGElement {
  const {width, height} = layout;
  const svg = el("svg", {viewBox: `0 0 ${width} ${height}`, width: "100%", role: "img", "aria-describedby": "architecture-desc"}, {
    "max-width": "560px",
    height: "auto",
    display: "block",
    color: "var(--theme-foreground)",
    "font-family": "var(--sans-serif)"
  });
  svg.setAttribute("aria-label", "The Transformer: an encoder stack and a decoder stack with their tensor shapes");
  const title = el("title", {id: "architecture-title"});
  title.textContent = "The Transformer's architecture, with tensor shapes";
  const desc = el("desc", {id: "architecture-desc"});
  desc.textContent =
    "Source ids [B, S] are embedded to [B, S, C] and pass N encoder blocks (self-attention, add & norm, feed-forward, add & norm) to the memory [B, S, C]. " +
    "Target ids [B, T] are embedded to [B, T, C] and pass N decoder blocks (masked self-attention, source attention over the memory, feed-forward, each followed by add & norm). " +
    "A linear layer and a softmax turn [B, T, C] into probabilities over the vocabulary, [B, T, V].";
  svg.append(title, desc);

  const defs = el("defs");
  const marker = el("marker", {id: "architecture-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse"});
  marker.append(el("path", {d: "M 0 0 L 10 5 L 0 10 z"}, {fill: "currentColor"}));
  defs.append(marker);
  svg.append(defs);

  for (const f of layout.frames) {
    svg.append(el("rect", {x: f.x, y: f.y, width: f.w, height: f.h, rx: 8}, {fill: "none", stroke: "currentColor", "stroke-opacity": "0.45", "stroke-dasharray": "4 3"}));
    const t = el("text", {x: f.x + 8, y: f.y + 13}, {fill: "currentColor", "font-size": "11px", "font-weight": "600"});
    t.textContent = f.label;
    svg.append(t);
  }
  for (const a of layout.arrows) {
    svg.append(
      el("polyline", {points: a.points.map((p) => p.join(",")).join(" "), "marker-end": "url(#architecture-arrow)"}, {fill: "none", stroke: "currentColor", "stroke-width": "1.2"})
    );
  }
  for (const b of layout.boxes) {
    const g = el("g", {"data-box": b.id});
    const {fill, opacity} = FILLS[b.kind];
    // An opaque backing keeps arrows from showing through the translucent fills.
    g.append(el("rect", {x: b.x, y: b.y, width: b.w, height: b.h, rx: 5}, {fill: "var(--theme-background)"}));
    g.append(el("rect", {x: b.x, y: b.y, width: b.w, height: b.h, rx: 5}, {fill, "fill-opacity": opacity, stroke: "currentColor", "stroke-width": "1"}));
    b.lines.forEach((line, i) => {
      const t = el("text", {x: b.x + b.w / 2, y: b.y + PAD + LINE * i + 11, "text-anchor": "middle"}, {
        fill: "currentColor",
        "font-size": i === 0 ? "12px" : "11px",
        "font-weight": i === 0 ? "600" : "400",
        "font-family": i === 0 ? "var(--sans-serif)" : "var(--monospace)"
      });
      t.textContent = line;
      g.append(t);
    });
    svg.append(g);
  }
  for (const l of layout.labels) {
    const t = el("text", {x: l.x, y: l.y, "text-anchor": l.anchor}, {fill: "currentColor", "font-size": "11px", "font-family": "var(--monospace)"});
    t.textContent = l.text;
    svg.append(t);
  }
  return svg;
}
