// Save and load: IndexedDB (MY_MODEL, which the Results page reads) and .safetensors files.
import {loadStoredModel, MY_MODEL, saveStoredModel} from "../../io/browser-store.js";
import type {EngineState} from "../../worker/protocol.js";
import type {TrainingSession} from "../../worker/session.js";
import {el} from "../dom.js";
import {button, panel, pct} from "./controls.js";

export function storePanel(session: TrainingSession): HTMLElement {
  const root = el("div", {id: "train-store"});
  const status = el("p", {id: "model-status", className: "tp-note"});
  const error = el("p", {id: "model-error", className: "tp-error", role: "alert"});
  const lastEval = {exact: null as number | null, step: 0};
  session.on("evaluation", (e) => Object.assign(lastEval, {exact: e.exactMatch, step: e.step}));
  let label: string | null = null; // the current model's run, null for one loaded from a file
  session.on("model", (m) => (label = m.label));

  const describe = () => {
    const m = session.model!;
    const acc = lastEval.exact === null ? "" : `, ${pct(lastEval.exact)} exact match`;
    return `${label === null || label === "custom" ? "a model" : label}: N=${m.N}, d_model ${m.dModel}, h ${m.h}${session.state === "loaded" ? ", loaded from a file" : `, ${lastEval.step} steps${acc}`}`;
  };
  const guard = async (f: () => Promise<void>) => {
    error.textContent = "";
    try {
      await f();
    } catch (e) {
      status.textContent = ""; // the last success's words no longer describe the model
      error.textContent = (e as Error).message;
    }
  };
  const saveInBrowser = async (how: string) => {
    const bytes = await session.save();
    const info = {savedAt: new Date().toISOString(), description: describe()};
    await saveStoredModel(MY_MODEL, {bytes, info});
    status.textContent = `${how} in this browser: ${info.description}. The Results page can use it.`;
  };
  const save = button("model-save", "Save in this browser", () => guard(() => saveInBrowser("Saved")));
  // A run that finishes is kept without asking, so that nothing trained is lost.
  session.on("state", ({state}: {state: EngineState}) => {
    if (state === "finished") void guard(() => saveInBrowser("Saved automatically"));
  });
  const download = button("model-download", "Download .safetensors", () =>
    guard(async () => {
      const bytes = await session.save();
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], {type: "application/octet-stream"}));
      const a = el("a", {href: url, download: "transformer-copy.safetensors"});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      status.textContent = `Downloaded ${bytes.length.toLocaleString("en-US")} bytes under the PyTorch names.`;
    })
  );
  const loadSaved = button("model-load-saved", "Load the saved model", () =>
    guard(async () => {
      const stored = await loadStoredModel(MY_MODEL);
      if (!stored) throw new Error("nothing is saved in this browser yet");
      const m = await session.load(stored.bytes);
      status.textContent = `Loaded ${stored.info.description} (saved ${stored.info.savedAt.slice(0, 16).replace("T", " ")}): ${m.parameters.toLocaleString("en-US")} parameters.`;
    })
  );
  const file = el("input", {type: "file", id: "model-file", accept: ".safetensors"});
  file.addEventListener("change", () =>
    guard(async () => {
      const f = file.files?.[0];
      if (!f) return;
      const bytes = new Uint8Array(await f.arrayBuffer());
      file.value = "";
      const m = await session.load(bytes);
      status.textContent = `Loaded ${f.name}: N=${m.N}, d_model ${m.dModel}, h ${m.h}, V ${m.vocab}.`;
    })
  );
  const update = () => {
    const busy = session.state === "running" || session.state === "paused";
    save.disabled = download.disabled = !session.model;
    loadSaved.disabled = file.disabled = busy;
  };
  session.on("state", update);
  session.on("model", update);
  update();
  root.append(
    el("div", {className: "tp-row"}, save, download, loadSaved),
    el("div", {className: "tp-row"}, el("label", {htmlFor: "model-file", textContent: "Load a .safetensors file (from the command line or PyTorch): "}), file),
    status,
    error
  );
  return panel(root);
}
