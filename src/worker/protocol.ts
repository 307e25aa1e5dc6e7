// The messages between the training page and its Web Worker. Requests that expect an answer carry
// an id, and the worker answers each with a "reply" of the same id.
import type {ComponentReport} from "../editing/carry-forward.js";
import type {ReaderEdits} from "../editing/reader-edits.js";
import type {ModelAttention} from "../lessons/results.js";
import type {BackendName} from "../tfjs/backend.js";
import type {AnyRun} from "../training/run-config.js";

/** preparing: a translation run learns its vocabulary and encodes its corpus before its first step. */
export type EngineState = "idle" | "preparing" | "running" | "paused" | "stopped" | "finished" | "failed" | "loaded";

/** Page → worker: commands that need no answer. */
export type Command =
  | {type: "init"; backend: BackendName; wasmPaths: Record<string, string>; threads: number} // threads: wasm's
  | {type: "start"; run: AnyRun; components?: ReaderEdits} // components: the reader's edited functions to train with
  | {type: "pause"}
  | {type: "resume"}
  | {type: "stop"}
  | {type: "reset"};

/** Page → worker: requests, answered by a reply with the same id. */
export type Request =
  | {type: "decode"; id: number; src: number[]; beamSize: number}
  | {type: "translate"; id: number; text: string; beam: number} // a translation model only: beam 1 is greedy
  | {type: "attention"; id: number; src: number[]}
  | {type: "save"; id: number}
  | {type: "load"; id: number; bytes: Uint8Array}
  | {type: "estimate"; id: number; run: AnyRun; steps: number}
  | {type: "setBackend"; id: number; backend: BackendName};

export type ToWorker = Command | Request;

/** The answers, by request type. */
export interface Replies {
  decode: DecodeResult;
  translate: {translation: string; pieces: string[]; unknown: number[]}; // the source as the model saw it: its subwords, and the positions of those that became <unk>
  attention: ModelAttention;
  save: Uint8Array;
  load: ModelSummary;
  estimate: {msPerStep: number[]; evalMs: number; seconds: number}; // timed steps, one timed evaluation, and the whole run
  setBackend: BackendInfo;
}

export interface BackendInfo {
  name: BackendName;
  skipped: string[]; // why the others were passed over
  note?: string; // wasm only: why it runs its stock kernels instead of the course's (a version they were not written for)
  threads?: number; // wasm only: the threads it computes on (1 unless the page is cross-origin isolated)
}

export interface ModelSummary {
  task: "copy" | "translation";
  N: number;
  dModel: number;
  dFF: number;
  h: number;
  vocab: number;
  parameters: number;
}

/** One decoding position's most likely next tokens. */
export interface DecodeStep {
  position: number; // the output position being predicted (1 = the first after the start token)
  top: {id: number; prob: number}[];
}

export interface DecodeResult {
  greedy: number[];
  beams: {ids: number[]; score: number}[];
  steps: DecodeStep[];
}

export interface Progress {
  step: number;
  steps: number;
  loss: number; // training loss per token of the last step
  lr: number;
  msPerStep: number; // time in a training step, over the last reporting interval
  tokensPerSecond: number;
  elapsedMs: number; // time in training steps only
  wallMs: number; // since Start, pauses excluded: steps, evaluations and everything between
  evalMs: number; // of wallMs, the time in held-out evaluations
  etaSeconds: number | null; // etaSeconds (run-config.ts): the steps and evaluations left at the pace measured so far
  numTensors: number; // tf.memory().numTensors in the worker
  losses: [number, number][]; // [step, loss] of every step since the last report
}

export interface Evaluation {
  step: number;
  heldOutLoss: number; // cross-entropy per token on the held-out batch (no smoothing, eval mode); translation: the held-out pairs BLEU translates
  exactMatch?: number; // copy task: greedy decoding, fraction of held-out sequences copied exactly
  bleu?: number; // translation: corpus BLEU in percent of greedy translations of the held-out pairs
  samples?: {src: string; ref: string; hyp: string}[]; // translation: the first few of them
  numTensors: number;
}

/** Worker → page. */
export type FromWorker =
  | {type: "ready"; backend: BackendInfo}
  | {type: "state"; state: EngineState; message?: string}
  | {type: "progress"; progress: Progress}
  | {type: "evaluation"; evaluation: Evaluation}
  | {type: "model"; summary: ModelSummary}
  | {type: "components"; report: ComponentReport[]} // what became of the reader's components at the start of a run
  | {type: "failed"; message: string} // the run stopped on an error (e.g. a NaN loss)
  | {type: "noGradient"; step: number; parameters: string[]} // from this step on, these parameters get no gradient (empty: all get one again)
  | {type: "reply"; id: number; ok: true; value: unknown}
  | {type: "reply"; id: number; ok: false; error: string};
