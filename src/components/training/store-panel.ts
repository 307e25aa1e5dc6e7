// Save and load: IndexedDB (named saved models and the last few finished runs, which the Results
// page offers too, each with its task: copy or translation) and .safetensors files.
import {keepRecentRun, listStoredModels, loadStoredModel, RECENT_RUNS, saveNamedModel, type StoredEntry, type StoredModelInfo, unusedName} from "../../io/browser-store.js";
import type {EngineState} from "../../worker/protocol.js";
import type {TrainingSession} from "../../worker/session.js";
import {el} from "../dom.js";
import {button, panel, pct} from "./controls.js";

export function storePanel(session: TrainingSession): HTMLElement {
  const root = el("div", {id: "train-store"});
  const status = el("p", {id: "model-status", className: "tp-note"});
  const error = el("p", {id: "model-error", className: "tp-error", role: "alert"});
  const lastEval = {exact: null as number | null, bleu: null as number | null, step: 0};
  session.on("evaluation", (e) => Object.assign(lastEval, {exact: e.exactMatch ?? null, bleu: e.bleu ?? null, step: e.step}));
  let label: string | null = null; // the current model's run, null for one loaded from a file
  let stepsDone = 0; // of the current run (the last progress report's step)
  session.on("model", (m) => {
    label = m.label;
    Object.assign(lastEval, {exact: null, bleu: null, step: 0});
    stepsDone = 0;
    propose();
  });
  session.on("progress", (p) => (stepsDone = p.step));

  const describe = () => {
    const m = session.model!;
    const measure = lastEval.exact !== null ? `, ${pct(lastEval.exact)} exact match` : lastEval.bleu !== null ? `, held-out BLEU ${lastEval.bleu.toFixed(1)} at step ${lastEval.step}` : "";
    const sizes = `N=${m.N}, d_model ${m.dModel}, h ${m.h}${m.task === "translation" ? `, V ${m.vocab}` : ""}`;
    return `${label === null || label === "custom" ? (m.task === "translation" ? "a translator" : "a model") : label}: ${sizes}${session.state === "loaded" ? ", loaded from a file" : `, ${stepsDone} steps${measure}`}`;
  };
  const infoNow = () => ({savedAt: new Date().toISOString(), description: describe(), task: session.model!.task});
  const guard = async (f: () => Promise<void>) => {
    error.textContent = "";
    try {
      await f();
    } catch (e) {
      status.textContent = ""; // the last success's words no longer describe the model
      error.textContent = (e as Error).message;
    }
  };
  const name = el("input", {type: "text", id: "model-name", spellcheck: false});
  const stored = el("select", {id: "model-stored"});
  let entries: StoredEntry[] = [];
  const refreshList = async () => {
    entries = await listStoredModels();
    const kind = (e: StoredEntry) => (e.kind === "saved" ? `saved: ${e.name}` : `recent run: ${e.name}`);
    stored.replaceChildren(...entries.map((e) => new Option(`${kind(e)} (${e.info.savedAt.slice(0, 16).replace("T", " ")})`, e.key)));
    update();
  };
  const propose = () => (name.value = unusedName(label === null || label === "custom" ? "my model" : label, entries));

  // Saving under a name that is taken asks first, in the page.
  const confirm = el("p", {id: "model-confirm", className: "tp-row", hidden: true});
  let pending: {bytes: Uint8Array; info: StoredModelInfo; name: string} | null = null;
  const store = async (bytes: Uint8Array, info: StoredModelInfo, as: string, replace: boolean) => {
    if ((await saveNamedModel(as, {bytes, info}, {replace})) === "exists") {
      pending = {bytes, info, name: as};
      confirm.replaceChildren(el("span", {textContent: `A saved model is already named “${as}”. Replace it? `}), replaceButton, cancelButton);
      confirm.hidden = false;
      return;
    }
    confirm.hidden = true;
    status.textContent = `Saved in this browser as “${as}”: ${info.description}. The Results page can use it.`;
    await refreshList();
    propose();
  };
  const replaceButton = button("model-replace", "Replace it", () =>
    guard(async () => {
      if (pending) await store(pending.bytes, pending.info, pending.name, true);
      pending = null;
    })
  );
  const cancelButton = button("model-cancel", "Cancel", () => {
    pending = null;
    confirm.hidden = true;
    status.textContent = "Not saved: choose another name.";
  });
  const save = button("model-save", "Save in this browser", () =>
    guard(async () => {
      if (name.value.trim() === "") throw new Error("give the model a name to save it under");
      const info = infoNow(); // before the bytes come back: a run may go on meanwhile
      await store(await session.save(), info, name.value.trim(), false);
    })
  );
  // A run that finishes is kept without asking, among the recent runs: never in a saved model's place.
  // So is a translation run the reader stopped: such runs are long, and are usually stopped.
  session.on("state", ({state}: {state: EngineState}) => {
    if (!session.model || !(state === "finished" || (state === "stopped" && session.model.task === "translation"))) return;
    void guard(async () => {
      const info = infoNow();
      await keepRecentRun({bytes: await session.save(), info});
      status.textContent = `Kept in this browser among the last ${RECENT_RUNS} runs: ${info.description}. Your saved models are unchanged; to keep this one for good, save it under a name.`;
      await refreshList();
    });
  });
  const download = button("model-download", "Download .safetensors", () =>
    guard(async () => {
      const bytes = await session.save();
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], {type: "application/octet-stream"}));
      const a = el("a", {href: url, download: session.model?.task === "translation" ? "transformer-translate.safetensors" : "transformer-copy.safetensors"});
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      status.textContent = `Downloaded ${bytes.length.toLocaleString("en-US")} bytes under the PyTorch names${session.model?.task === "translation" ? ", with the tokenizer in its metadata" : ""}.`;
    })
  );
  const loadSaved = button("model-load-saved", "Load", () =>
    guard(async () => {
      const chosen = entries.find((e) => e.key === stored.value);
      const model = chosen ? await loadStoredModel(chosen.key) : null;
      if (!chosen || !model) throw new Error("nothing is kept in this browser yet");
      const m = await session.load(model.bytes);
      status.textContent = `Loaded ${chosen.kind === "saved" ? `“${chosen.name}”, ` : "the recent run "}${model.info.description} (saved ${model.info.savedAt.slice(0, 16).replace("T", " ")}): ${m.parameters.toLocaleString("en-US")} parameters.`;
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
      status.textContent = `Loaded ${f.name}: ${m.task === "translation" ? "a translator, " : ""}N=${m.N}, d_model ${m.dModel}, h ${m.h}, V ${m.vocab}.`;
    })
  );
  const update = () => {
    const busy = session.state === "running" || session.state === "paused" || session.state === "preparing";
    save.disabled = download.disabled = !session.model;
    loadSaved.disabled = busy || entries.length === 0;
    file.disabled = busy;
  };
  session.on("state", update);
  session.on("model", update);
  update();
  void guard(refreshList);
  root.append(
    el("div", {className: "tp-row"}, el("label", {htmlFor: "model-name", textContent: "Name: "}), name, save, download),
    confirm,
    el("div", {className: "tp-row"}, el("label", {htmlFor: "model-stored", textContent: "Kept in this browser: "}), stored, loadSaved),
    el("div", {className: "tp-row"}, el("label", {htmlFor: "model-file", textContent: "Load a .safetensors file (from the command line or PyTorch): "}), file),
    status,
    error
  );
  return panel(root);
}
