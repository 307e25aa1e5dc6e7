// The training page's controls and dashboard: plain DOM that follows a TrainingSession's events.
// Every function returns one element; the page arranges them. Ids are stable for the tests.
import * as Plot from "@observablehq/plot";
import {loadStoredModel, MY_MODEL, saveStoredModel} from "../io/browser-store.js";
import {readIds} from "../lessons/results.js";
import {PRESETS, type PresetName} from "../training/presets.js";
import type {BackendInfo, DecodeResult, EngineState, Evaluation, Progress} from "../training/protocol.js";
import {
  ABLATION_LABELS,
  type AllAblations,
  CUSTOM_DEFAULTS,
  type CustomSettings,
  customRun,
  formatDuration,
  isGpu,
  presetRun,
  type RunConfig,
  runLabel,
  validateCustomSettings,
  withAblations
} from "../training/run-config.js";
import type {TrainingSession} from "../training/session.js";
import type {BackendName} from "../tfjs/backend.js";
import type {Isolation} from "../tfjs/isolation.js";
import {drawAttentionGrids} from "./attention-grid.js";
import type {MyComponents} from "./my-components.js";
import {el} from "./dom.js";

const STYLE = `
.tp-row { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin: 0.5rem 0; }
.tp-row label, .tp-row select { font: 14px var(--sans-serif); }
.tp-panel [hidden] { display: none !important; }
.tp-row button { font: 14px var(--sans-serif); padding: 0.35rem 0.8rem; min-height: 2.2rem; cursor: pointer; }
.tp-row button:disabled { cursor: not-allowed; opacity: 0.5; }
.tp-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: 0.5rem; margin: 0.5rem 0; max-width: 640px; }
.tp-fields label { display: flex; flex-direction: column; font: 13px var(--sans-serif); gap: 0.15rem; }
.tp-fields input { font: 14px var(--monospace); width: 100%; box-sizing: border-box; }
.tp-stats { display: grid; grid-template-columns: repeat(auto-fill, minmax(9rem, 1fr)); gap: 0.25rem 1rem; margin: 0.5rem 0; max-width: 640px; font: 14px var(--sans-serif); }
.tp-stats div span:first-child { display: block; color: var(--theme-foreground-muted); font-size: 12px; }
.tp-stats div span:last-child { font-family: var(--monospace); }
.tp-problems { color: var(--theme-red, #d33); font: 14px var(--sans-serif); margin: 0.25rem 0; }
.tp-error { color: var(--theme-red, #d33); font: 14px var(--sans-serif); }
.tp-note { color: var(--theme-foreground-muted); font: 13px var(--sans-serif); }
.tp-box { max-width: 100%; overflow-x: auto; }
.tp-box table { font: 13px var(--monospace); border-collapse: collapse; }
.tp-box td, .tp-box th { padding: 0.15rem 0.6rem; text-align: left; white-space: nowrap; }
.tp-progress { width: min(100%, 640px); height: 1rem; }
.tp-panel fieldset { border: none; padding: 0; margin: 0.5rem 0; }
.tp-panel legend { font: 600 14px var(--sans-serif); padding: 0; }
.tp-panel fieldset label { display: inline-block; margin-right: 1rem; font: 14px var(--sans-serif); }
`;

function styled(root: HTMLElement): HTMLElement {
  const style = document.createElement("style");
  style.textContent = STYLE;
  root.prepend(style);
  root.classList.add("tp-panel");
  return root;
}

function button(id: string, text: string, onClick: () => void): HTMLButtonElement {
  const b = el("button", {id, type: "button", textContent: text});
  b.addEventListener("click", onClick);
  return b;
}

