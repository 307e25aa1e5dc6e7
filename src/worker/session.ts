// The page's side of the training worker: commands, requests that return promises, and events.
// A worker that crashes (or sends what cannot be read) is reported as a "crash" event, and every
// request still waiting is refused with the reason.
import type {ComponentReport} from "../editing/carry-forward.js";
import type {ReaderEdits} from "../editing/reader-edits.js";
import type {BackendName} from "../tfjs/backend.js";
import type {BackendInfo, EngineState, Evaluation, FromWorker, ModelSummary, Progress, Replies, Request, ToWorker} from "./protocol.js";
import {PRESETS} from "../training/presets.js";
import {type AnyRun, backendFor, presetRun, wasmThreadsFor} from "../training/run-config.js";

export interface SessionEvents {
  ready: BackendInfo;
  state: {state: EngineState; message?: string};
  progress: Progress;
  evaluation: Evaluation;
  model: {summary: ModelSummary; label: string | null}; // label: the run's, as start() was given it; null for a model loaded from a file
  components: ComponentReport[]; // the run that starts uses these of the reader's functions (empty: the library's only)
  failed: string; // a run stopped on an error
  noGradient: {step: number; parameters: string[]}; // the parameters that no gradient reaches, from that step on (empty: every one again)
  crash: string; // the worker itself died
}

type Listener<K extends keyof SessionEvents> = (value: SessionEvents[K]) => void;
type Omit2<T, K extends keyof never> = T extends unknown ? Omit<T, K> : never;

export class TrainingSession {
  state: EngineState = "idle";
  backend: BackendInfo | null = null;
  model: ModelSummary | null = null;
  private label = ""; // the label of the run started last
  private worker: Worker;
  /** The backend asked of the worker (it may fall back to another: see `backend`). */
  wanted: BackendName;
  /** Whether each run gets the backend that suits it (backendFor), rather than one the reader picked. */
  automatic: boolean;
  private threads: number; // the worker's wasm threads
  private nextId = 1;
  private readonly pending = new Map<number, {resolve: (v: unknown) => void; reject: (e: Error) => void}>();
  private readonly listeners: {[K in keyof SessionEvents]?: Listener<K>[]} = {};

  /**
   * init.backend: the best backend of this browser, or the one the page's address asked for, with
   * init.automatic false; when automatic, each run trains on the backend that suits it (backendFor).
   * init.threads: wasm threads asked for every run (`?threads=N`), null to let each run choose
   * (wasmThreadsFor, from init.cores, the logical cores).
   */
  constructor(
    private readonly makeWorker: () => Worker,
    private readonly init: {backend: BackendName; automatic: boolean; wasmPaths: Record<string, string>; threads: number | null; cores: number}
  ) {
    const first = presetRun(PRESETS["copy-tiny"]); // the page's first run, unless the reader picks another
    this.automatic = init.automatic;
    this.wanted = init.automatic ? backendFor(first, init.backend) : init.backend;
    this.threads = init.threads ?? wasmThreadsFor(first, init.cores);
    this.worker = this.spawn(this.wanted);
  }

  private spawn(backend: BackendName): Worker {
    const worker = this.makeWorker();
    worker.onmessage = (event) => this.receive(event.data as FromWorker);
    worker.onerror = (event) => {
      event.preventDefault();
      this.crashed(`the training worker crashed: ${event.message || "an error with no message (could its script not load?)"}`);
    };
    worker.onmessageerror = () => this.crashed("the training worker sent a message that could not be read");
    worker.postMessage({type: "init", backend, wasmPaths: this.init.wasmPaths, threads: this.threads} satisfies ToWorker);
    return worker;
  }

  private dead = false;

  private crashed(message: string): void {
    this.dead = true;
    for (const {reject} of this.pending.values()) reject(new Error(message));
    this.pending.clear();
    this.state = "failed";
    this.emit("crash", message);
    this.emit("state", {state: "failed", message});
  }

  on<K extends keyof SessionEvents>(type: K, listener: Listener<K>): () => void {
    const list = (this.listeners[type] ??= []) as Listener<K>[];
    list.push(listener);
    return () => list.splice(list.indexOf(listener), 1);
  }

