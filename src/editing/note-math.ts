// Maths in a reader's notes, with the delimiters of the course's own pages: \( ... \) inline and
// \[ ... \] displayed. A marked extension puts a placeholder where each formula goes (so marked
// never reads its backslashes as escapes, and code spans keep theirs); after the note's HTML is
// sanitised, each placeholder becomes KaTeX's HTML and MathML of the formula, itself sanitised with
// a configuration that keeps what KaTeX writes: spans with inline sizes (KaTeX positions glyphs
// with style attributes), SVG for roots, MathML for screen readers, and no links or images. KaTeX runs with `trust: false`, so \href, \url and \htmlStyle are refused,
// and a formula it cannot parse is shown as its own text in red rather than failing the note.
import katex from "katex";
import type {MarkedExtension, Tokens} from "marked";

/** The part of DOMPurify this module uses (as in markdown.ts). */
interface Purifier {
  sanitize(dirty: string, config: Record<string, unknown>): unknown;
}

// KaTeX's HTML (spans with inline sizes, SVG for roots and long arrows) and its MathML for screen readers.
const MATH_CONFIG = {USE_PROFILES: {html: true, svg: true, mathMl: true}, FORBID_TAGS: ["a", "img", "form", "input", "button", "iframe", "object", "embed", "foreignObject", "use", "image"], FORBID_ATTR: ["href", "xlink:href", "src"], ADD_TAGS: ["semantics", "annotation"], ADD_ATTR: ["encoding"]};

/** The formulas of one note, in order, and the marked extension that collects them. */
export function noteMath(): {formulas: {tex: string; display: boolean}[]; extension: MarkedExtension} {
  const formulas: {tex: string; display: boolean}[] = [];
  const extension: MarkedExtension = {
    extensions: [
      {
        name: "noteMath",
        level: "inline",
        start: (src: string) => {
          const at = src.search(/\\[([]/);
          return at < 0 ? undefined : at;
        },
        tokenizer(src: string) {
          const m = /^\\\(([\s\S]+?)\\\)|^\\\[([\s\S]+?)\\\]/.exec(src);
          if (!m) return undefined;
          return {type: "noteMath", raw: m[0], tex: m[1] ?? m[2], display: m[2] !== undefined};
        },
        renderer(token: Tokens.Generic) {
          formulas.push({tex: token.tex as string, display: token.display as boolean});
          return `<span data-note-math="${formulas.length - 1}"></span>`;
        }
      }
    ]
  };
  return {formulas, extension};
}

/** `html` (already sanitised) with each placeholder replaced by the sanitised KaTeX HTML of its formula. */
export function fillMath(html: string, formulas: readonly {tex: string; display: boolean}[], purifier: Purifier): string {
  return html.replace(/<span data-note-math="(\d+)"><\/span>/g, (_, i: string) => {
    const formula = formulas[Number(i)];
    if (!formula) return ""; // a placeholder the note's own HTML wrote
    const {tex, display} = formula;
    const rendered = katex.renderToString(tex, {displayMode: display, output: "htmlAndMathml", throwOnError: false, trust: false, strict: "ignore"});
    return String(purifier.sanitize(rendered, MATH_CONFIG));
  });
}
