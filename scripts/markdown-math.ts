// A markdown-it plugin that renders LaTeX with KaTeX when the site builds.
//
// Delimiters are LaTeX's own, \( ... \) inline and \[ ... \] for display, so they never collide
// with Framework's ${...} interpolation. A display formula may span lines:
//
//   \[
//   \mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right) V
//   \]
//
// A formula KaTeX cannot parse throws, which fails `npm run build` with the page and the formula,
// instead of shipping red error text.
import katex from "katex";
import type MarkdownIt from "markdown-it";
import type StateBlock from "markdown-it/lib/rules_block/state_block.mjs";
import type StateInline from "markdown-it/lib/rules_inline/state_inline.mjs";

export function renderMath(tex: string, displayMode: boolean, where = "markdown"): string {
  try {
    return katex.renderToString(tex, {displayMode, throwOnError: true, strict: "error", output: "htmlAndMathml"});
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${where}: cannot render the formula ${JSON.stringify(tex)}: ${message}`);
  }
}

function source(env: unknown): string {
  const path = (env as {path?: unknown} | undefined)?.path;
  return typeof path === "string" ? path : "markdown";
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const open = state.src.slice(state.pos, state.pos + 2);
  if (open !== "\\(" && open !== "\\[") return false;
  const close = open === "\\(" ? "\\)" : "\\]";
  const end = state.src.indexOf(close, state.pos + 2);
  if (end < 0) return false;
  if (!silent) {
    const token = state.push(open === "\\(" ? "math_inline" : "math_display", "math", 0);
    token.content = state.src.slice(state.pos + 2, end);
  }
  state.pos = end + 2;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const start = state.bMarks[startLine] + state.tShift[startLine];
  const first = state.src.slice(start, state.eMarks[startLine]);
  if (!first.startsWith("\\[")) return false;
  let line = startLine;
  let text = first.slice(2);
  let closed = text.trimEnd().endsWith("\\]");
  while (!closed && ++line < endLine) {
    const current = state.src.slice(state.bMarks[line] + state.tShift[line], state.eMarks[line]);
    text += "\n" + current;
    closed = current.trimEnd().endsWith("\\]");
  }
  if (!closed) return false;
  if (silent) return true;
  const token = state.push("math_display", "math", 0);
  token.block = true;
  token.content = text.trimEnd().slice(0, -2);
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

export default function markdownMath(md: MarkdownIt): MarkdownIt {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, {alt: ["paragraph", "reference", "blockquote", "list"]});
  // A Markdown table scrolls inside its own box, with the scroll cue of src/style.css, when it is wider than the page.
  md.renderer.rules.table_open = (tokens, i, options, _env, self) => `<div class="markdown-table scroll-cue">${self.renderToken(tokens, i, options)}`;
  md.renderer.rules.table_close = (tokens, i, options, _env, self) => `${self.renderToken(tokens, i, options)}</div>\n`;
  md.renderer.rules.math_inline = (tokens, i, _options, env) => renderMath(tokens[i].content, false, source(env));
  md.renderer.rules.math_display = (tokens, i, _options, env) => {
    const html = renderMath(tokens[i].content, true, source(env));
    return tokens[i].block ? `<div class="math-display scroll-cue">${html}</div>\n` : html;
  };
  return md;
}
