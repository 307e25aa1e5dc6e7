// The training engine's translation runs: the corpus's joint vocabulary and ids (learned once per
// corpus and preset, then reused by the next estimate or start), length-bucketed batches of the
// preset's token budget epoch after epoch, and every evalEvery steps the held-out loss and the BLEU
// of greedy translations of the preset's heldOut held-out pairs, with a few of them as samples.
import type {EncoderDecoder} from "../model/model.js";
import {PAD} from "../text/vocab.js";
import {disposeBatch, type Batch} from "../training/batch.js";
import {batchFunction, type Components} from "../training/components.js";
import type {IdPair} from "../training/length-batches.js";
import {evaluateLossAsync} from "../training/train.js";
import {epochBatches, prepareTranslationData, type TextPair, type TranslationData, translationBatch, translationBleu} from "../training/translation.js";
import {corpusKey, type TranslationRun} from "../training/translation-run.js";
import type {RunTask, TaskEvaluation} from "./run-task.js";

export interface PreparedData {
  key: string; // the corpus and the vocabulary it was prepared for
  data: TranslationData;
}

/**
 * The run's corpus as a vocabulary and ids: `last` again when it was prepared for the same corpus
 * and vocabulary (preparing 20,000 pairs takes seconds), otherwise learned anew.
 */
export function prepareRunData(run: TranslationRun, last: PreparedData | null): PreparedData {
  const {vocabSize, maxLength} = run.preset;
  const key = `${corpusKey(run.corpus)}:${vocabSize}:${maxLength}`;
  return last?.key === key ? last : {key, data: prepareTranslationData(run.corpus.train, run.corpus.valid, {vocabSize, maxLength})};
}

export class TranslationRunTask implements RunTask {
  private readonly batches: Generator<{epoch: number; indices: number[]}>;
  private readonly makeBatch: Components["makeBatch"];
  /** The held-out pairs BLEU translates, and those of them within maxLength as one batch for the loss. */
  readonly held: TextPair[];
  private heldBatch: Batch | null = null;

  constructor(readonly data: TranslationData, run: TranslationRun, private readonly components: Components) {
    this.makeBatch = batchFunction(components);
    this.batches = epochBatches(data.train, run.preset.maxTokens, run.seed);
    this.held = data.valid.slice(0, run.preset.heldOut);
    if (this.held.length === 0) throw new Error(`${run.corpus.source} has no held-out pairs to evaluate on`);
    const encoded: IdPair[] = this.held
      .map(({src, tgt}) => ({src: data.codec.encodeSentence(src), tgt: data.codec.encodeSentence(tgt)}))
      .filter(({src, tgt}) => src.length <= run.preset.maxLength && tgt.length <= run.preset.maxLength);
    if (encoded.length > 0) this.heldBatch = translationBatch(encoded, encoded.map((_, i) => i), this.makeBatch);
  }

  nextBatch(): {batch: Batch; tokens: number} {
    const {indices} = this.batches.next().value!;
    const tokens = indices.reduce((sum: number, i: number) => sum + this.data.train[i].tgt.length - 1, 0); // the shifted target's, padding aside
    return {batch: translationBatch(this.data.train, indices, this.makeBatch), tokens};
  }

  /**
   * Held-out loss (plain cross-entropy) and the corpus BLEU of greedy translations, with the first
   * three as samples. asTrained: an untrained model never writes </s> and decodes to the limit
   * (1.5 × the source + 10); a trained one stops near the reference's length, so decode to the
   * longest reference.
   */
  async evaluate(model: EncoderDecoder, current: () => boolean, {asTrained = false} = {}): Promise<TaskEvaluation | null> {
    const heldOutLoss = this.heldBatch ? await evaluateLossAsync(model, this.heldBatch, {smoothing: 0, pad: PAD}, this.components.smoothedTargets) : NaN;
    if (!current()) return null;
    const maxLen = asTrained ? Math.max(...this.held.map(({tgt}) => this.data.codec.encodeSentence(tgt).length)) : undefined;
    const {bleu, samples} = translationBleu(model, this.data.codec, this.held, {causal: this.components.subsequentMask, maxLen});
    return current() ? {heldOutLoss, bleu, samples} : null;
  }

  dispose(): void {
    if (this.heldBatch) disposeBatch(this.heldBatch);
    this.heldBatch = null;
  }
}
