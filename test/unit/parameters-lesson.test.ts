// The parameter-count lesson: each component's formula against the real model's named parameters.
import assert from "node:assert/strict";
import {before, test} from "node:test";
import {countParameters, EncoderDecoder, makeModel} from "../../src/model/model.js";
import {
  componentRows,
  countWithPrefix,
  paperSizes,
  parameterTable,
  sharingCountText,
  sharingCounts,
  tiedTotalCount,
  totalCount,
  withCommas
} from "../../src/lessons/parameters.js";
import {initNodeBackend} from "../../src/tfjs/node.js";
import {TRANSLATION_PRESETS} from "../../src/training/translation-presets.js";

before(() => initNodeBackend("wasm"));

test("every component's formula matches the paper-sized copy-task model, whose total is PyTorch's 44,157,451", () => {
  const model = makeModel(11, 11);
  try {
    const rows = parameterTable(model, paperSizes(11), [paperSizes(37000)]);
    assert.equal(rows.length, componentRows.length);
    for (const row of rows) assert.equal(row.measured, row.byFormula, `${row.component}: measured ${row.measured}, formula ${row.byFormula}`);
    const total = rows.find((r) => r.component === "total")!;
    // Counted with PyTorch (scripts/reference), as test/unit/model.test.ts also asserts.
    assert.equal(total.measured, 44157451);
    assert.equal(total.measured, countParameters(model));
    // Worked by hand: one attention 4(512² + 512) = 1,050,624; one feed-forward 2·512·2048 + 2048 + 512 = 2,099,712.
    assert.equal(rows.find((r) => r.component === "one multi-head attention")!.measured, 1050624);
    assert.equal(rows.find((r) => r.component === "one feed-forward")!.measured, 2099712);
    assert.equal(rows.find((r) => r.component === "one LayerNorm")!.measured, 1024);
  } finally {
    model.dispose();
  }
});

test("the formulas also hold for other sizes, with different source and target vocabularies", () => {
  const sizes = {srcVocab: 7, tgtVocab: 13, N: 2, dModel: 16, dFF: 40};
  const model = makeModel(sizes.srcVocab, sizes.tgtVocab, sizes.N, sizes.dModel, sizes.dFF, 4);
  try {
    for (const row of parameterTable(model, sizes)) assert.equal(row.measured, row.byFormula, row.component);
    assert.equal(countWithPrefix(model, "src_embed."), 7 * 16);
    assert.equal(countWithPrefix(model, "generator."), 16 * 13 + 13);
  } finally {
    model.dispose();
  }
});

test("the 37000-token vocabulary is counted by formula, untied and tied", () => {
  // The stacks do not depend on V: 44,157,451 − 2·11·512 − (512·11 + 11) = 44,140,544.
  const stacks = 44157451 - 2 * 11 * 512 - (512 * 11 + 11);
  assert.equal(totalCount(paperSizes(37000)), stacks + 2 * 37000 * 512 + 512 * 37000 + 37000);
  assert.equal(tiedTotalCount(paperSizes(37000)), stacks + 37000 * 512 + 37000);
  assert.throws(() => tiedTotalCount({...paperSizes(11), tgtVocab: 12}), /one vocabulary/);
});

test("the training page's counts by formula, shared and not, are those of the translation presets' real models at V = vocabSize", () => {
  for (const preset of Object.values(TRANSLATION_PRESETS)) {
    const V = preset.vocabSize;
    const counts = sharingCounts(preset.model, V);
    for (const sharedEmbeddings of [true, false]) {
      const model = new EncoderDecoder({...preset.model, srcVocab: V, tgtVocab: V, sharedEmbeddings});
      try {
        assert.equal(countParameters(model), sharedEmbeddings ? counts.shared : counts.separate, `${preset.name}, shared ${sharedEmbeddings}`);
      } finally {
        model.dispose();
      }
    }
    assert.equal(counts.separate - counts.shared, 2 * V * preset.model.dModel, "sharing saves two [V, C] matrices");
  }
  // translate-tiny by hand: per encoder layer 4(128² + 128) + (2·128·256 + 256 + 128) + 4·128 = 132,480, per
  // decoder layer 2·66,048 + 65,920 + 6·128 = 198,784; two of each and two final norms: 662,528 + 512;
  // with the one [1000, 128] matrix and the generator's bias: 663,040 + 128,000 + 1,000 = 792,040.
  const tiny = TRANSLATION_PRESETS["translate-tiny"];
  assert.equal(sharingCountText(tiny.model, tiny.vocabSize, true), "792,040 parameters (1,048,040 with three separate matrices)");
  assert.equal(sharingCountText(tiny.model, tiny.vocabSize, false), "1,048,040 parameters (792,040 with one shared matrix)");
});

test("counts are written with commas", () => {
  assert.equal(withCommas(44157451), "44,157,451");
  assert.equal(withCommas(999), "999");
  assert.equal(withCommas(1000), "1,000");
});
