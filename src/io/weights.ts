// The model's weights as a safetensors file, under the Annotated Transformer's PyTorch state_dict
// names and in PyTorch's layout (a Linear weight is [out, in]), so a checkpoint moves between
// PyTorch and the browser unchanged. The sizes travel in the file's __metadata__.
import * as tf from "@tensorflow/tfjs-core";
import {EncoderDecoder, type ModelConfig} from "../model/model.js";
import {shapeString} from "../model/shapes.js";
import {parseSafetensors, serializeSafetensors, type SafetensorsFile, type SafeTensor} from "./safetensors.js";

/** Each size in ModelConfig and its __metadata__ key, as the PyTorch side writes it. */
const SIZES = [["N", "N"], ["dModel", "d_model"], ["dFF", "d_ff"], ["h", "h"], ["srcVocab", "src_vocab"], ["tgtVocab", "tgt_vocab"]] as const;
const FORMAT = "annotated-transformer";
// Fixed sinusoid buffers that a PyTorch state_dict includes; we compute ours, so they are skipped.
const POSITIONAL_BUFFERS = new Set(["src_embed.1.pe", "tgt_embed.1.pe"]);

// The largest sizes a file may declare. The paper's big model has N = 6, d_model = 1024,
// d_ff = 4096 and h = 16, and a 37000-token vocabulary; these limits are far above what a browser
// trains, and stop a header from asking for gigabytes before its tensors are compared.
const MAX_N = 64;
const MAX_D_MODEL = 8192;
const MAX_D_FF = 65536;
const MAX_H = 1024;
const MAX_VOCAB = 1_000_000;
const LIMITS: Record<(typeof SIZES)[number][1], number> = {N: MAX_N, d_model: MAX_D_MODEL, d_ff: MAX_D_FF, h: MAX_H, src_vocab: MAX_VOCAB, tgt_vocab: MAX_VOCAB};

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
  return declaredConfig(parseSafetensors(bytes), dropout, "readModelConfig");
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
  const model = new EncoderDecoder(declaredConfig(file, dropout, "loadModel"), seed);
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

/**
 * The sizes of __metadata__, once they agree with the file's own tensors and lie within the limits:
 * nothing is allocated from them before that. The embeddings give V and d_model, the layer prefixes
 * N, the first feed-forward d_ff; h must divide d_model; the parameters they make must be in the file.
 */
function declaredConfig({tensors, metadata}: SafetensorsFile, dropout: number, where: string): ModelConfig {
  const config = configFromMetadata(metadata, dropout, where);
  const says = (name: string, value: number) => `${where}: __metadata__ says ${name} = ${value}`;
  const axis = (name: string, value: number, tensor: string, index: number, axisName: string) => {
    const t = tensors.get(tensor);
    if (t === undefined) {
      const hint = tensor === "tgt_embed.0.lut.weight" ? " (its metadata has no shared_embeddings=true: were its embeddings shared?)" : "";
      throw new Error(`${says(name, value)} but the file has no tensor "${tensor}"${hint}`);
    }
    if (t.shape.length !== 2 || t.shape[index] !== value) {
      throw new Error(`${says(name, value)} but tensor "${tensor}" has shape ${shapeString(t.shape)} (${axisName} = ${t.shape[index]})`);
    }
  };
  axis("d_model", config.dModel, "src_embed.0.lut.weight", 1, "d_model");
  axis("src_vocab", config.srcVocab, "src_embed.0.lut.weight", 0, "V");
  // With shared embeddings (translation-model.ts) the one matrix is stored as the source embedding.
  const shared = metadata.shared_embeddings === "true" && !tensors.has("tgt_embed.0.lut.weight");
  axis("tgt_vocab", config.tgtVocab, shared ? "src_embed.0.lut.weight" : "tgt_embed.0.lut.weight", 0, "V");
  axis("d_ff", config.dFF, "encoder.layers.0.feed_forward.w_1.weight", 0, "d_ff");
  for (const stack of ["encoder", "decoder"]) {
    const layers = new Set([...tensors.keys()].map((name) => name.match(new RegExp(`^${stack}\\.layers\\.(\\d+)\\.`))?.[1]).filter((n) => n !== undefined));
    if (layers.size !== config.N) throw new Error(`${says("N", config.N)} but the file holds tensors for ${layers.size} ${stack} layers`);
  }
  if (config.dModel % config.h !== 0) throw new Error(`${says("h", config.h)} but d_model = ${config.dModel} is not a multiple of it`);
  for (const [key, name] of SIZES) {
    if (config[key] > LIMITS[name]) throw new Error(`${says(name, config[key])}, over the limit of ${LIMITS[name]}`);
  }
  const held = [...tensors].filter(([name]) => !POSITIONAL_BUFFERS.has(name)).reduce((n, [, t]) => n + t.data.length, 0);
  const needed = parameterCount(config) - (shared ? 2 * config.tgtVocab * config.dModel : 0); // the tied copies are not stored
  if (needed > held) throw new Error(`${where}: __metadata__'s sizes make ${needed} parameters but the file holds ${held}`);
  return config;
}

/** The parameters of the model of these sizes: the sums of the shapes of namedParameters(). */
function parameterCount({N, dModel: C, dFF: F, srcVocab, tgtVocab}: ModelConfig): number {
  const attention = 4 * (C * C + C);
  const feedForward = F * C + F + C * F + C;
  const norm = 2 * C;
  const encoderLayer = attention + feedForward + 2 * norm;
  const decoderLayer = 2 * attention + feedForward + 3 * norm;
  return N * (encoderLayer + decoderLayer) + 2 * norm + (srcVocab + tgtVocab) * C + tgtVocab * C + tgtVocab;
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
