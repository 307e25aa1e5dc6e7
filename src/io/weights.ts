// The model's weights as a safetensors file, under the Annotated Transformer's PyTorch state_dict
// names and in PyTorch's layout (a Linear weight is [out, in]), so a checkpoint moves between
// PyTorch and the browser unchanged. The sizes travel in the file's __metadata__.
import * as tf from "@tensorflow/tfjs";
import {EncoderDecoder, type ModelConfig} from "../model/model.js";
import {shapeString} from "../model/shapes.js";
import {parseSafetensors, serializeSafetensors, type SafetensorsFile, type SafeTensor} from "./safetensors.js";

/** Each size in ModelConfig and its __metadata__ key, as the PyTorch side writes it. */
const SIZES = [["N", "N"], ["dModel", "d_model"], ["dFF", "d_ff"], ["h", "h"], ["srcVocab", "src_vocab"], ["tgtVocab", "tgt_vocab"]] as const;
const FORMAT = "annotated-transformer";
// Fixed sinusoid buffers that a PyTorch state_dict includes; we compute ours, so they are skipped.
const POSITIONAL_BUFFERS = new Set(["src_embed.1.pe", "tgt_embed.1.pe"]);

/** Every parameter, float32, plus the sizes in __metadata__. The positional buffers are left out. */
export function saveWeights(model: EncoderDecoder): Uint8Array {
  const metadata: Record<string, string> = {};
  for (const [key, name] of SIZES) metadata[name] = String(model.config[key]);
  metadata.format = FORMAT;
  const tensors = model.namedParameters().map(([name, v]): [string, {shape: number[]; data: Float32Array}] => {
    const data = v.dataSync();
    if (!(data instanceof Float32Array)) throw new Error(`saveWeights: parameter "${name}" is ${v.dtype}, not float32`);
    return [name, {shape: v.shape, data}];
  });
  return serializeSafetensors(tensors, metadata);
}

/**
 * The model's sizes, from the file's __metadata__. Dropout is a training setting, not part of the
 * weights, so the file does not hold it: it is the `dropout` argument (0.1, the paper's, by default).
 */
export function readModelConfig(bytes: Uint8Array, dropout = 0.1): ModelConfig {
  return configFromMetadata(parseSafetensors(bytes).metadata, dropout, "readModelConfig");
}

/**
 * Loads a file's weights into `model`. Everything is checked before anything is assigned, so a
 * refused file leaves the model as it was. The file's sizes must equal the model's.
 */
export function loadWeights(model: EncoderDecoder, bytes: Uint8Array): void {
  assignWeights(model, parseSafetensors(bytes), "loadWeights");
}

/** A new model with the file's sizes and weights (`seed` only drives dropout then). */
export function loadModel(bytes: Uint8Array, seed = 0, dropout = 0.1): EncoderDecoder {
  const file = parseSafetensors(bytes);
  const model = new EncoderDecoder(configFromMetadata(file.metadata, dropout, "loadModel"), seed);
  try {
    assignWeights(model, file, "loadModel");
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

function configFromMetadata(metadata: Record<string, string>, dropout: number, where: string): ModelConfig {
  const size = (name: string): number => {
    const value = metadata[name];
    if (value === undefined) throw new Error(`${where}: the file's metadata has no "${name}" (is it an Annotated Transformer checkpoint?)`);
    if (!/^[1-9][0-9]*$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new Error(`${where}: the file's metadata has ${name}=${JSON.stringify(value)}, not a positive integer`);
    }
    return Number(value);
  };
  const config = {dropout} as ModelConfig;
  for (const [key, name] of SIZES) config[key] = size(name);
  return config;
}

function assignWeights(model: EncoderDecoder, {tensors, metadata}: SafetensorsFile, where: string): void {
  const fileConfig = configFromMetadata(metadata, model.config.dropout, where);
  for (const [key, name] of SIZES) {
    const [inFile, inModel] = [fileConfig[key], model.config[key]];
    if (inFile !== inModel) throw new Error(`${where}: the file has ${name}=${inFile} but the model has ${name}=${inModel}`);
  }

  const parameters = new Map(model.namedParameters());
  for (const name of parameters.keys()) {
    if (!tensors.has(name)) throw new Error(`${where}: the file has no tensor "${name}"`);
  }
  for (const [name, t] of tensors) {
    const v = parameters.get(name);
    if (v === undefined) {
      checkPositionalBuffer(name, t, model.config.dModel, where);
      continue;
    }
    if (shapeString(t.shape) !== shapeString(v.shape)) {
      throw new Error(`${where}: tensor "${name}" has shape ${shapeString(t.shape)} but the model's is ${shapeString(v.shape)}`);
    }
    const bad = t.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`${where}: tensor "${name}" holds ${t.data[bad]} at index ${bad}`);
  }

  // Every check passed: only now does the model change.
  for (const [name, v] of parameters) {
    tf.tidy(() => v.assign(tf.tensor(tensors.get(name)!.data, v.shape)));
  }
}

/** A PyTorch state_dict's "pe" buffer [1, max_len, d_model] is accepted and ignored; any other extra name is refused. */
function checkPositionalBuffer(name: string, t: SafeTensor, dModel: number, where: string): void {
  if (!POSITIONAL_BUFFERS.has(name)) throw new Error(`${where}: the file has tensor "${name}", which is not a parameter of the model`);
  const [one, maxLen, c] = t.shape;
  if (t.shape.length !== 3 || one !== 1 || maxLen < 1 || c !== dModel) {
    throw new Error(`${where}: tensor "${name}" has shape ${shapeString(t.shape)} but a positional buffer is [1, max_len, ${dModel}]`);
  }
}
