// A translation model is one safetensors file: the model's weights as weights.ts writes them, and
// the tokenizer (pre-tokenizer settings, merges, joint vocabulary) under the "tokenizer" key of its
// __metadata__, so that nothing else is needed to translate with it.
import type {EncoderDecoder} from "../model/model.js";
import {TOKENIZER_METADATA_KEY, tokenizerFromMetadata, tokenizerToMetadata, type Tokenizer} from "../text/vocab.js";
import {parseSafetensors, serializeSafetensors} from "./safetensors.js";
import {loadModel, saveWeights} from "./weights.js";

/** The model's weights file with the tokenizer in its __metadata__; the vocabulary must be the model's. */
export function saveTranslationModel(model: EncoderDecoder, tokenizer: Tokenizer): Uint8Array {
  const {srcVocab, tgtVocab} = model.config;
  const size = tokenizer.vocab.length;
  if (srcVocab !== size || tgtVocab !== size) {
    throw new Error(`saveTranslationModel: the tokenizer's vocabulary has ${size} entries but the model has src_vocab=${srcVocab}, tgt_vocab=${tgtVocab}`);
  }
  const {tensors, metadata} = parseSafetensors(saveWeights(model));
  if (TOKENIZER_METADATA_KEY in metadata) throw new Error(`saveTranslationModel: the weights' metadata already has "${TOKENIZER_METADATA_KEY}"`);
  return serializeSafetensors(tensors, {...metadata, ...tokenizerToMetadata(tokenizer)});
}

/** The tokenizer a translation model's file carries (checked), without loading the weights. */
export function readTokenizer(bytes: Uint8Array): Tokenizer {
  return tokenizerFromMetadata(parseSafetensors(bytes).metadata);
}

/** The model and its tokenizer from one file; a vocabulary that does not fit the model is refused. */
export function loadTranslationModel(bytes: Uint8Array, seed = 0, dropout = 0.1): {model: EncoderDecoder; tokenizer: Tokenizer} {
  const tokenizer = readTokenizer(bytes);
  const model = loadModel(bytes, seed, dropout);
  const {srcVocab, tgtVocab} = model.config;
  if (srcVocab !== tokenizer.vocab.length || tgtVocab !== tokenizer.vocab.length) {
    model.dispose();
    throw new Error(`loadTranslationModel: the file's tokenizer has ${tokenizer.vocab.length} entries but its model has src_vocab=${srcVocab}, tgt_vocab=${tgtVocab}`);
  }
  return {model, tokenizer};
}
