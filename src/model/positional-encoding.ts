// Sinusoidal positional encoding (section 3.5):
//   PE(pos, 2i) = sin(pos / 10000^(2i/d_model)),  PE(pos, 2i+1) = cos(pos / 10000^(2i/d_model))
import * as tf from "@tensorflow/tfjs-core";
import {Dropout} from "./dropout.js";
import {Module} from "./module.js";
import type {Random} from "./random.js";
import {expectShape} from "./shapes.js";

// #region table
/** The encoding table [maxLen, C], computed as the Annotated Transformer does, in float32. */
export function positionalEncodingTable(maxLen: number, dModel: number): tf.Tensor2D {
  if (dModel % 2 !== 0) throw new Error(`positionalEncodingTable: d_model must be even, not ${dModel}`);
  const pe = new Float32Array(maxLen * dModel);
  for (let i = 0; i < dModel; i += 2) {
    const divTerm = Math.fround(Math.exp(i * -(Math.log(10000) / dModel)));
    for (let pos = 0; pos < maxLen; pos++) {
      const angle = Math.fround(pos * divTerm);
      pe[pos * dModel + i] = Math.sin(angle);
      pe[pos * dModel + i + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(pe, [maxLen, dModel]);
}
// #endregion table

/** The functions a PositionalEncoding module calls (a reader's edits replace them). */
export type PositionalEncodingFunctions = {positionalEncodingTable: typeof positionalEncodingTable};
export const positionalEncodingFunctions: PositionalEncodingFunctions = {positionalEncodingTable};

// #region module
export class PositionalEncoding extends Module {
  readonly pe_LC: tf.Tensor2D; // a fixed buffer, not a parameter
  readonly dropout: Dropout;
  readonly positionalEncodingTable: typeof positionalEncodingTable;

  constructor(readonly dModel: number, dropout: number, random: Random, fns: PositionalEncodingFunctions = positionalEncodingFunctions, readonly maxLen = 5000) {
    super();
    this.positionalEncodingTable = fns.positionalEncodingTable;
    this.pe_LC = tf.keep(this.positionalEncodingTable(maxLen, dModel));
    this.dropout = this.child("dropout", new Dropout(dropout, random));
  }

  forward(x_BLC: tf.Tensor3D): tf.Tensor3D {
    expectShape("PositionalEncoding", "x_BLC", x_BLC, [null, null, this.dModel]);
    const length = x_BLC.shape[1];
    if (length > this.maxLen) throw new Error(`PositionalEncoding: length ${length} exceeds max_len ${this.maxLen}`);
    return this.dropout.forward(tf.add(x_BLC, tf.slice(this.pe_LC, [0, 0], [length, this.dModel])));
  }

  override dispose(): void {
    this.pe_LC.dispose();
    super.dispose();
  }
}
// #endregion module
