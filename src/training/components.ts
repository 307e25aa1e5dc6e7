// The replaceable components: the 11 functions of the model and the 4 of training that a reader can
// edit ("Use my components" on the training page) and that the ablations replace. This is the one
// place where a partial set (the reader's, an ablation's) is composed with the library's.
import * as tf from "@tensorflow/tfjs-core";
import {paddingMask, subsequentMask} from "../model/masks.js";
import {type ModelFunctions, modelFunctions} from "../model/model.js";
import {type Ablations, ablationFunctions} from "./ablations.js";
import {type Batch, makeBatch} from "./batch.js";
import {smoothedTargets} from "./label-smoothing.js";
import {rate} from "./noam.js";

/** The functions of training that a reader can replace. */
export type TrainingFunctions = {makeBatch: typeof makeBatch; smoothedTargets: typeof smoothedTargets; rate: typeof rate; subsequentMask: typeof subsequentMask};

/** Every replaceable function, by name (each is also an editable cell's id). */
export type Components = ModelFunctions & TrainingFunctions;
export type ComponentName = keyof Components;

export const libraryComponents: Components = {...modelFunctions, makeBatch, smoothedTargets, rate, subsequentMask};

/** The library's components with the reader's in their place, and the ablations' over both (an ablation wins for the function it replaces). */
export function composeComponents(reader: Partial<Components> = {}, ablations: Ablations = {}): Components {
  return {...libraryComponents, ...reader, ...ablationFunctions(ablations)};
}

/** targetMask (src/model/masks.ts) with another subsequentMask: not padding AND what `subsequent` lets through. */
export function targetMaskWith(subsequent: typeof subsequentMask, tgt_BT: tf.Tensor2D, pad = 0): tf.Tensor3D {
  return tf.tidy(() => tf.logicalAnd(paddingMask(tgt_BT, pad), subsequent(tgt_BT.shape[1])) as tf.Tensor3D);
}

/**
 * The makeBatch that training uses with these components. makeBatch calls targetMask, which calls
 * the library's subsequentMask; so that a replaced subsequentMask (the reader's, or the "no target
 * mask" ablation) reaches the batch without a hook in makeBatch's own code, the target mask is
 * computed again here with it.
 */
export function batchFunction({makeBatch, subsequentMask: subsequent}: Components): typeof makeBatch {
  if (subsequent === subsequentMask) return makeBatch;
  return (src_BS, tgtFull_BL, pad = 0): Batch => {
    const batch = makeBatch(src_BS, tgtFull_BL, pad);
    const tgtMask_BTT = targetMaskWith(subsequent, batch.tgtIn_BT, pad);
    batch.tgtMask_BTT.dispose();
    return {...batch, tgtMask_BTT};
  };
}
