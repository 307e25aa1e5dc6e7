// Runs scripts/bench/pytorch_copy.py (the Annotated Transformer's code on the copy task) with one
// run's settings and returns what it prints. Its docstring gives the input and output fields.
import {execFileSync} from "node:child_process";
import {join} from "node:path";
import type {RunConfig} from "../../src/training/run-config.js";

export interface TorchOut {
  torch: string;
  device: string;
  threads: number;
  stepMs: number[];
  evals: {step: number; exactMatch: number}[];
  reached: {step: number; trainMs: number; wallMs: number} | null;
  wallMs: number;
}

export interface TorchRun extends RunConfig {
  threads: number;
  target: number;
  stopAtTarget?: boolean;
  device?: "cpu" | "cuda";
}

/** `root` is the repository's root (the GPU bundle passes its working directory, having no source tree of its own). */
export function runPytorchCopy(python: string, root: string, input: TorchRun): TorchOut {
  const script = join(root, "scripts", "bench", "pytorch_copy.py");
  const stdout = execFileSync(python, [script, JSON.stringify(input)], {encoding: "utf8", env: {...process.env, OMP_NUM_THREADS: String(input.threads)}, maxBuffer: 64 << 20});
  return JSON.parse(stdout) as TorchOut;
}
