// The home page's exercise-mode switch, for teachers: when on, every editable function the reader
// has not edited starts with its body blanked to a TODO with hints (src/editing/exercise.ts). A
// link to any page with `?exercise=on` (or `off`) sets it, so a teacher can hand out one link to
// one lesson: the switch and every editable cell read the mode through exerciseModeFromAddress.
import {browserStore, exerciseMode, setExerciseMode, type KeyValueStore} from "../editing/store.js";
import {el} from "./dom.js";

/** Exercise mode, after `?exercise=on` or `?exercise=off` in the page's address (if any) has set it in the store. */
export function exerciseModeFromAddress(store: KeyValueStore, search = location.search): boolean {
  const asked = new URLSearchParams(search).get("exercise");
  if (asked === "on" || asked === "off") setExerciseMode(store, asked === "on");
  return exerciseMode(store);
}

/** A checkbox (id exercise-mode) and a status line (id exercise-mode-status). */
export function exerciseToggle(storage?: KeyValueStore, search = location.search): HTMLElement {
  const store = storage ?? browserStore();
  const checkbox = el("input", {type: "checkbox", id: "exercise-mode", checked: exerciseModeFromAddress(store, search)});
  const status = el("span", {id: "exercise-mode-status", className: "note-label"});
  const show = () => {
    status.textContent = checkbox.checked
      ? " On: the functions you have not edited start as exercises."
      : " Off: every editor starts with the library's code.";
  };
  checkbox.addEventListener("change", () => {
    setExerciseMode(store, checkbox.checked);
    show();
  });
  show();
  return el("p", {id: "exercise-mode-box"}, el("label", {}, checkbox, " Exercise mode"), status);
}
