// Inlined into every page's <head> by observablehq.config.ts: what Framework's own markup lacks
// for assistive technology, and keyboard access to boxes that scroll sideways.
// - <html lang="en">: Framework writes a bare <html>.
// - The sidebar toggle (a checkbox labelled only by its title) gets an accessible name; the two
//   <label>s that also toggle it (the backdrop, and the close button Framework puts inside the
//   sidebar's <ol>) are mouse targets that repeat the toggle, so they are hidden from the
//   accessibility tree.
// - The viewport lets a reader zoom (Framework sets maximum-scale=1).
// - A box that scrolls sideways (class `scroll-cue`: formulas, tables, source; an editor's
//   scroller) can be scrolled from the keyboard: an editor's editable content takes Tab focus
//   (its caret scrolls it), and any other box that overflows becomes a focusable, named region.
//   A box names itself with data-scroll-name. Boxes that fit take no Tab stop.
document.documentElement.lang = "en";
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("observablehq-sidebar-toggle");
  toggle?.setAttribute("aria-label", "Show or hide the list of pages");
  for (const id of ["observablehq-sidebar-backdrop", "observablehq-sidebar-close"]) document.getElementById(id)?.setAttribute("aria-hidden", "true");
  document.querySelector('meta[name="viewport"]')?.setAttribute("content", "width=device-width, initial-scale=1");

  const focusable = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1']), [contenteditable='true']";
  const name = (box) => {
    if (box.dataset.scrollName) return box.dataset.scrollName;
    if (box.matches(".math-display")) return "Formula (scrolls sideways)";
    const caption = box.closest("figure")?.querySelector("figcaption")?.textContent?.trim();
    if (box.matches("pre")) return caption ? `Source: ${caption}` : "Source code (scrolls sideways)";
    return caption ? `Table: ${caption}` : "Table (scrolls sideways)";
  };
  const check = (box) => {
    const overflows = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
    const made = box.dataset.scrollFocus === "on";
    if (overflows && !made && !box.querySelector(focusable)) {
      box.dataset.scrollFocus = "on";
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", name(box));
    } else if (!overflows && made) {
      delete box.dataset.scrollFocus;
      for (const attribute of ["tabindex", "role", "aria-label"]) box.removeAttribute(attribute);
    }
  };
  // A box's overflow is read when it or its content changes size. A resize observer's callback runs
  // after the browser's own layout, so reading the sizes there costs nothing; reading them as soon
  // as the page changes would force a layout of the whole page inside every task that touches it
  // (the training dashboard updates its numbers several times a second).
  const boxes = ".scroll-cue, .cm-scroller";
  const sizes = new ResizeObserver((entries) => {
    for (const box of new Set(entries.map((entry) => entry.target.closest(boxes)))) if (box) check(box);
  });
  const watched = new Set();
  const watch = (element) => {
    if (!watched.has(element)) watched.add(element), sizes.observe(element);
  };
  // New boxes (cells render after load) are found as soon as the page changes, and removed ones
  // let go; neither reads any layout.
  const find = () => {
    for (const element of watched) if (!element.isConnected) watched.delete(element), sizes.unobserve(element);
    for (const content of document.querySelectorAll(".cm-content[contenteditable='true']:not([tabindex])")) content.setAttribute("tabindex", "0");
    for (const box of document.querySelectorAll(boxes)) {
      watch(box);
      for (const child of box.children) watch(child);
    }
  };
  new MutationObserver(find).observe(document.body, {childList: true, subtree: true});
  find();
  // A font that arrives after a box was first measured (KaTeX's, decoded from the stylesheet) can
  // widen a formula inside it without resizing the box or its child, which is all the observer
  // watches: when fonts finish loading, every box is measured again.
  document.fonts?.addEventListener("loadingdone", () => {
    for (const box of document.querySelectorAll(boxes)) check(box);
  });
});
