// What a trained model does with a sequence: its decodings and every attention map.
import * as tf from "@tensorflow/tfjs-core";
import {paddingMask, subsequentMask} from "../model/masks.js";
import type {EncoderDecoder} from "../model/model.js";
import type {MultiHeadedAttention} from "../model/multi-head-attention.js";

/** Attention probabilities per layer and head: maps[layer][head] is a [query][key] matrix. */
export type AttentionMaps = number[][][][];

export interface ModelAttention {
  encoderSelf: AttentionMaps; // source × source
  decoderSelf: AttentionMaps; // target × target (lower-triangular: the decoder cannot look ahead)
  decoderSource: AttentionMaps; // target × source
}

/**
 * Runs the model in eval mode on one source and one decoder input (e.g. its own decoding) and
 * returns the attention maps of every layer and head.
 */
export function attentionMaps(model: EncoderDecoder, src: number[], tgtIn: number[], pad = 0): ModelAttention {
  model.evaluating(() =>
    tf.tidy(() => {
      const src_1S = tf.tensor2d([src], undefined, "int32");
      const tgt_1T = tf.tensor2d([tgtIn], undefined, "int32");
      model.forward(src_1S, tgt_1T, paddingMask(src_1S, pad), subsequentMask(tgtIn.length));
    })
  );
  const read = (layers: MultiHeadedAttention[]) => layers.map((l) => (l.attn!.arraySync() as number[][][][])[0]);
  const layers = model.attentionLayers();
  return {encoderSelf: read(layers.encoderSelf), decoderSelf: read(layers.decoderSelf), decoderSource: read(layers.decoderSource)};
}

/** The mean weight a query gives to its own position, over every layer, head and row of square maps. */
export function diagonalShare(maps: AttentionMaps): number {
  let sum = 0;
  let rows = 0;
  for (const layer of maps)
    for (const head of layer)
      head.forEach((row, i) => {
        if (row.length !== head.length) throw new Error(`diagonalShare: a map is ${head.length} × ${row.length}, not square`);
        sum += row[i];
        rows += 1;
      });
  if (rows === 0) throw new Error("diagonalShare: no attention maps");
  return sum / rows;
}

/** "1 5 3 9" → [1, 5, 3, 9], refusing anything that is not a token id of the vocabulary. */
export function parseIds(text: string, vocab: number): number[] {
  const parts = text.trim().split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) throw new Error("type some token ids, e.g. 1 5 3 9");
  return parts.map((p) => {
    const id = Number(p);
    if (!Number.isInteger(id) || id < 0 || id >= vocab) throw new Error(`"${p}" is not a token id between 0 and ${vocab - 1}`);
    return id;
  });
}

/** parseIds for a text box: the ids, or the reason they cannot be read. */
export function readIds(text: string, vocab: number): {ids: number[]; error: null} | {ids: null; error: string} {
  try {
    return {ids: parseIds(text, vocab), error: null};
  } catch (error) {
    return {ids: null, error: error instanceof Error ? error.message : String(error)};
  }
}