function radios<T extends string>(legend: string, name: string, options: Record<T, string>, value: T, onChange: (v: T) => void): HTMLFieldSetElement {
  const fieldset = el("fieldset", {}, el("legend", {textContent: legend}));
  for (const [key, text] of Object.entries(options) as [T, string][]) {
    const input = el("input", {type: "radio", name, value: key, checked: key === value, id: `${name}-${key}`});
    input.addEventListener("change", () => input.checked && onChange(key));
    fieldset.append(el("label", {}, input, ` ${text}`));
  }
  return fieldset;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

// ---------------------------------------------------------------------------------------------
// Set-up: preset, custom sizes, ablations, backend, and the run buttons.

type Choice = PresetName | "custom";

export interface SetupOptions {
  pageBackend: BackendName; // what initBackend chose on the page ("auto")
  isolation: Isolation; // why the page is not cross-origin isolated, or null when it is
  myComponents?: MyComponents; // "Use my components" (the reader's edited functions)
}

/** "wasm, 2 threads", or why wasm runs on one; other backends by name. */
export function backendWithThreads({name, threads}: BackendInfo, isolation: Isolation): string {
  if (name !== "wasm" || threads === undefined) return name;
  if (isolation !== null) return `wasm (single-threaded: page not cross-origin isolated: ${isolation})`;
  return `wasm, ${threads} thread${threads === 1 ? "" : "s"},`;
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
    custom: "custom"
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
    currentLabel = runLabel(run.name, ablations) + (components ? " + my code" : "");
    session.start(run, components);
  });
  const pause = button("train-pause", "Pause", () => session.pause());
  const resume = button("train-resume", "Resume", () => session.resume());
  const stop = button("train-stop", "Stop", () => session.stop());
  const reset = button("train-reset", "Reset", () => session.reset());
  for (const [b, label] of [[start, "Start a new training run"], [pause, "Pause training"], [resume, "Resume training"], [stop, "Stop training and keep the model"], [reset, "Forget the model"]] as const) b.setAttribute("aria-label", label);

  function currentRun(): RunConfig | null {
    if (choice === "custom") {
      if (validateCustomSettings(custom).length) return null;
      return withAblations(customRun(custom), ablations);
    }
    return withAblations(presetRun(PRESETS[choice]), ablations);
  }

  let estimateFor = "";
  async function updateEstimate(run: RunConfig | null): Promise<void> {
    const key = JSON.stringify(run);
    if (!run || key === estimateFor || !session.backend) return;
    if (session.state === "running") return;
    estimateFor = key;
    const timed = run.name === "copy-paper" ? 2 : 3;
    estimate.textContent = `Estimating this run's time on ${session.backend.name} (timing ${timed} steps)…`;
    try {
      const {msPerStep, seconds} = await session.estimate(run, timed);
      if (estimateFor !== key) return;
      const warm = msPerStep.length > 1 ? msPerStep.slice(1) : msPerStep;
      const ms = warm.reduce((a, b) => a + b, 0) / warm.length;
      estimate.textContent = `Estimated time on this device: about ${formatDuration(seconds)} for ${run.steps} steps (${ms.toFixed(0)} ms per step on ${session.backend.name}, measured before starting).`;
    } catch (error) {
      if (estimateFor === key) estimate.textContent = `No estimate: ${(error as Error).message}`;
    }
  }

  function update(): void {
    const state = session.state;
    customBox.hidden = choice !== "custom";
    const found = choice === "custom" ? validateCustomSettings(custom) : [];
    problems.replaceChildren(...found.map((p) => el("li", {textContent: p})));
    problems.hidden = found.length === 0;
    description.textContent =
      choice === "custom"
        ? "Your own sizes, on the copy task (V = 11, length 10), with copy-tiny's learning-rate scale."
        : `${PRESETS[choice].description}; ${PRESETS[choice].steps} steps of batch ${PRESETS[choice].batchSize}.`;
    const busy = state === "running" || state === "paused";
    start.disabled = busy || found.length > 0 || !session.backend;
    start.title = found.length ? "Fix the configuration first" : "";
    pause.disabled = state !== "running";
    resume.disabled = state !== "paused";
    stop.disabled = !busy;
    reset.disabled = state === "idle";
    backendSelect.disabled = busy;
    stateText.textContent = state;
    if (!busy && found.length === 0) void updateEstimate(currentRun());
    if (found.length) estimate.textContent = "";
  }

  session.on("state", update);
  if (myComponents) session.on("components", (report) => myComponents.showReport(report));

  const presetRadios = radios("Preset", "train-preset", presetText, choice, (v) => {
    choice = v;
    update();
  });
  root.append(
    presetRadios,
    description,
    customBox,
    problems,
    ablationBox,
    ...(myComponents ? [myComponents.element] : []),
    el("div", {className: "tp-row"}, el("label", {htmlFor: "train-backend", textContent: "Backend "}), backendSelect, backendStatus),
    estimate,
    el("div", {className: "tp-row"}, start, pause, resume, stop, reset, el("span", {className: "tp-note"}, "state: ", stateText))
  );
  update();
  return styled(root);
}

