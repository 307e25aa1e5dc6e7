// The training page's set-up: preset (the copy task's, or translation's with its corpus, steps,
// evaluation interval and shared embeddings, with the parameter count), custom sizes, ablations, backend, and the run buttons. Start gives the
// session the run's label, which comes back with the run's events to the other panels.
import {generateCorpus} from "../../corpus/index.js";
import {sharingCountText} from "../../lessons/parameters.js";
import {asPairs} from "../../lessons/tokens.js";
import {PRESETS, type PresetName} from "../../training/presets.js";
import {isTranslationPreset, TRANSLATION_PRESETS, type TranslationPreset, type TranslationPresetName} from "../../training/translation-presets.js";
import {holdOut, type TranslationCorpus, translationRun, translationRunName, validateTranslationSettings} from "../../training/translation-run.js";
import type {BackendInfo} from "../../worker/protocol.js";
import {
  ABLATION_LABELS,
  type AllAblations,
  CUSTOM_DEFAULTS,
  type CustomSettings,
  customRun,
  evaluationsIn,
  formatDuration,
  isGpu,
  isTranslationRun,
  presetRun,
  type AnyRun,
  estimateRunSeconds,
  runLabel,
  timingKey,
  typicalStepMs,
  validateCustomSettings,
  withAblations
} from "../../training/run-config.js";
import type {TrainingSession} from "../../worker/session.js";
import type {BackendName} from "../../tfjs/backend.js";
import type {Isolation} from "../../tfjs/isolation.js";
import type {MyComponents} from "../my-components.js";
import {corpusPicker, type CorpusPicker} from "../corpus-picker.js";
import {el} from "../dom.js";
import {button, panel, radios} from "./controls.js";

type Choice = PresetName | "custom" | TranslationPresetName;

export interface SetupOptions {
  pageBackend: BackendName; // what initBackend chose on the page ("auto")
  isolation: Isolation; // why the page is not cross-origin isolated, or null when it is
  myComponents?: MyComponents; // "Use my components" (the reader's edited functions)
}

/** "wasm, 2 threads", or why wasm runs on one; other backends by name. */
export function backendWithThreads({name, threads, note}: BackendInfo, isolation: Isolation): string {
  if (name !== "wasm" || threads === undefined) return name;
  const kernels = note ? ` (${note})` : ""; // why wasm runs its stock kernels, if it does
  if (isolation !== null) return `wasm${kernels} (single-threaded: page not cross-origin isolated: ${isolation})`;
  return `wasm${kernels}, ${threads} thread${threads === 1 ? "" : "s"},`;
}

