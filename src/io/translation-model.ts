// A translation model as one safetensors file: the weights under the PyTorch reference's names,
// and in __metadata__ everything else needed to translate with it: the sizes (as weights.ts
// writes them), "shared_embeddings", and the tokenizer's JSON under "tokenizer" (src/text/vocab.ts).
//
// With shared embeddings the one [V, C] matrix is stored once, as "src_embed.0.lut.weight" (what
// PyTorch's named_parameters() lists). A PyTorch state_dict() of a tied model also holds it under
// "tgt_embed.0.lut.weight" and "generator.proj.weight": on load those two names are accepted
// when they hold exactly the same numbers, and refused when they differ (the file would then be
// of an untied model). The positional-encoding buffers are accepted and ignored, as weights.ts does.
import * as tf from "@tensorflow/tfjs-core";
import {EncoderDecoder, type ModelConfig} from "../model/model.js";
import {shapeString} from "../model/shapes.js";
import {TextCodec, type Tokenizer, tokenizerFromMetadata, tokenizerToMetadata} from "../text/vocab.js";
import {parseSafetensors, serializeSafetensors, type SafeTensor} from "./safetensors.js";
import {readModelConfig, saveWeights} from "./weights.js";

export const SHARED_EMBEDDINGS_KEY = "shared_embeddings";
const SHARED_NAME = "src_embed.0.lut.weight";
const SHARED_ALIASES = ["tgt_embed.0.lut.weight", "generator.proj.weight"];
const POSITIONAL_BUFFERS = new Set(["src_embed.1.pe", "tgt_embed.1.pe"]);

export interface TranslationModel {
  model: EncoderDecoder;
  tokenizer: Tokenizer;
  codec: TextCodec;
  /** The file's __metadata__ as read (sizes, tokenizer, and whatever else the trainer wrote). */
  metadata: Record<string, string>;
}

/**
 * The model's parameters (a shared matrix once) and, in __metadata__, its sizes,
 * shared_embeddings and the tokenizer; `extra` adds entries (e.g. how it was trained).
 */
export function saveTranslationModel(model: EncoderDecoder, tokenizer: Tokenizer, extra: Record<string, string> = {}): Uint8Array {
  const V = tokenizer.vocab.length;
  const {srcVocab, tgtVocab} = model.config;
  if (srcVocab !== V || tgtVocab !== V) {
    throw new Error(`saveTranslationModel: the tokenizer has ${V} symbols but the model has srcVocab=${srcVocab}, tgtVocab=${tgtVocab}`);
  }
  const {tensors, metadata} = parseSafetensors(saveWeights(model));
  const entries: [string, {shape: number[]; data: Float32Array}][] = [...tensors].map(([name, t]) => [name, {shape: t.shape, data: t.data}]);
  return serializeSafetensors(entries, {
    ...extra,
    ...metadata,
    [SHARED_EMBEDDINGS_KEY]: String(Boolean(model.config.sharedEmbeddings)),
    ...tokenizerToMetadata(tokenizer)
  });
}

/** The tokenizer a translation model's file carries (checked), without loading the weights. */
export function readTokenizer(bytes: Uint8Array): Tokenizer {
  return tokenizerFromMetadata(parseSafetensors(bytes).metadata);
}

/** The sizes and shared_embeddings of a translation model's file (dropout is a training setting: the argument). */
export function readTranslationConfig(bytes: Uint8Array, dropout = 0.1): ModelConfig {
  const {metadata} = parseSafetensors(bytes);
  return {...readModelConfig(bytes, dropout), sharedEmbeddings: sharedFromMetadata(metadata)};
}

/** A new model with the file's sizes, weights and tokenizer; everything is checked before the model is built. */
export function loadTranslationModel(bytes: Uint8Array, {seed = 0, dropout = 0.1} = {}): TranslationModel {
  const {tensors, metadata} = parseSafetensors(bytes);
  const config: ModelConfig = {...readModelConfig(bytes, dropout), sharedEmbeddings: sharedFromMetadata(metadata)};
  const tokenizer = tokenizerFromMetadata(metadata);
  const V = tokenizer.vocab.length;
  if (config.srcVocab !== V || config.tgtVocab !== V) {
    throw new Error(`loadTranslationModel: the tokenizer has ${V} symbols but the file has src_vocab=${config.srcVocab}, tgt_vocab=${config.tgtVocab}`);
  }
  if (config.sharedEmbeddings) checkAliases(tensors);
  const model = new EncoderDecoder(config, seed);
  try {
    assign(model, tensors, Boolean(config.sharedEmbeddings));
  } catch (error) {
    model.dispose();
    throw error;
  }
  return {model, tokenizer, codec: new TextCodec(tokenizer), metadata};
}

function sharedFromMetadata(metadata: Record<string, string>): boolean {
  const value = metadata[SHARED_EMBEDDINGS_KEY];
  if (value === undefined || value === "false") return false;
  if (value === "true") return true;
  throw new Error(`loadTranslationModel: the file's metadata has ${SHARED_EMBEDDINGS_KEY}=${JSON.stringify(value)}, not "true" or "false"`);
}

/** A tied state_dict's other names for the shared matrix must hold the same numbers. */
function checkAliases(tensors: Map<string, SafeTensor>): void {
  const shared = tensors.get(SHARED_NAME);
  for (const alias of SHARED_ALIASES) {
    const t = tensors.get(alias);
    if (t === undefined || shared === undefined) continue;
    const same = shapeString(t.shape) === shapeString(shared.shape) && t.data.every((x, i) => Object.is(x, shared.data[i]));
    if (!same) {
      throw new Error(`loadTranslationModel: the file says shared_embeddings=true, but its "${alias}" differs from "${SHARED_NAME}" ` +
        "(a model with separate embeddings?)");
    }
  }
}

function assign(model: EncoderDecoder, tensors: Map<string, SafeTensor>, shared: boolean): void {
  const parameters = new Map(model.namedParameters());
  for (const name of parameters.keys()) {
    if (tensors.has(name)) continue;
    const hint = SHARED_ALIASES.includes(name) ? ` (its metadata has no ${SHARED_EMBEDDINGS_KEY}=true: were its embeddings shared?)` : "";
    throw new Error(`loadTranslationModel: the file has no tensor "${name}"${hint}`);
  }
  for (const [name, t] of tensors) {
    const v = parameters.get(name);
    if (v === undefined) {
      if (POSITIONAL_BUFFERS.has(name) || (shared && SHARED_ALIASES.includes(name))) continue;
      throw new Error(`loadTranslationModel: the file has tensor "${name}", which is not a parameter of the model`);
    }
    if (shapeString(t.shape) !== shapeString(v.shape)) {
      throw new Error(`loadTranslationModel: tensor "${name}" has shape ${shapeString(t.shape)} but the model's is ${shapeString(v.shape)}`);
    }
    const bad = t.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`loadTranslationModel: tensor "${name}" holds ${t.data[bad]} at index ${bad}`);
  }
  for (const [name, v] of parameters) tf.tidy(() => v.assign(tf.tensor(tensors.get(name)!.data, v.shape)));
}
