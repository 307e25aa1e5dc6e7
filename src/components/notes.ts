// A reader's Markdown notes beside the course: `noteArea({page, slot})` is one note (under an
// editable cell, say), `pageNotes({page, cells})` the block at the end of a page: the page's own
// note and "Reset this page", which removes the page's notes and the stored edits of its editable
// cells (after a confirm step) and reloads the page with the original code.
//
//   display(noteArea({page: "attention", slot: "attention"}));
//   display(pageNotes({page: "attention", cells: ["attention"]}));
//
// Notes are stored with src/editing/store.ts (`course-note:<page>/<slot>`) and shown as Markdown
// rendered by marked and sanitised by DOMPurify (src/editing/markdown.ts): no note can run script.
// That module (with marked, DOMPurify and KaTeX) is loaded when the first note is shown, so a page
// without notes never loads it.
import {browserStore, clearPage, deleteNote, loadNote, notSavedMessage, saveNote, type KeyValueStore} from "../editing/store.js";
import {el} from "./dom.js";

export interface NoteOptions {
  page: string; // the page's name, e.g. "attention"
  slot: string; // the note's place on the page: an editable cell's id, or "page"
  label?: string; // says what the note is beside, e.g. "Your note on attention"
  storage?: KeyValueStore;
}

/** One note: "Add a note", then the rendered note with Edit and Delete. Ids start `note-<page>-<slot>`. */
export function noteArea(options: NoteOptions): HTMLElement {
  const {page, slot, label = "Your note"} = options;
  const store = options.storage ?? browserStore();
  const id = `note-${page}-${slot}`;
  const root = el("div", {className: "course-note", id});
  let views = 0; // counts showView and showEditor: a rendering that finishes after a later one is dropped

  const showView = () => {
    const view = ++views;
    const note = loadNote(store, page, slot);
    if (!note) {
      const add = el("button", {type: "button", id: `${id}-add`}, "Add a note");
      add.addEventListener("click", () => showEditor(""));
      root.replaceChildren(el("div", {className: "note-actions"}, add, el("span", {className: "note-label"}, "Markdown, kept in this browser")));
      return;
    }
    import("../editing/markdown.js").then(
      ({renderNote}) => view === views && showNote(note.text, renderNote(note.text)),
      () => view === views && showNote(note.text, null) // the renderer could not be loaded (offline?): the note as plain text
    );
  };

  const showNote = (text: string, html: string | null) => {
    const body = el("div", {className: "note-body", id: `${id}-rendered`});
    if (html === null) body.textContent = text;
    else body.innerHTML = html; // sanitised by DOMPurify
    const edit = el("button", {type: "button", id: `${id}-edit`}, "Edit note");
    const del = el("button", {type: "button", id: `${id}-delete`}, "Delete note");
    edit.addEventListener("click", () => showEditor(text));
    del.addEventListener("click", () => {
      deleteNote(store, page, slot);
      showView();
    });
    root.replaceChildren(el("div", {className: "note-label"}, label), body, el("div", {className: "note-actions"}, edit, del));
  };

  const showEditor = (text: string) => {
    views++;
    const area = el("textarea", {id: `${id}-text`, value: text});
    area.setAttribute("aria-label", `${label} (Markdown)`);
    const save = el("button", {type: "button", id: `${id}-save`}, "Save note");
    const cancel = el("button", {type: "button", id: `${id}-cancel`}, "Cancel");
    const problem = el("p", {className: "note-error", id: `${id}-error`, hidden: true});
    problem.setAttribute("role", "alert");
    save.addEventListener("click", () => {
      try {
        if (area.value.trim() === "") deleteNote(store, page, slot);
        else saveNote(store, page, slot, area.value);
      } catch (error) {
        // The browser refused to store it (its storage is full, say): the editor stays, with the text.
        problem.textContent = notSavedMessage(error, "note");
        problem.hidden = false;
        return;
      }
      showView();
    });
    cancel.addEventListener("click", showView);
    root.replaceChildren(el("div", {className: "note-label"}, `${label} (Markdown)`), area, el("div", {className: "note-actions"}, save, cancel), problem);
    area.focus();
  };

  showView();
  return root;
}

export interface PageNotesOptions {
  page: string;
  cells?: readonly string[]; // the ids of the page's editable cells, whose edits Reset removes
  storage?: KeyValueStore;
  reload?: () => void; // after Reset (default: reload the page, which brings back the original code)
}

/** The end of a page: the page's note and "Reset this page". Ids: `page-notes`, `page-reset*`. */
export function pageNotes(options: PageNotesOptions): HTMLElement {
  const {page, cells = []} = options;
  const store = options.storage ?? browserStore();
  const reload = options.reload ?? (() => window.location.reload());
  const note = noteArea({page, slot: "page", label: "Your note on this page", storage: store});
  const reset = el("button", {type: "button", id: "page-reset"}, "Reset this page");
  const what = cells.length ? "your notes and your edits of the code on this page" : "your notes on this page";
  const yes = el("button", {type: "button", id: "page-reset-confirm"}, "Yes, reset this page");
  const no = el("button", {type: "button", id: "page-reset-cancel"}, "Cancel");
  const confirm = el("div", {className: "page-reset-confirm", id: "page-reset-ask", hidden: true}, `This removes ${what} from this browser. `, yes, " ", no);
  reset.addEventListener("click", () => {
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener("click", () => {
    confirm.hidden = true;
    reset.focus();
  });
  yes.addEventListener("click", () => {
    clearPage(store, page, cells);
    reload();
  });
  return el(
    "section",
    {className: "page-notes", id: "page-notes"},
    el("h2", {}, "Your notes"),
    note,
    el("div", {className: "note-actions"}, reset, el("span", {className: "note-label"}, `Removes ${what}.`)),
    confirm
  );
}