export function setupPanel(session: TrainingSession, {pageBackend, isolation, myComponents}: SetupOptions): HTMLElement {
  let choice: Choice = "copy-tiny";
  let custom: CustomSettings = {...CUSTOM_DEFAULTS};
  const ablations: AllAblations = {};

  const root = el("div", {id: "train-setup"});
  const presetText: Record<Choice, string> = {
    "copy-tiny": "copy-tiny (default)",
    "copy-small": "copy-small",
    "copy-paper": "copy-paper (the original's)",
    custom: "custom",
    "translate-tiny": "translate-tiny (German → English)",
    "translate-paper": "translate-paper (the original's Multi30k run)"
  };
  const description = el("p", {id: "train-preset-description", className: "tp-note"});
  const estimate = el("p", {id: "train-estimate", className: "tp-note"});

  // Custom controls.
  const fields: {key: keyof CustomSettings; label: string; step: string}[] = [
    {key: "N", label: "N (blocks)", step: "1"},
    {key: "dModel", label: "d_model", step: "2"},
    {key: "h", label: "h (heads)", step: "1"},
    {key: "dFF", label: "d_ff", step: "1"},
    {key: "batchSize", label: "batch size", step: "1"},
    {key: "warmup", label: "warmup steps", step: "1"},
    {key: "steps", label: "steps", step: "1"},
    {key: "dropout", label: "dropout", step: "0.05"},
    {key: "smoothing", label: "label smoothing", step: "0.05"}
  ];
  const customBox = el("div", {id: "train-custom", className: "tp-fields"});
  for (const {key, label, step} of fields) {
    const input = el("input", {type: "number", id: `custom-${key}`, step, value: String(custom[key])});
    input.addEventListener("input", () => {
      custom = {...custom, [key]: input.value.trim() === "" ? NaN : Number(input.value)};
      update();
    });
    customBox.append(el("label", {htmlFor: input.id}, label, input));
  }
  const problems = el("ul", {id: "train-config-problems", className: "tp-problems", role: "alert"});

  // Translation: the corpus (generated, or the reader's from the corpus picker), steps, evaluation interval and shared embeddings.
  const translation = {steps: NaN, evalEvery: NaN, sharedEmbeddings: false};
  const translationNumber = (id: string, label: string, key: "steps" | "evalEvery") => {
    const input = el("input", {type: "number", id, step: "1", min: "1"});
    input.addEventListener("input", () => {
      translation[key] = input.value.trim() === "" ? NaN : Number(input.value);
      update();
    });
    return {input, label: el("label", {htmlFor: id}, label, input)};
  };
  const stepsBox = translationNumber("train-steps", "steps", "steps");
  const evalEveryBox = translationNumber("train-eval-every", "held-out BLEU every (steps)", "evalEvery");
  const sharedBox = el("input", {type: "checkbox", id: "train-shared-embeddings"});
  sharedBox.addEventListener("change", () => {
    translation.sharedEmbeddings = sharedBox.checked;
    update();
  });
  const parameterLine = el("span", {id: "train-parameters", className: "tp-note"});
  const sharedRow = el("div", {className: "tp-row"}, el("label", {}, sharedBox, " Share one embedding matrix (source, target and generator)"), parameterLine);
  const corpusLine = el("p", {id: "train-corpus", className: "tp-note"});
  const corpusBox = el("div", {id: "train-corpus-picker"});
  const translationBox = el("div", {id: "train-translation", hidden: true}, el("div", {className: "tp-fields"}, stepsBox.label, evalEveryBox.label), sharedRow, corpusLine, corpusBox);
  let generated: TranslationCorpus | null = null;
  let picker: CorpusPicker | null = null;
  /** The corpus a translation run trains on: the reader's loaded files if any (split as the command line splits them), else the generated corpus. */
  function translationCorpus(): TranslationCorpus {
    if (!generated || !picker) {
      // Built at the first translation preset chosen: generating the corpus takes a second or so.
      const corpus = generateCorpus();
      generated = {source: "the generated corpus", train: asPairs(corpus.train), valid: asPairs(corpus.valid)};
      picker = corpusPicker({pairs: generated.train, source: "the generated corpus"});
      picker.addEventListener("input", () => update());
      corpusBox.append(
        el("p", {className: "tp-note", textContent: "Train on the generated corpus, or on your own: a corpus you loaded on the Tokens page is used here too, until you forget it."}),
        picker
      );
    }
    const mine = picker.value;
    return mine.fromFiles ? holdOut(mine.source, mine.pairs) : generated;
  }

  // Ablations.
  const ablationBox = el("fieldset", {id: "train-ablations"}, el("legend", {textContent: "Remove one piece (ablations)"}));
  for (const [key, text] of Object.entries(ABLATION_LABELS) as [keyof AllAblations, string][]) {
    const input = el("input", {type: "checkbox", id: `ablation-${key}`});
    input.addEventListener("change", () => {
      ablations[key] = input.checked;
      update();
    });
    ablationBox.append(el("label", {}, input, ` ${text}`));
  }

  // Backend.
  const backendSelect = el("select", {id: "train-backend"});
  const gpu = isGpu(pageBackend);
  const automatic = gpu ? `wasm below d_model 256, ${pageBackend} from 256` : pageBackend;
  for (const name of ["auto", "webgpu", "webgl", "wasm", "cpu"]) backendSelect.append(el("option", {value: name, textContent: name === "auto" ? `automatic (${automatic})` : name}));
  backendSelect.value = session.automatic ? "auto" : session.wanted;
  const backendStatus = el("span", {id: "train-backend-status", className: "tp-note", textContent: "starting the worker…"});
  backendSelect.addEventListener("change", async () => {
    const name = backendSelect.value as BackendName | "auto";
    backendStatus.textContent = `switching to ${name === "auto" ? "the automatic choice" : name}… (this resets the model)`;
    try {
      await session.setBackend(name, currentRun() ?? undefined);
    } catch (error) {
      backendStatus.textContent = `cannot switch: ${(error as Error).message}`;
    }
  });
  session.on("ready", (info) => {
    const asked = session.wanted;
    const fallback = info.name !== asked ? ` (${asked} could not start: ${info.skipped.filter((s) => s.startsWith(asked)).join("; ") || "failed"})` : "";
    const why = session.automatic && gpu && info.name === "wasm" ? ` (automatic: a model this small trains faster on wasm than on ${pageBackend}; from d_model 256 it trains on ${pageBackend})` : "";
    backendStatus.textContent = `training runs on ${backendWithThreads(info, isolation)} in a Web Worker${fallback}${why}`;
    backendStatus.title = info.skipped.join("\n");
    update();
  });

  // Buttons.
  const stateText = el("span", {id: "train-state", textContent: "idle"});
  const start = button("train-start", "Start", () => {
    const run = currentRun();
    if (!run) return void update();
    const components = myComponents?.selected();
    const name = isTranslationRun(run) ? translationRunName(run) : run.name;
    session.start(run, components, runLabel(name, ablations) + (components ? " + my code" : ""));
  });
  const pause = button("train-pause", "Pause", () => session.pause());
  const resume = button("train-resume", "Resume", () => session.resume());
  const stop = button("train-stop", "Stop", () => session.stop());
  // Reset forgets the model: with one to lose, it asks first, in the page (as "Reset this page" does).
  const resetYes = button("train-reset-confirm", "Yes, forget it", () => {
    resetAsk.hidden = true;
    session.reset();
  });
  const resetNo = button("train-reset-cancel", "Cancel", () => {
    resetAsk.hidden = true;
    reset.focus();
  });
  const resetText = el("span");
  const resetAsk = el("div", {id: "train-reset-ask", className: "tp-row", hidden: true}, resetText, resetYes, resetNo);
  const reset = button("train-reset", "Reset", () => {
    if (!session.model) return session.reset();
    const busy = session.state === "running" || session.state === "paused";
    resetText.textContent = busy ? "This discards the run in progress and its model. " : "This forgets the model (a saved copy stays saved). ";
    resetAsk.hidden = false;
    resetNo.focus();
  });
  for (const [b, label] of [[start, "Start a new training run"], [pause, "Pause training"], [resume, "Resume training"], [stop, "Stop training and keep the model"], [reset, "Reset: forget the model"]] as const) b.setAttribute("aria-label", label);

  function currentRun(): AnyRun | null {
    if (isTranslationPreset(choice)) {
      if (translationProblems().length) return null;
      return withAblations(translationRun(TRANSLATION_PRESETS[choice], translationCorpus(), translation), ablations);
    }
    if (choice === "custom") {
      if (validateCustomSettings(custom).length) return null;
      return withAblations(customRun(custom), ablations);
    }
    return withAblations(presetRun(PRESETS[choice]), ablations);
  }

  /** The problems of the translation steps and interval, and of the corpus (no held-out pairs, say). */
  function translationProblems(): string[] {
    const found = validateTranslationSettings(translation);
    const corpus = translationCorpus();
    if (corpus.train.length === 0) found.push(`${corpus.source} has no training pairs`);
    if (corpus.valid.length === 0) found.push(`${corpus.source} has too few pairs to hold any out for BLEU (at least 10 are needed)`);
    return found;
  }

  // The timings depend on the run but not on its steps or evaluation interval: changing those recomputes the estimate without timing again.
  let estimateFor = "";
  let timings: {key: string; backend: string; msPerStep: number[]; evalMs: number} | null = null;
  let estimated: number | null = null; // seconds, for the run shown
  function showEstimate(run: AnyRun): void {
    if (!timings || timings.key !== timingKey(run)) return;
    const {backend, msPerStep, evalMs} = timings;
    estimated = estimateRunSeconds(msPerStep, run, evalMs);
    const evaluation = isTranslationPreset(run.name) ? `an evaluation (greedy translations of ${TRANSLATION_PRESETS[run.name].heldOut} held-out pairs)` : "an evaluation";
    estimate.textContent =
      `Estimated time on this device: about ${formatDuration(estimated)} of wall time for ${run.steps} steps and ${evaluationsIn(run)} held-out evaluation${evaluationsIn(run) === 1 ? "" : "s"} ` +
      `(timed just now on ${backend}: ${typicalStepMs(msPerStep).toFixed(0)} ms a step, ${evalMs.toFixed(0)} ms ${evaluation}). Once the run starts, this line follows it.`;
  }
  async function updateEstimate(run: AnyRun | null): Promise<void> {
    if (!run || !session.backend) return;
    const key = timingKey(run);
    if (key === estimateFor) return showEstimate(run);
    if (session.state === "running" || session.state === "preparing") return;
    estimateFor = key;
    estimated = null;
    const timed = run.name === "copy-paper" || run.name === "translate-paper" ? 3 : isTranslationPreset(run.name) ? 4 : 6; // the first is left out (it compiles the kernels)
    const backend = session.backend.name;
    const vocabulary = isTranslationPreset(run.name) ? "learning the corpus's vocabulary, then " : "";
    estimate.textContent = `Estimating this run's time on ${backend} (${vocabulary}timing ${timed} steps and one evaluation)…`;
    try {
      const {msPerStep, evalMs} = await session.estimate(run, timed);
      if (estimateFor !== key) return;
      timings = {key, backend, msPerStep, evalMs};
      const now = currentRun();
      if (now) showEstimate(now);
    } catch (error) {
      if (estimateFor === key) estimate.textContent = `No estimate: ${(error as Error).message}`;
    }
  }

  function update(): void {
    const state = session.state;
    customBox.hidden = choice !== "custom";
    const translating = isTranslationPreset(choice);
    translationBox.hidden = !translating;
    const found = choice === "custom" ? validateCustomSettings(custom) : translating ? translationProblems() : [];
    problems.replaceChildren(...found.map((p) => el("li", {textContent: p})));
    problems.hidden = found.length === 0;
    const chosen = choice;
    if (isTranslationPreset(chosen)) {
      const preset = TRANSLATION_PRESETS[chosen];
      const corpus = translationCorpus();
      parameterLine.textContent = sharingCountText(preset.model, preset.vocabSize, translation.sharedEmbeddings);
      description.textContent = `${preset.description}; batches of ${preset.maxTokens.toLocaleString("en-US")} tokens, dropout ${preset.model.dropout}, Noam rate with warmup ${preset.train.warmup}, label smoothing ${preset.train.smoothing}.`;
      corpusLine.textContent =
        `This run trains on ${corpus.source}: ${corpus.train.length.toLocaleString("en-US")} training pairs, ${corpus.valid.length.toLocaleString("en-US")} held out` +
        ` (BLEU translates the first ${Math.min(preset.heldOut, corpus.valid.length)} of them). It learns a joint vocabulary of ${preset.vocabSize.toLocaleString("en-US")} subwords on the training pairs before its first step.`;
    } else {
      description.textContent =
        chosen === "custom"
          ? "Your own sizes, on the copy task (V = 11, length 10), with copy-tiny's learning-rate scale."
          : `${PRESETS[chosen].description}; ${PRESETS[chosen].steps} steps of batch ${PRESETS[chosen].batchSize}.`;
    }
    const busy = state === "running" || state === "paused" || state === "preparing";
    start.disabled = busy || found.length > 0 || !session.backend;
    start.title = found.length ? "Fix the configuration first" : "";
    pause.disabled = state !== "running";
    resume.disabled = state !== "paused";
    stop.disabled = !busy;
    reset.disabled = state === "idle";
    if (state === "idle") resetAsk.hidden = true;
    backendSelect.disabled = busy;
    stateText.textContent = state;
    if (!busy && found.length === 0) void updateEstimate(currentRun());
    if (found.length) estimate.textContent = "";
  }

  session.on("state", update);
  // During a run the estimate follows it: the wall time so far plus the time left at the measured pace.
  session.on("progress", (p) => {
    const total = p.etaSeconds === null ? null : p.wallMs / 1000 + p.etaSeconds;
    const before = estimated === null ? "" : ` (estimated before the start: ${formatDuration(estimated)})`;
    estimate.textContent = `This run: ${formatDuration(p.wallMs / 1000)} so far, about ${formatDuration(p.etaSeconds)} left, ${formatDuration(total)} in all${before}.`;
  });
  if (myComponents) session.on("components", (report) => myComponents.showReport(report));

  const presetRadios = radios("Preset", "train-preset", presetText, choice, (v) => {
    choice = v;
    if (isTranslationPreset(v)) {
      // Each preset's own steps, interval and shared embeddings, until the reader changes them.
      const preset: TranslationPreset = TRANSLATION_PRESETS[v];
      const {steps, evalEvery} = preset;
      Object.assign(translation, {steps, evalEvery, sharedEmbeddings: Boolean(preset.model.sharedEmbeddings)});
      stepsBox.input.value = String(steps);
      evalEveryBox.input.value = String(evalEvery);
      sharedBox.checked = translation.sharedEmbeddings;
    }
    update();
  });
  root.append(
    presetRadios,
    description,
    customBox,
    translationBox,
    problems,
    ablationBox,
    ...(myComponents ? [myComponents.element] : []),
    el("div", {className: "tp-row"}, el("label", {htmlFor: "train-backend", textContent: "Backend "}), backendSelect, backendStatus),
    estimate,
    el("div", {className: "tp-row"}, start, pause, resume, stop, reset, el("span", {className: "tp-note"}, "state: ", stateText)),
    resetAsk
  );
  update();
  return panel(root);
}