// The label of the run in progress, set by Start, read by the dashboard when it archives a run.
let currentLabel = "copy-tiny";

// ---------------------------------------------------------------------------------------------
// The dashboard: numbers, a progress bar, and the loss chart with finished runs overlaid.

interface RunTrace {
  label: string;
  losses: [number, number][];
  evals: Evaluation[];
}

export function dashboard(session: TrainingSession): HTMLElement {
  const root = el("div", {id: "train-dashboard"});
  const progressBar = el("progress", {id: "train-progress", className: "tp-progress", max: 1, value: 0});
  progressBar.setAttribute("aria-label", "training progress");
  const stat = (id: string, label: string) => {
    const value = el("span", {id, textContent: "–"});
    return {box: el("div", {}, el("span", {textContent: label}), value), value};
  };
  const s = {
    step: stat("train-step", "step"),
    loss: stat("train-loss", "training loss"),
    heldOut: stat("train-heldout-loss", "held-out loss"),
    exact: stat("train-exact", "exact match (held out)"),
    lr: stat("train-lr", "learning rate"),
    ms: stat("train-ms", "ms / step"),
    tps: stat("train-tps", "tokens / s"),
    elapsed: stat("train-elapsed", "elapsed"),
    eta: stat("train-eta", "time left")
  };
  const stats = el("div", {className: "tp-stats"}, ...Object.values(s).map((x) => x.box));
  const error = el("p", {id: "train-error", className: "tp-error", role: "alert"});
  const chart = el("div", {id: "train-chart", className: "tp-box"});
  const runsNote = el("p", {className: "tp-note", id: "train-runs"});

  const runs: RunTrace[] = [];
  let current: RunTrace | null = null;
  let dirty = false;

  function draw(): void {
    dirty = false;
    const all = [...runs, ...(current ? [{...current, label: `${current.label} (this run)`}] : [])];
    if (all.length === 0) return void chart.replaceChildren(el("p", {className: "tp-note", textContent: "Start a run to see its loss here."}));
    const train = all.flatMap((r) => thin(r.losses).map(([step, loss]) => ({run: r.label, step, loss})));
    const held = all.flatMap((r) => r.evals.map((e) => ({run: r.label, step: e.step, loss: e.heldOutLoss})));
    chart.replaceChildren(
      Plot.plot({
        title: "Loss per token: training (lines) and held out (dots)",
        width: Math.min(chart.clientWidth || 640, 720),
        height: 300,
        y: {label: "loss", grid: true, zero: true},
        x: {label: "step"},
        color: {legend: true, type: "categorical"},
        marks: [
          Plot.line(train, {x: "step", y: "loss", stroke: "run", strokeWidth: 1.5}),
          Plot.dot(held, {x: "step", y: "loss", stroke: "run", fill: "run", r: 2.5}),
          Plot.ruleY([0])
        ]
      })
    );
    runsNote.textContent = runs.length ? `Finished runs on the chart: ${runs.map((r) => `${r.label} (${r.evals.length ? pct(r.evals[r.evals.length - 1].exactMatch) : "–"})`).join("; ")}.` : "";
  }
  const schedule = () => {
    if (!dirty) (dirty = true), requestAnimationFrame(draw);
  };

  session.on("model", () => {
    if (session.state === "loaded") return;
    current = {label: currentLabel, losses: [], evals: []};
    error.textContent = "";
    for (const x of Object.values(s)) x.value.textContent = "–";
    progressBar.value = 0;
    schedule();
  });
  session.on("progress", (p: Progress) => {
    current?.losses.push(...p.losses);
    s.step.value.textContent = `${p.step} / ${p.steps}`;
    s.loss.value.textContent = p.loss.toFixed(4);
    s.lr.value.textContent = p.lr.toExponential(2);
    s.ms.value.textContent = p.msPerStep.toFixed(1);
    s.tps.value.textContent = Math.round(p.tokensPerSecond).toLocaleString("en-US");
    s.elapsed.value.textContent = formatDuration(p.elapsedMs / 1000);
    s.eta.value.textContent = formatDuration(p.etaSeconds);
    progressBar.max = p.steps;
    progressBar.value = p.step;
    schedule();
  });
  session.on("evaluation", (e: Evaluation) => {
    current?.evals.push(e);
    s.heldOut.value.textContent = e.heldOutLoss.toFixed(4);
    s.exact.value.textContent = pct(e.exactMatch);
    schedule();
  });
  session.on("failed", (message) => (error.textContent = message));
  session.on("crash", (message) => (error.textContent = `${message}. Press Reset to start a new worker.`));
  session.on("state", ({state}: {state: EngineState}) => {
    if ((state === "finished" || state === "stopped" || state === "failed") && current) {
      runs.push({...current, label: state === "finished" ? current.label : `${current.label} (${state} at ${current.losses.length})`});
      current = null;
      schedule();
    }
    if (state === "idle") {
      current = null;
      schedule();
    }
  });
  root.append(progressBar, stats, error, chart, runsNote);
  draw();
  return styled(root);
}

