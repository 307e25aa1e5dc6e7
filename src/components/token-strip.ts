// A sentence's subwords as a row of boxes: what the model reads or writes. A subword outside the
// vocabulary, which the model saw as <unk>, is marked (and says so to a screen reader).
import {el} from "./dom.js";

export function tokenStrip(pieces: readonly string[], {label, unknown = [], id}: {label: string; unknown?: readonly number[]; id?: string}): HTMLElement {
  const list = el("ol", {className: "token-strip"});
  list.setAttribute("aria-label", label);
  pieces.forEach((piece, i) => {
    const unk = unknown.includes(i);
    const item = el("li", {className: unk ? "token unk" : "token", title: unk ? `${piece}: not in the vocabulary, read as <unk>` : piece}, piece);
    if (unk) item.append(el("span", {className: "unk-note"}, " → <unk>"));
    list.append(item);
  });
  return el("div", {className: "token-strip-box", ...(id ? {id} : {})}, el("span", {className: "token-strip-label"}, label), list);
}