  private emit<K extends keyof SessionEvents>(type: K, value: SessionEvents[K]): void {
    for (const listener of (this.listeners[type] ?? []) as Listener<K>[]) listener(value);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case "ready":
        this.backend = message.backend;
        return this.emit("ready", message.backend);
      case "state":
        this.state = message.state;
        if (message.state === "idle") this.model = null;
        return this.emit("state", {state: message.state, message: message.message});
      case "progress":
        return this.emit("progress", message.progress);
      case "evaluation":
        return this.emit("evaluation", message.evaluation);
      case "model":
        this.model = message.summary;
        return this.emit("model", {summary: message.summary, label: this.state === "loaded" ? null : this.label});
      case "components":
        return this.emit("components", message.report);
      case "failed":
        return this.emit("failed", message.message);
      case "noGradient":
        return this.emit("noGradient", {step: message.step, parameters: message.parameters});
      case "reply": {
        const waiting = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.ok) waiting?.resolve(message.value);
        else waiting?.reject(new Error(message.error));
      }
    }
  }

  private send(command: ToWorker): void {
    this.worker.postMessage(command);
  }

  private request<R extends Request>(request: Omit2<R, "id">, transfer: Transferable[] = []): Promise<Replies[R["type"]]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {resolve: resolve as (v: unknown) => void, reject});
      this.worker.postMessage({...request, id}, transfer);
    });
  }

  /**
   * A worker on the backend that suits `run` (when the choice is automatic) and, on wasm, on the
   * threads that suit it: when either differs from the current worker's, a fresh worker replaces it
   * (wasm fixes its threads when it starts). Only when that loses nothing: before a run, or with no
   * model to keep.
   */
  private suit(run: AnyRun): void {
    const backend = this.automatic ? backendFor(run, this.init.backend) : this.wanted;
    const threads = this.init.threads ?? wasmThreadsFor(run, this.init.cores);
    if (backend === this.wanted && (backend !== "wasm" || threads === this.threads)) return;
    this.wanted = backend;
    this.threads = threads;
    this.respawn();
  }

  /**
   * Starts a fresh run; with `components`, the model is built with the reader's edited functions.
   * `label` names the run in the events that follow (the chart's legend, a saved model's description).
   */
  start(run: AnyRun, components?: ReaderEdits, label = run.name): void {
    this.label = label;
    this.suit(run);
    this.send(components ? {type: "start", run, components} : {type: "start", run});
  }
  pause(): void {
    this.send({type: "pause"});
  }
  resume(): void {
    this.send({type: "resume"});
  }
  stop(): void {
    this.send({type: "stop"});
  }
  /** Forgets the model; after a crash, starts a fresh worker. */
  reset(): void {
    if (this.dead) return void this.respawn();
    this.send({type: "reset"});
  }
  private respawn(): void {
    this.worker.terminate();
    for (const {reject} of this.pending.values()) reject(new Error("the training worker was restarted"));
    this.pending.clear();
    this.dead = false;
    this.state = "idle";
    this.model = null;
    this.emit("state", {state: "idle"});
    this.worker = this.spawn(this.wanted);
  }

  decode(src: number[], beamSize = 4): Promise<Replies["decode"]> {
    return this.request<Extract<Request, {type: "decode"}>>({type: "decode", src, beamSize});
  }
  /** A translation model's English for `text`: greedy with beam 1, else beam search. */
  translate(text: string, beam = 1): Promise<Replies["translate"]> {
    return this.request<Extract<Request, {type: "translate"}>>({type: "translate", text, beam});
  }
  attention(src: number[]): Promise<Replies["attention"]> {
    return this.request<Extract<Request, {type: "attention"}>>({type: "attention", src});
  }
  save(): Promise<Uint8Array> {
    return this.request<Extract<Request, {type: "save"}>>({type: "save"});
  }
  load(bytes: Uint8Array): Promise<ModelSummary> {
    const copy = bytes.slice();
    return this.request<Extract<Request, {type: "load"}>>({type: "load", bytes: copy}, [copy.buffer]);
  }
  estimate(run: AnyRun, steps = 3): Promise<Replies["estimate"]> {
    if (!this.model) this.suit(run);
    return this.request<Extract<Request, {type: "estimate"}>>({type: "estimate", run, steps});
  }
  /** Trains on `name` from now on, or with "auto" on the backend that suits each run; resets the model. */
  async setBackend(name: BackendName | "auto", next?: AnyRun): Promise<BackendInfo> {
    this.automatic = name === "auto";
    this.wanted = name === "auto" ? backendFor(next ?? presetRun(PRESETS["copy-tiny"]), this.init.backend) : name;
    this.backend = await this.request<Extract<Request, {type: "setBackend"}>>({type: "setBackend", backend: this.wanted});
    this.emit("ready", this.backend);
    return this.backend;
  }

  dispose(): void {
    this.worker.terminate();
    this.pending.clear();
  }
}
