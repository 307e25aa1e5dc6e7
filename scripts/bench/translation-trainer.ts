// The benchmarks' translate-tiny training loop without the page or the CLI: the generated corpus's
// data and trainTranslation's steps, one at a time (no held-out evaluations).
import {CORPUS_DEFAULTS} from "../../src/corpus/index.js";
import {EncoderDecoder} from "../../src/model/model.js";
import type {TranslationPreset} from "../../src/training/translation-presets.js";
import {trainTranslation, type TranslationProgress} from "../../src/training/translation.js";
import {generatedTranslationData} from "./translation-export.js";

export function translationTrainer(preset: TranslationPreset, seed = 1) {
  const data = generatedTranslationData(preset, CORPUS_DEFAULTS.pairs, seed);
  const V = data.codec.vocabSize;
  const model = new EncoderDecoder({...preset.model, srcVocab: V, tgtVocab: V}, seed);
  const steps = trainTranslation(model, data, preset, {seed, heldOut: 0});
  return {
    model,
    step: (): TranslationProgress => steps.next().value as TranslationProgress,
    dispose: () => {
      steps.return(undefined);
      model.dispose();
    }
  };
}