/** At most ~400 points per curve, so long runs stay quick to draw. */
function thin(points: [number, number][]): [number, number][] {
  const every = Math.ceil(points.length / 400);
  return every <= 1 ? points : points.filter((_, i) => i % every === 0 || i === points.length - 1);
}

// ---------------------------------------------------------------------------------------------
// Try the model: decode a typed source, show each step's top tokens and every attention map.

export function tryPanel(session: TrainingSession): HTMLElement {
  const root = el("div", {id: "try-model"});
  const input = el("input", {type: "text", id: "try-src", value: "1 3 5 7 9 2 4 6 8 10", spellcheck: false});
  input.style.cssText = "font: 14px var(--monospace); width: min(100%, 24rem);";
  const greedy = el("code", {id: "try-greedy", textContent: "–"});
  const message = el("p", {id: "try-error", className: "tp-error"});
  const beams = el("div", {id: "try-beams", className: "tp-box"});
  const steps = el("div", {id: "try-steps", className: "tp-box"});
  const maps = el("div", {id: "train-attention"});
  let seq = 0;
  let attentionAt = 0;

  async function refresh(withAttention: boolean): Promise<void> {
    const mine = ++seq;
    if (!session.model) {
      greedy.textContent = "–";
      message.textContent = "No model yet: start a run, or load one below.";
      beams.replaceChildren();
      steps.replaceChildren();
      maps.replaceChildren();
      return;
    }
    const read = readIds(input.value, session.model.vocab);
    if (read.error !== null) {
      message.textContent = `Cannot read that: ${read.error}.`;
      return;
    }
    try {
      const out = await session.decode(read.ids, 4);
      if (mine !== seq) return;
      message.textContent = "";
      show(out);
      if (withAttention) {
        const m = await session.attention(read.ids);
        if (mine !== seq) return;
        // The width of each layer's grid: as many heads per row as fit at 140 px or more each.
        const width = Math.min(root.clientWidth || 640, 900);
        const grid = (layers: number[][][][], title: string, x: string, y: string, id: string) => ({maps: layers, options: {title, x, y, id, width}});
        await drawAttentionGrids(
          maps,
          [
            grid(m.encoderSelf, "Encoder self-attention", "key (source position)", "query (source position)", "train-maps-encoder-self"),
            grid(m.decoderSelf, "Decoder self-attention", "key (target position)", "query (target position)", "train-maps-decoder-self"),
            grid(m.decoderSource, "Decoder source attention", "key (source position)", "query (target position)", "train-maps-decoder-source")
          ],
          () => mine === seq
        );
      }
    } catch (error) {
      if (mine === seq) message.textContent = (error as Error).message;
    }
  }

  function show(out: DecodeResult): void {
    greedy.textContent = out.greedy.join(" ");
    const table = (head: string[], rows: string[][]) =>
      el("table", {}, el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {textContent: h})))), el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {textContent: c}))))));
    beams.replaceChildren(table(["beam", "ids", "score"], out.beams.map((b, i) => [String(i + 1), b.ids.join(" "), b.score.toFixed(3)])));
    steps.replaceChildren(
      table(
        ["position", "1st", "2nd", "3rd"],
        out.steps.map((st) => [String(st.position), ...st.top.map((t) => `${t.id} (${pct(t.prob)})`)])
      )
    );
  }

  input.addEventListener("input", () => void refresh(true));
  session.on("model", () => void refresh(true));
  session.on("evaluation", () => {
    // Attention maps redraw at most every 2 s during training.
    const now = performance.now();
    const withAttention = now - attentionAt > 2000;
    if (withAttention) attentionAt = now;
    void refresh(withAttention);
  });
  session.on("state", ({state}) => {
    if (state === "finished" || state === "stopped" || state === "idle" || state === "failed") void refresh(true);
  });

  root.append(
    el("label", {htmlFor: "try-src", className: "course-input"}, "Source ids (1 is the start token, then ids from 1 to 10) ", input),
    message,
    el("p", {}, "Greedy output: ", greedy),
    el("h3", {textContent: "Beam search (beam 4, length penalty α = 0.6)"}),
    beams,
    el("h3", {textContent: "Greedy decoding, step by step: the three most likely next tokens"}),
    steps,
    el("h3", {textContent: "Attention, every layer and head"}),
    el("p", {className: "tp-note", textContent: "Redrawn at most every two seconds while training, with the model's own greedy output as the decoder's input."}),
    maps
  );
  void refresh(true);
  return styled(root);
}

