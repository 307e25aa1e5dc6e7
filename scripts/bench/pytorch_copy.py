"""The PyTorch side of `npm run bench`: the copy task with the Annotated Transformer's own code.

Trains the reference implementation (scripts/reference/annotated_transformer.py: make_model,
LabelSmoothing, SimpleLossCompute, rate, Batch) on the copy task with the sizes and training
settings of one preset, on the CPU with a given number of threads, the same way the training page
does it: one fresh random batch per step, Adam(0.9, 0.98, 1e-9) at lr_base * rate(step), and every
`eval_every` steps (and at the last) a held-out evaluation in eval mode: the plain cross-entropy per
token and the exact match of batched greedy decoding of `held_out` sequences.

Reads one JSON object from argv[1] and prints one JSON object on stdout:
  in:  {"model": {"N","dModel","dFF","h","dropout"}, "train": {"smoothing","lrBase","factor","warmup"},
        "vocab", "length", "batchSize", "steps", "threads", "seed", "evalEvery", "heldOut",
        "target" (exact match to reach, e.g. 0.99), "stopAtTarget", optional "device" ("cpu" by default,
        or "cuda" for the GPU figures in docs/performance-log.md)}
        with "evalEvery": 0 for a timing-only run (no evaluation).
  out: {"torch", "threads", "stepMs": [...], "evals": [{"step","trainMs","wallMs","heldOutLoss","exactMatch"}],
        "reached": {"step","trainMs","wallMs"} or null, "wallMs"}
stepMs is each step's time, batch creation included (as the page's elapsed time counts it);
trainMs sums the steps only; wallMs also counts the evaluations.
"""

import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
from annotated_transformer import (  # noqa: E402
    Batch,
    LabelSmoothing,
    SimpleLossCompute,
    kl_div_sum,
    make_model,
    rate,
    set_dropout,
    subsequent_mask,
)


def copy_data(gen, vocab, length, batch_size):
    """Copy-task sequences [B, L] of ids 1..V-1, each starting with the start token 1."""
    data = torch.randint(1, vocab, (batch_size, length), generator=gen, device="cpu")
    data[:, 0] = 1
    return data


def greedy_decode_batch(model, src, src_mask, max_len, start_symbol):
    """The original's greedy_decode, for a whole batch at once (as the page decodes)."""
    memory = model.encode(src, src_mask)
    ys = torch.full((src.size(0), 1), start_symbol, dtype=src.dtype)
    for _ in range(max_len - 1):
        out = model.decode(memory, src_mask, ys, subsequent_mask(ys.size(1)))
        prob = model.generator(out[:, -1])
        next_word = prob.argmax(dim=1, keepdim=True)
        ys = torch.cat([ys, next_word.type_as(src)], dim=1)
    return ys


def evaluate(model, held, vocab):
    model.eval()
    with torch.no_grad():
        batch = Batch(held, held, 0)
        out = model.forward(batch.src, batch.tgt, batch.src_mask, batch.tgt_mask)
        logp = model.generator(out).reshape(-1, vocab)
        target = torch.zeros_like(logp).scatter_(1, batch.tgt_y.reshape(-1, 1), 1.0)
        held_loss = float(kl_div_sum(logp, target)) / float(batch.ntokens)
        decoded = greedy_decode_batch(model, held, batch.src_mask, held.size(1), 1)
        exact = float((decoded == held).all(dim=1).float().mean())
    model.train()
    return held_loss, exact


def main():
    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(int(cfg["threads"]))
    torch.manual_seed(cfg.get("seed", 1))
    device = torch.device(cfg.get("device", "cpu"))
    if device.type != "cpu":
        torch.set_default_device(device)  # the reference code makes its masks and tables with torch.ones/zeros/arange (torch >= 2.0)
    m, t = cfg["model"], cfg["train"]
    V, L, B = cfg["vocab"], cfg["length"], cfg["batchSize"]
    model = make_model(V, V, N=m["N"], d_model=m["dModel"], d_ff=m["dFF"], h=m["h"], dropout=m["dropout"])
    set_dropout(model, m["dropout"])  # the original's attention dropout is always 0.1; the page's follows the config
    criterion = LabelSmoothing(size=V, padding_idx=0, smoothing=t["smoothing"])
    loss_compute = SimpleLossCompute(model.generator, criterion)
    optimizer = torch.optim.Adam(model.parameters(), lr=t["lrBase"], betas=(0.9, 0.98), eps=1e-9)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=lambda s: rate(s, m["dModel"], t["factor"], t["warmup"]))
    gen = torch.Generator(device="cpu").manual_seed(cfg.get("seed", 1))
    held = copy_data(torch.Generator(device="cpu").manual_seed(cfg.get("seed", 1) + 1_000_003), V, L, cfg.get("heldOut", 100)).to(device)
    eval_every, target = cfg.get("evalEvery", 0), cfg.get("target", 0.99)
    model.train()

    step_ms, evals, reached = [], [], None
    train_ms = 0.0
    wall0 = time.perf_counter()
    for step in range(1, cfg["steps"] + 1):
        t0 = time.perf_counter()
        data = copy_data(gen, V, L, B).to(device)
        batch = Batch(data, data, 0)
        out = model.forward(batch.src, batch.tgt, batch.src_mask, batch.tgt_mask)
        _, loss = loss_compute(out, batch.tgt_y, batch.ntokens)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        scheduler.step()
        float(loss)  # the page reads the loss back every step too
        ms = (time.perf_counter() - t0) * 1000
        step_ms.append(ms)
        train_ms += ms
        if eval_every and (step % eval_every == 0 or step == cfg["steps"]):
            held_loss, exact = evaluate(model, held, V)
            e = {"step": step, "trainMs": train_ms, "wallMs": (time.perf_counter() - wall0) * 1000, "heldOutLoss": held_loss, "exactMatch": exact}
            evals.append(e)
            if reached is None and exact >= target:
                reached = {"step": step, "trainMs": e["trainMs"], "wallMs": e["wallMs"]}
                if cfg.get("stopAtTarget"):
                    break
    print(json.dumps({"torch": torch.__version__, "device": str(device) if device.type == "cpu" else torch.cuda.get_device_name(device), "threads": torch.get_num_threads(), "stepMs": step_ms, "evals": evals, "reached": reached, "wallMs": (time.perf_counter() - wall0) * 1000}))


if __name__ == "__main__":
    main()
