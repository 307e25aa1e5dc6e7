// The Batches page's real label-shift example (src/batches.md): a tokenizer learned on a small
// generated corpus, and one German–English pair through it and the library's makeBatch.
import * as tf from "@tensorflow/tfjs-core";
import {CORPUS_DEFAULTS, generateCorpus} from "../corpus/index.js";
import {buildTokenizer, PAD, type TextCodec, type Tokenizer} from "../text/vocab.js";
import {disposeBatch, makeBatch} from "../training/batch.js";

/** The generated corpus's pairs that the Batches page learns its small tokenizer on. */
export const BATCHES_CORPUS = {seed: CORPUS_DEFAULTS.seed, pairs: 2000} as const;
export const BATCHES_VOCAB = 1000;

/** The Batches page's tokenizer: BPE of BATCHES_VOCAB learned on the training split of a small generated corpus (deterministic). */
export function batchesTokenizer(): Tokenizer {
  const {train} = generateCorpus(BATCHES_CORPUS);
  return buildTokenizer(train.flatMap((p) => [p.de, p.en]), BATCHES_VOCAB);
}

export interface LabelShift {
  /** The target's pieces and ids, <s> … </s>. */
  pieces: string[];
  ids: number[];
  /** From makeBatch: what the decoder reads and what it must predict, as ids and as pieces. */
  tgtIn: number[];
  tgtY: number[];
  tgtInPieces: string[];
  tgtYPieces: string[];
  ntokens: number;
}

/** The source and target through the tokenizer and the library's makeBatch (a batch of one). */
export function labelShift(codec: TextCodec, source: string, target: string, batch = makeBatch): LabelShift {
  const {ids, pieces} = codec.encodeDetailed(target);
  const src_BS = tf.tensor2d([codec.encodeSentence(source)], undefined, "int32");
  const tgt_BL = tf.tensor2d([ids], undefined, "int32");
  const made = batch(src_BS, tgt_BL, PAD);
  tf.dispose([src_BS, tgt_BL]);
  try {
    const tgtIn = Array.from(made.tgtIn_BT.dataSync());
    const tgtY = Array.from(made.tgtY_BT.dataSync());
    const vocab = codec.tokenizer.vocab;
    return {pieces, ids, tgtIn, tgtY, tgtInPieces: tgtIn.map((id) => vocab[id]), tgtYPieces: tgtY.map((id) => vocab[id]), ntokens: made.ntokens.dataSync()[0]};
  } finally {
    disposeBatch(made);
  }
}
