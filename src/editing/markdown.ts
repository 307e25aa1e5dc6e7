// A reader's Markdown note as safe HTML: marked renders it, DOMPurify removes everything that could
// run script (<script>, <iframe>, on* attributes, javascript: and other non-http URLs, forms, styles).
// A note makes no request to another site either, as the built pages do not: an image whose source
// is not this site's (a relative path without a scheme or `//`), a data: image or a blob: is replaced
// by a placeholder that names its host; media elements and attributes that fetch are removed. Links
// stay (following one is the reader's choice), with rel="noopener noreferrer".
import DOMPurify from "dompurify";
import {Marked} from "marked";
import {fillMath, noteMath} from "./note-math.js";

/** The part of DOMPurify this module uses (a DOMPurify made over jsdom's window in the unit tests). */
export interface Purifier {
  sanitize(dirty: string, config: Record<string, unknown>): unknown;
}

const CONFIG = {
  USE_PROFILES: {html: true},
  FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe", "object", "embed", "svg", "math", "audio", "video", "source", "track", "picture"],
  FORBID_ATTR: ["style", "srcset", "action", "formaction", "background", "poster", "ping"],
  // http(s), mailto and blob URLs, and any address without a scheme (a path on this site)
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|blob:|(?![a-z][a-z0-9+.-]*:))/i,
  RETURN_DOM_FRAGMENT: true
};

// Relative sources are resolved against a base of a host that cannot exist: one that keeps this
// origin is this site's. The browser's own URL parser decides, so `/\host` and ` //host` count as
// the other host they are.
const BASE = "https://this-site.invalid/page/";

/** The sanitised HTML of a Markdown text, with its \( … \) and \[ … \] formulas rendered by KaTeX (note-math.ts). */
export function renderNote(markdown: string, purifier: Purifier = DOMPurify as unknown as Purifier): string {
  const {formulas, extension} = noteMath();
  const html = new Marked(extension).parse(markdown, {async: false, gfm: true, breaks: true}) as string;
  const fragment = purifier.sanitize(html, CONFIG) as DocumentFragment;
  const doc = fragment.ownerDocument;
  for (const img of fragment.querySelectorAll("img")) {
    const blocked = blockedImage(img.getAttribute("src") ?? "");
    if (blocked === undefined) continue;
    const placeholder = doc.createElement("span");
    placeholder.className = "blocked-image";
    placeholder.textContent = blocked;
    img.replaceWith(placeholder);
  }
  for (const a of fragment.querySelectorAll("a")) a.setAttribute("rel", "noopener noreferrer");
  const container = doc.createElement("div");
  container.append(fragment);
  return fillMath(container.innerHTML, formulas, purifier);
}

/** The placeholder's text for an image source that would make a request to another site; undefined for one that would not. */
function blockedImage(src: string): string | undefined {
  let url: URL;
  try {
    url = new URL(src, BASE);
  } catch {
    return "[image blocked: its address is not a URL]";
  }
  if (url.protocol === "blob:") return undefined;
  if (url.protocol === "data:") return /^data:image\//i.test(url.href) ? undefined : "[image blocked: a data: URL that is not an image]";
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(src.trim());
  if (!hasScheme && url.origin === new URL(BASE).origin) return undefined;
  return url.host ? `[image from another site blocked: ${url.host}]` : `[image blocked: a ${url.protocol} URL]`;
}
