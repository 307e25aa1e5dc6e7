// Live pieces of "The full model" page: a forward pass with every intermediate shape, and the
// Xavier-uniform bound next to a weight matrix's actual range.
import * as tf from "@tensorflow/tfjs-core";
import type {EncoderDecoder} from "../model/model.js";
import {tidyValue} from "../tfjs/tidy-value.js";
import type {Batch} from "../training/batch.js";
import type {ShapeRow} from "./stacks.js";

export interface ForwardTrace {
  rows: ShapeRow[];
  logprobs_BTV: number[][][];
}

/**
 * encode, decode and the generator, step by step (eval mode, so no dropout), recording each
 * intermediate tensor's shape. It is the same arithmetic as model.forward then model.generator.
 */
export function traceForward(model: EncoderDecoder, batch: Batch): ForwardTrace {
  return model.evaluating(() =>
    tidyValue(() => {
      const {src_BS, srcMask_B1S, tgtIn_BT, tgtY_BT, tgtMask_BTT} = batch;
      const rows: ShapeRow[] = [
        {name: "src_BS", shape: src_BS.shape, note: "source token ids"},
        {name: "srcMask_B1S", shape: srcMask_B1S.shape, note: "source positions that are not padding"},
        {name: "tgtIn_BT", shape: tgtIn_BT.shape, note: "what the decoder reads: tgt[:, :-1]"},
        {name: "tgtY_BT", shape: tgtY_BT.shape, note: "what it must predict: tgt[:, 1:]"},
        {name: "tgtMask_BTT", shape: tgtMask_BTT.shape, note: "not padding and not in the future"}
      ];
      let x_BSC = model.src_embed.forward(src_BS);
      rows.push({name: "src embedded", shape: x_BSC.shape, note: "lookup × √C + positional encoding"});
      model.encoder.layers.forEach((layer, i) => {
        x_BSC = layer.forward(x_BSC, srcMask_B1S);
        rows.push({name: `encoder layer ${i} output`, shape: x_BSC.shape, note: "self-attention, feed-forward"});
      });
      const memory_BSC = model.encoder.norm.forward(x_BSC);
      rows.push({name: "memory_BSC", shape: memory_BSC.shape, note: "the encoder stack's final LayerNorm"});
      let y_BTC = model.tgt_embed.forward(tgtIn_BT);
      rows.push({name: "tgt embedded", shape: y_BTC.shape, note: "lookup × √C + positional encoding"});
      model.decoder.layers.forEach((layer, i) => {
        y_BTC = layer.forward(y_BTC, memory_BSC, srcMask_B1S, tgtMask_BTT);
        rows.push({name: `decoder layer ${i} output`, shape: y_BTC.shape, note: "masked self-attention, source-attention, feed-forward"});
      });
      const out_BTC = model.decoder.norm.forward(y_BTC);
      rows.push({name: "decoder output", shape: out_BTC.shape, note: "the decoder stack's final LayerNorm"});
      const logprobs_BTV = model.generator.forward(out_BTC);
      rows.push({name: "logprobs_BTV", shape: logprobs_BTV.shape, note: "log-probabilities over the vocabulary"});
      return {rows, logprobs_BTV: logprobs_BTV.arraySync() as number[][][]};
    })
  );
}

export interface XavierRange {
  fanIn: number;
  fanOut: number;
  bound: number; // sqrt(6 / (fan_in + fan_out))
  min: number;
  max: number;
  variance: number; // measured; Xavier aims at 2 / (fan_in + fan_out)
}

/** A weight [fan_out, fan_in] (PyTorch's layout) against its Xavier-uniform bound. */
export function xavierRange(weight_OI: tf.Tensor2D): XavierRange {
  const [fanOut, fanIn] = weight_OI.shape;
  return tf.tidy(() => {
    const {variance} = tf.moments(weight_OI);
    return {
      fanIn,
      fanOut,
      bound: Math.sqrt(6 / (fanIn + fanOut)),
      min: tf.min(weight_OI).dataSync()[0],
      max: tf.max(weight_OI).dataSync()[0],
      variance: variance.dataSync()[0]
    };
  });
}

/** The ranges as a table with one column per matrix: row labels and rows for matrixTable. */
export function xavierTableRows(ranges: readonly XavierRange[]): {labels: string[]; rows: (string | number)[][]} {
  const stats: [string, (r: XavierRange) => string | number][] = [
    ["shape", (r) => `[${r.fanOut},\u00a0${r.fanIn}]`],
    ["bound a", (r) => r.bound],
    ["min", (r) => r.min],
    ["max", (r) => r.max],
    ["variance ×10³", (r) => r.variance * 1e3],
    ["2/(n_in+n_out) ×10³", (r) => 2e3 / (r.fanIn + r.fanOut)]
  ];
  return {labels: stats.map(([label]) => label), rows: stats.map(([, f]) => ranges.map(f))};
}
