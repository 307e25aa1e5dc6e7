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
//   A box names itself with data-scroll-name. Boxes that fit take no Tab stop. Cells render after load, so this runs again on every change.
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
  const update = () => {
    for (const content of document.querySelectorAll(".cm-content[contenteditable='true']:not([tabindex])")) content.setAttribute("tabindex", "0");
    for (const box of document.querySelectorAll(".scroll-cue, .cm-scroller")) {
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
    }
  };
  // Checked as soon as the page changes (a mutation observer's callback runs before the next
  // paint), and when the text column changes width.
  new MutationObserver(update).observe(document.body, {childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["hidden", "open", "class", "style"]});
  new ResizeObserver(update).observe(document.getElementById("observablehq-main") ?? document.body);
  update();
});
