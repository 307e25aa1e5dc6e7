// The Node side of the backend choice, for tests and the command line: cpu or wasm
// (@tensorflow/tfjs-node cannot install here). TFJS_BACKEND=cpu|wasm picks one; wasm is the default.
// tfjs-core with the ops' gradients, their chained forms and the cpu backend registered: Node
// loads the @tensorflow/tfjs package's bundle for them (the browser's pages use core.ts).
import "@tensorflow/tfjs";
import {type BackendName, type BackendReport, pickBackend} from "./backend.js";

export type NodeBackendName = Extract<BackendName, "cpu" | "wasm">;

export function initNodeBackend(name: NodeBackendName = nodeBackendFromEnv()): Promise<BackendReport> {
  if (name === "cpu") return pickBackend([{name}]);
  let version: string | undefined;
  return pickBackend([{name, register: async () => void ({version_wasm: version} = await import("@tensorflow/tfjs-backend-wasm")), version: () => version}]);
}

export function nodeBackendFromEnv(value = process.env.TFJS_BACKEND): NodeBackendName {
  if (value === undefined || value === "") return "wasm";
  if (value === "cpu" || value === "wasm") return value;
  throw new Error(`TFJS_BACKEND must be cpu or wasm in Node, not ${JSON.stringify(value)}`);
}
