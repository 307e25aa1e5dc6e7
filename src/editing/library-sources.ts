// The text of every module that has an editable function, by path (the catalogue's `path`), for
// pages that need the versions of the reader's edits without showing the cells (the training page).
// Framework needs each FileAttachment's name written out; test/unit/carry-forward.test.ts checks
// that this list names every module of the catalogue.
import {FileAttachment} from "observablehq:stdlib";

export async function librarySources(): Promise<Record<string, string>> {
  const files = {
    "src/model/embeddings.ts": FileAttachment("../model/embeddings.ts"),
    "src/model/positional-encoding.ts": FileAttachment("../model/positional-encoding.ts"),
    "src/model/attention.ts": FileAttachment("../model/attention.ts"),
    "src/model/multi-head-attention.ts": FileAttachment("../model/multi-head-attention.ts"),
    "src/model/masks.ts": FileAttachment("../model/masks.ts"),
    "src/model/layer-norm.ts": FileAttachment("../model/layer-norm.ts"),
    "src/model/sublayer.ts": FileAttachment("../model/sublayer.ts"),
    "src/model/feed-forward.ts": FileAttachment("../model/feed-forward.ts"),
    "src/model/encoder.ts": FileAttachment("../model/encoder.ts"),
    "src/model/decoder.ts": FileAttachment("../model/decoder.ts"),
    "src/model/generator.ts": FileAttachment("../model/generator.ts"),
    "src/training/batch.ts": FileAttachment("../training/batch.ts"),
    "src/training/label-smoothing.ts": FileAttachment("../training/label-smoothing.ts"),
    "src/training/noam.ts": FileAttachment("../training/noam.ts")
  };
  const texts = await Promise.all(Object.values(files).map((f) => f.text()));
  return Object.fromEntries(Object.keys(files).map((path, i) => [path, texts[i]]));
}
