// The browser's trial worker (src/editing/trial.ts): tfjs on its cpu backend, then one verdict
// per edit the page sends. It imports no Framework module and touches no DOM; the page terminates
// it when an edit runs too long.
import * as tf from "@tensorflow/tfjs-core";
import "../tfjs/core.js";
import {serveTrials} from "./judge.js";
import type {FromTrialWorker, TrialRequest} from "./trial.js";

const scope = self as unknown as {postMessage(message: FromTrialWorker): void; addEventListener(type: "message", handle: (e: MessageEvent<TrialRequest>) => void): void};

await tf.setBackend("cpu");
serveTrials({post: (m) => scope.postMessage(m), onRequest: (handle) => scope.addEventListener("message", (e) => handle(e.data))});