// ---------------------------------------------------------------------------------------------
// Save and load: IndexedDB (MY_MODEL, which the Results page reads) and .safetensors files.

export function storePanel(session: TrainingSession): HTMLElement {
  const root = el("div", {id: "train-store"});
  const status = el("p", {id: "model-status", className: "tp-note"});
  const error = el("p", {id: "model-error", className: "tp-error", role: "alert"});
  const lastEval = {exact: null as number | null, step: 0};
  session.on("evaluation", (e) => Object.assign(lastEval, {exact: e.exactMatch, step: e.step}));

  const describe = () => {
    const m = session.model!;
    const acc = lastEval.exact === null ? "" : `, ${pct(lastEval.exact)} exact match`;
    return `${currentLabel === "custom" || session.state === "loaded" ? "a model" : currentLabel}: N=${m.N}, d_model ${m.dModel}, h ${m.h}${session.state === "loaded" ? ", loaded from a file" : `, ${lastEval.step} steps${acc}`}`;
  };
  const guard = async (f: () => Promise<void>) => {
    error.textContent = "";
    try {
      await f();
    } catch (e) {
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
  return styled(root);
}

// ---------------------------------------------------------------------------------------------
// Details: the worker's live tensors, which must stay flat while training.

export function detailsPanel(session: TrainingSession): HTMLElement {
  const now = el("span", {id: "train-tensors", textContent: "–"});
  const range = el("span", {id: "train-tensors-range", textContent: ""});
  let min = Infinity;
  let max = -Infinity;
  session.on("model", () => ((min = Infinity), (max = -Infinity)));
  session.on("progress", (p) => {
    now.textContent = String(p.numTensors);
    min = Math.min(min, p.numTensors);
    max = Math.max(max, p.numTensors);
    range.textContent = `(from ${min} to ${max} during this run)`;
  });
  const backend = el("span", {id: "train-details-backend", textContent: "–"});
  session.on("ready", (b) => (backend.textContent = `${b.name}${b.skipped.length ? `; passed over: ${b.skipped.join("; ")}` : ""}`));
  const details = el(
    "details",
    {id: "train-details"},
    el("summary", {textContent: "Details: memory and backend"}),
    el("p", {}, "Live tensors in the worker (tf.memory().numTensors): ", now, " ", range),
    el("p", {className: "tp-note", textContent: "The count grows once at the first evaluation (each attention layer keeps its last map for drawing) and must then stay flat: a count that climbs step after step is a leak."}),
    el("p", {}, "Backend: ", backend)
  );
  return styled(details);
}
