// Named training set-ups for the copy task, shared by the command line and the training page.
import type {ModelConfig} from "../model/model.js";
import type {TrainOptions} from "./train.js";

export interface Preset {
  name: string;
  description: string;
  model: Omit<ModelConfig, "srcVocab" | "tgtVocab">;
  train: TrainOptions;
  vocab: number; // V, for source and target
  length: number; // tokens per sequence, the start token included
  batchSize: number;
  steps: number;
}

const COPY = {vocab: 11, length: 10};

export const PRESETS = {
  // Reaches 100% exact match in about 250 steps (a few seconds on a laptop CPU with wasm).
  "copy-tiny": {
    name: "copy-tiny",
    description: "N=1, d_model 32, h 4: learns to copy in seconds",
    model: {N: 1, dModel: 32, dFF: 64, h: 4, dropout: 0},
    train: {smoothing: 0.1, pad: 0, lrBase: 2, factor: 1, warmup: 100},
    ...COPY,
    batchSize: 32,
    steps: 400
  },
  "copy-small": {
    name: "copy-small",
    description: "N=2, d_model 64, h 4, with dropout: a real two-block Transformer",
    model: {N: 2, dModel: 64, dFF: 256, h: 4, dropout: 0.1},
    train: {smoothing: 0.1, pad: 0, lrBase: 1, factor: 1, warmup: 200},
    ...COPY,
    batchSize: 80,
    steps: 600
  },
  // The Annotated Transformer's own copy-task run: 20 epochs of 20 batches of 80.
  "copy-paper": {
    name: "copy-paper",
    description: "The original's configuration: N=2, d_model 512, d_ff 2048, h 8, batch 80, 400 steps",
    model: {N: 2, dModel: 512, dFF: 2048, h: 8, dropout: 0.1},
    train: {smoothing: 0, pad: 0, lrBase: 0.5, factor: 1, warmup: 400},
    ...COPY,
    batchSize: 80,
    steps: 400
  }
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;

export function getPreset(name: string): Preset {
  if (!Object.hasOwn(PRESETS, name)) throw new Error(`unknown preset "${name}"; choose one of ${Object.keys(PRESETS).join(", ")}`);
  return PRESETS[name as PresetName];
}
