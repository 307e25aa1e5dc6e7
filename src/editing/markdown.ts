// A reader's Markdown note as safe HTML: marked renders it, DOMPurify removes everything that could
// run script (<script>, <iframe>, on* attributes, javascript: and other non-http URLs, forms, styles).
import DOMPurify from "dompurify";
import {Marked} from "marked";
import {fillMath, noteMath} from "./note-math.js";

/** The part of DOMPurify this module uses (a DOMPurify made over jsdom's window in the unit tests). */
export interface Purifier {
  sanitize(dirty: string, config: Record<string, unknown>): unknown;
}

const CONFIG = {
  USE_PROFILES: {html: true},
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed", "svg", "math"],
  FORBID_ATTR: ["style", "srcset", "action", "formaction"],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\.{0,2}\/|[^a-z:]*$)/i
};

/** The sanitised HTML of a Markdown text, with its \( … \) and \[ … \] formulas rendered by KaTeX (note-math.ts). */
export function renderNote(markdown: string, purifier: Purifier = DOMPurify as unknown as Purifier): string {
  const {formulas, extension} = noteMath();
  const html = new Marked(extension).parse(markdown, {async: false, gfm: true, breaks: true}) as string;
  return fillMath(String(purifier.sanitize(html, CONFIG)), formulas, purifier);
}
