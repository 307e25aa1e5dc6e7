import assert from "node:assert/strict";
import {test} from "node:test";
import MarkdownIt from "markdown-it";
import markdownMath from "../../scripts/markdown-math.js";

const md = markdownMath(new MarkdownIt({html: true}));

test("inline \\( \\) renders with KaTeX", () => {
  const html = md.render("each query \\(q_i\\) meets a key");
  assert.match(html, /<p>each query <span class="katex">/);
  assert.match(html, /<\/span> meets a key<\/p>/);
  assert.doesNotMatch(html, /\\\(/);
});

test("a display block \\[ \\] over several lines renders in display mode", () => {
  const html = md.render("Before.\n\n\\[\n\\frac{QK^\\top}{\\sqrt{d_k}}\n\\]\n\nAfter.");
  assert.match(html, /<div class="math-display scroll-cue"><span class="katex-display">/);
  assert.match(html, /<p>Before.<\/p>/);
  assert.match(html, /<p>After.<\/p>/);
});

test("Framework's ${...} interpolation is left alone", () => {
  const html = md.render("the value is ${x} dollars");
  assert.match(html, /\$\{x\}/);
  assert.doesNotMatch(html, /katex/);
});

test("a malformed formula fails loudly, naming the formula", () => {
  assert.throws(() => md.render("bad: \\(\\frac{1}{\\)"), /cannot render the formula "\\\\frac\{1\}\{"/);
  assert.throws(() => md.render("\\[\n\\notacommand{x}\n\\]"), /cannot render the formula/);
});

test("a Markdown table is wrapped in a box that scrolls with a cue", () => {
  const md = markdownMath(new MarkdownIt());
  const html = md.render("| a | b |\n| --- | --- |\n| 1 | 2 |\n");
  assert.match(html, /^<div class="markdown-table scroll-cue"><table>[\s\S]*<\/table>\n<\/div>/);
});
