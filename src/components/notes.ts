// A reader's Markdown notes beside the course: `noteArea({page, slot})` is one note (under an
// editable cell, say), `pageNotes({page, cells})` the block at the end of a page: the page's own
// note and "Reset this page", which removes the page's notes and the stored edits of its editable
// cells (after a confirm step) and reloads the page with the original code.
//
//   display(noteArea({page: "attention", slot: "attention"}));
//   display(pageNotes({page: "attention", cells: ["attention"]}));
//
// Notes are stored with src/editing/store.ts (`course-note:<page>/<slot>`) and shown as Markdown
// rendered by marked and sanitised by DOMPurify (src/editing/markdown.ts): no note can run script
// or load an image from another site.
import {renderNote} from "../editing/markdown.js";
import {browserStore, clearPage, deleteNote, loadNote, saveNote, type KeyValueStore} from "../editing/store.js";
import {el} from "./dom.js";

const STYLE_ID = "course-notes-style";
const STYLE = `
.course-note { margin: 0.5rem 0 1rem; font: 14px var(--sans-serif); max-width: 100%; }
.course-note button, .page-notes button { font: 13px var(--sans-serif); padding: 0.2rem 0.7rem; }
.course-note textarea { box-sizing: border-box; width: 100%; min-height: 6rem; font: 13px var(--monospace); color: var(--theme-foreground); background: var(--theme-background-alt); border: 1px solid var(--theme-foreground-faintest); border-radius: 4px; padding: 0.4rem; }
.course-note .note-body { border-left: 3px solid var(--theme-foreground-focus); padding: 0.1rem 0.8rem; margin: 0.3rem 0; overflow-x: auto; overflow-wrap: anywhere; }
.course-note .note-body img { max-width: 100%; }
.course-note .note-body .blocked-image { font-size: 12px; color: var(--theme-foreground-muted); }
.course-note .note-actions, .page-notes .note-actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-top: 0.3rem; }
.course-note .note-label, .page-notes .note-label { font-size: 12px; color: var(--theme-foreground-muted); }
.page-notes { margin-top: 2rem; border-top: 1px solid var(--theme-foreground-faintest); padding-top: 0.5rem; }
.page-notes .page-reset-confirm { font: 14px var(--sans-serif); border-left: 3px solid var(--theme-yellow); padding: 0.3rem 0.6rem; margin: 0.4rem 0; }
`;


function addStyle(): void {
  if (!document.getElementById(STYLE_ID)) document.head.append(el("style", {id: STYLE_ID, textContent: STYLE}));
}


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
  addStyle();
  const id = `note-${page}-${slot}`;
  const root = el("div", {className: "course-note", id});

  const showView = () => {
    const note = loadNote(store, page, slot);
    if (!note) {
      const add = el("button", {type: "button", id: `${id}-add`}, "Add a note");
      add.addEventListener("click", () => showEditor(""));
      root.replaceChildren(el("div", {className: "note-actions"}, add, el("span", {className: "note-label"}, "Markdown, kept in this browser; images from other sites are not loaded")));
      return;
    }
    const body = el("div", {className: "note-body", id: `${id}-rendered`});
    body.innerHTML = renderNote(note.text); // sanitised by DOMPurify
    const edit = el("button", {type: "button", id: `${id}-edit`}, "Edit note");
    const del = el("button", {type: "button", id: `${id}-delete`}, "Delete note");
    edit.addEventListener("click", () => showEditor(note.text));
    del.addEventListener("click", () => {
      deleteNote(store, page, slot);
      showView();
    });
    root.replaceChildren(el("div", {className: "note-label"}, label), body, el("div", {className: "note-actions"}, edit, del));
  };

  const showEditor = (text: string) => {
    const area = el("textarea", {id: `${id}-text`, value: text});
    area.setAttribute("aria-label", `${label} (Markdown)`);
    const save = el("button", {type: "button", id: `${id}-save`}, "Save note");
    const cancel = el("button", {type: "button", id: `${id}-cancel`}, "Cancel");
    save.addEventListener("click", () => {
      if (area.value.trim() === "") deleteNote(store, page, slot);
      else saveNote(store, page, slot, area.value);
      showView();
    });
    cancel.addEventListener("click", showView);
    root.replaceChildren(el("div", {className: "note-label"}, `${label} (Markdown)`), area, el("div", {className: "note-actions"}, save, cancel));
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
  addStyle();
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
