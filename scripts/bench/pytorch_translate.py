"""The PyTorch side of the translation bench: translate-tiny with the Annotated Transformer's code.

Trains the reference implementation (scripts/reference/annotated_transformer.py: make_model with
share_embeddings, its Xavier init, LabelSmoothing, SimpleLossCompute, rate, Batch) on the training
pairs and batches that the TypeScript side exported (scripts/bench/translation-export.ts: the ids
of prepareTranslationData and the index lists of epochBatches), so both sides train on the same
batches in the same order. Adam(0.9, 0.98, 1e-9) at lr_base * rate(step), padding <blank> = 2.

It evaluates nothing itself: every `checkpointEvery` steps (and at the last) it writes the model as
a safetensors file (the state_dict without the positional-encoding buffers, and the export's
__metadata__: sizes, shared_embeddings, tokenizer), which the TypeScript side loads to compute
held-out BLEU exactly as it does for its own models.

Usage: pytorch_translate.py EXPORT.json '{"threads": 1, "steps": 1000, "checkpointEvery": 50, "outDir": "..."}'
  config: "threads", "steps" (at most this many, and no more than the export has batches),
          optional "minutes" (stop once the training time reaches it), "checkpointEvery"
          (0: only the last), "outDir", "seed" (torch's, for the initial weights; 1 by default).
Prints one JSON object on stdout:
  {"torch", "threads", "steps", "stepMs": [...], "tokens": [...], "checkpoints": [{"step", "trainMs", "file"}], "wallMs"}
stepMs is each step's time, batch creation and reading the loss back included (as the TypeScript
trainers time a step); tokens are each step's target tokens (not padding). A checkpoint's trainMs
sums the steps before it: the time to write checkpoints is not counted.
"""

import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
from annotated_transformer import Batch, LabelSmoothing, SimpleLossCompute, make_model, rate, set_dropout  # noqa: E402
from safetensors_io import save_file  # noqa: E402

EXPORT_FORMAT = "annotated-transformer-ts/translation-export"


def padded(rows, pad):
    width = max(len(r) for r in rows)
    return torch.tensor([r + [pad] * (width - len(r)) for r in rows], dtype=torch.long)


def save_checkpoint(model, path, metadata):
    tensors = {name: t for name, t in model.state_dict().items() if not name.endswith(".pe")}
    save_file(tensors, path, metadata)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    if data.get("format") != EXPORT_FORMAT:
        sys.exit(f"pytorch_translate.py: {sys.argv[1]} is not a translation export (format {data.get('format')!r})")
    cfg = json.loads(sys.argv[2])
    torch.set_num_threads(int(cfg["threads"]))
    torch.manual_seed(cfg.get("seed", 1))
    m, t, V, pad = data["model"], data["train"], data["vocab"], data["pad"]
    src, tgt, batches = data["pairs"]["src"], data["pairs"]["tgt"], data["batches"]
    steps = min(int(cfg["steps"]), len(batches))
    budget_ms = cfg["minutes"] * 60_000 if cfg.get("minutes") else float("inf")
    every = int(cfg.get("checkpointEvery", 0))
    os.makedirs(cfg["outDir"], exist_ok=True)

    model = make_model(V, V, N=m["N"], d_model=m["dModel"], d_ff=m["dFF"], h=m["h"], dropout=m["dropout"], share_embeddings=m["sharedEmbeddings"])
    set_dropout(model, m["dropout"])  # the original's attention dropout is always 0.1; ours follows the config
    criterion = LabelSmoothing(size=V, padding_idx=pad, smoothing=t["smoothing"])
    loss_compute = SimpleLossCompute(model.generator, criterion)
    optimizer = torch.optim.Adam(model.parameters(), lr=t["lrBase"], betas=(0.9, 0.98), eps=1e-9)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda s: rate(s, m["dModel"], t["factor"], t["warmup"]))
    model.train()

    step_ms, tokens, checkpoints = [], [], []
    train_ms = 0.0
    wall0 = time.perf_counter()

    def checkpoint(step):
        path = os.path.join(cfg["outDir"], f"step-{step:06d}.safetensors")
        save_checkpoint(model, path, {**data["metadata"], "steps": str(step)})
        checkpoints.append({"step": step, "trainMs": train_ms, "file": path})

    step = 0
    while step < steps and train_ms < budget_ms:
        indices = batches[step]
        step += 1
        t0 = time.perf_counter()
        batch = Batch(padded([src[i] for i in indices], pad), padded([tgt[i] for i in indices], pad), pad)
        out = model.forward(batch.src, batch.tgt, batch.src_mask, batch.tgt_mask)
        _, loss = loss_compute(out, batch.tgt_y, batch.ntokens)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        scheduler.step()
        float(loss)  # our trainers read the loss back every step too
        ms = (time.perf_counter() - t0) * 1000
        step_ms.append(ms)
        tokens.append(int(batch.ntokens))
        train_ms += ms
        if every and step % every == 0:
            checkpoint(step)
    if not checkpoints or checkpoints[-1]["step"] != step:
        checkpoint(step)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "steps": step, "stepMs": step_ms, "tokens": tokens,
                      "checkpoints": checkpoints, "wallMs": (time.perf_counter() - wall0) * 1000}))


if __name__ == "__main__":
    main()
