"""Generate the reference fixtures used by the TypeScript tests.

Run from anywhere with the system Python that has torch installed::

    /usr/bin/python3 scripts/reference/make_fixtures.py

Outputs (in ``data/fixtures/``):

* ``tiny.safetensors`` -- weights of a tiny Annotated-Transformer model
  (N=2, d_model=32, d_ff=64, h=4, vocab 11/11) after Xavier init with seed 0,
  without the positional-encoding buffers.
* ``tiny-with-pe.safetensors`` -- the same plus ``src_embed.1.pe`` and
  ``tgt_embed.1.pe`` (written only while it stays under 1.5 MB).
* ``reference.json`` -- activations, attention maps, unit checks, losses,
  gradients and one optimiser step computed by ``annotated_transformer.py``.
* ``translation-shared.safetensors`` and ``translation-shared.json`` --
  a translation model with shared embeddings (``make_translation``;
  ``--translation`` writes only these): see its docstring.
* ``adam-steps.json`` -- six steps of ``torch.optim.Adam`` on five small
  parameters, with given gradients and a learning rate that changes every
  step (``make_adam_steps``; ``--adam-steps`` writes only this file).
* ``adam-skipped.json`` -- five steps of ``torch.optim.Adam`` in which some
  parameters get no gradient (``.grad`` is None) at some steps, which Adam
  skips (``make_adam_skipped``; ``--adam-skipped`` writes only this file).

Everything is float32, single-threaded and seeded, so two runs produce
byte-identical files.  In ``reference.json`` a tensor is
``{"shape": [...], "data": [flat row-major values]}``; float values are the
exact float32 values written as Python floats.  JSON has no infinities, so
non-finite values are written as the strings ``"-Infinity"``, ``"Infinity"``
or ``"NaN"`` (``Number(s)`` in JavaScript parses them).
"""

import hashlib
import json
import math
import os
import sys

import torch

sys.dont_write_bytecode = True  # keep scripts/reference free of __pycache__
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from annotated_transformer import (  # noqa: E402
    Batch,
    LabelSmoothing,
    LayerNorm,
    SimpleLossCompute,
    attention,
    greedy_decode,
    make_model,
    make_optimizer,
    rate,
    set_dropout,
)
from safetensors_io import load_file, save_file  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
OUT_DIR = os.path.join(ROOT, "data", "fixtures")

CONFIG = {"N": 2, "d_model": 32, "d_ff": 64, "h": 4, "src_vocab": 11, "tgt_vocab": 11}
PE_BUFFERS = ("src_embed.1.pe", "tgt_embed.1.pe")
MAX_WITH_PE_BYTES = 1_500_000
TRAIN_PARAMS = [
    "src_embed.0.lut.weight",
    "tgt_embed.0.lut.weight",
    "encoder.layers.0.self_attn.linears.0.weight",
    "encoder.layers.1.feed_forward.w_2.bias",
    "decoder.layers.0.src_attn.linears.1.weight",
    "decoder.layers.1.sublayer.2.norm.a_2",
    "decoder.norm.b_2",
    "generator.proj.weight",
]


def _num(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def T(t):
    """Tensor -> {"shape", "data"} (bool tensors become 0/1 integers)."""
    t = t.detach().cpu()
    if t.dtype == torch.bool:
        t = t.to(torch.int64)
    return {"shape": list(t.shape), "data": [_num(v) for v in t.reshape(-1).tolist()]}


def build(dropout):
    return make_model(
        CONFIG["src_vocab"], CONFIG["tgt_vocab"], N=CONFIG["N"], d_model=CONFIG["d_model"],
        d_ff=CONFIG["d_ff"], h=CONFIG["h"], dropout=dropout,
    )


def load_weights(model, path):
    """Load a safetensors file into ``model``; every parameter must be covered."""
    tensors, meta = load_file(path, as_torch=True)
    result = model.load_state_dict(tensors, strict=False)
    assert not result.unexpected_keys, result.unexpected_keys
    missing = set(result.missing_keys)
    assert missing <= set(PE_BUFFERS), missing
    names = {n for n, _ in model.named_parameters()}
    assert names <= set(tensors), names - set(tensors)
    return meta


def main():
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    torch.set_default_dtype(torch.float32)
    os.makedirs(OUT_DIR, exist_ok=True)

    # ------------------------------------------------------------------ model
    torch.manual_seed(0)
    model = build(dropout=0.1)
    model.eval()
    state = model.state_dict()
    metadata = {k: str(v) for k, v in CONFIG.items()}
    metadata["format"] = "annotated-transformer"

    weights = {k: v for k, v in state.items() if k not in PE_BUFFERS}
    tiny_path = os.path.join(OUT_DIR, "tiny.safetensors")
    save_file(weights, tiny_path, metadata=metadata)

    with_pe_path = os.path.join(OUT_DIR, "tiny-with-pe.safetensors")
    with_pe_size = sum(v.numel() * 4 for v in state.values())
    if with_pe_size < MAX_WITH_PE_BYTES:
        written = save_file(dict(state), with_pe_path, metadata=metadata)
        assert written < MAX_WITH_PE_BYTES, written
    else:
        print(f"skipping tiny-with-pe.safetensors ({with_pe_size} bytes of data)")

    # Round trip: a fresh model with other weights must become identical.
    torch.manual_seed(123)
    fresh = build(dropout=0.1)
    fresh.eval()
    meta_back = load_weights(fresh, tiny_path)
    assert meta_back == metadata
    for k, v in model.state_dict().items():
        assert torch.equal(v, fresh.state_dict()[k]), k

    # ------------------------------------------------------------------ batch
    src = torch.tensor([[1, 5, 3, 9, 2, 7, 4], [1, 8, 6, 2, 0, 0, 0]], dtype=torch.int64)
    tgt = torch.tensor([[1, 5, 3, 9, 2, 7], [1, 8, 6, 2, 0, 0]], dtype=torch.int64)
    batch = Batch(src, tgt, pad=0)

    ref = {}
    ref["meta"] = {
        "generator": "scripts/reference/make_fixtures.py",
        "reference_impl": "scripts/reference/annotated_transformer.py",
        "torch_version": torch.__version__,
        "weights": "data/fixtures/tiny.safetensors",
        "weights_sha256": hashlib.sha256(open(tiny_path, "rb").read()).hexdigest(),
        "tensor_encoding": "{shape, data}: flat row-major; floats are exact float32 values; "
        "non-finite values are the strings '-Infinity', 'Infinity', 'NaN'",
        "mode": "eval (dropout off) everywhere except train_step (train mode, dropout=0.0)",
    }
    ref["config"] = dict(CONFIG)
    ref["src"] = T(src)
    ref["tgt"] = T(tgt)
    ref["tgt_in"] = T(batch.tgt)
    ref["tgt_y"] = T(batch.tgt_y)
    ref["src_mask"] = T(batch.src_mask)
    ref["tgt_mask"] = T(batch.tgt_mask)
    ref["ntokens"] = int(batch.ntokens)

    # ---------------------------------------------------------- forward pass
    with torch.no_grad():
        src_emb = model.src_embed(src)
        tgt_emb = model.tgt_embed(batch.tgt)
        x = src_emb
        enc_layers, enc_attn = [], []
        for layer in model.encoder.layers:
            x = layer(x, batch.src_mask)
            enc_layers.append(x)
            enc_attn.append(layer.self_attn.attn)
        memory = model.encoder.norm(x)
        assert torch.equal(memory, model.encode(src, batch.src_mask))

        y = tgt_emb
        dec_layers, dec_self, dec_src = [], [], []
        for layer in model.decoder.layers:
            y = layer(y, memory, batch.src_mask, batch.tgt_mask)
            dec_layers.append(y)
            dec_self.append(layer.self_attn.attn)
            dec_src.append(layer.src_attn.attn)
        dec_out = model.decoder.norm(y)
        assert torch.equal(dec_out, model(src, batch.tgt, batch.src_mask, batch.tgt_mask))
        logprobs = model.generator(dec_out)

        # The reloaded copy must compute exactly the same thing.
        assert torch.equal(fresh(src, batch.tgt, batch.src_mask, batch.tgt_mask), dec_out)

    ref["src_embedded"] = T(src_emb)
    ref["tgt_embedded"] = T(tgt_emb)
    ref["encoder_layers"] = [T(t) for t in enc_layers]
    ref["encoder_self_attn"] = [T(t) for t in enc_attn]
    ref["memory"] = T(memory)
    ref["decoder_layers"] = [T(t) for t in dec_layers]
    ref["decoder_self_attn"] = [T(t) for t in dec_self]
    ref["decoder_src_attn"] = [T(t) for t in dec_src]
    ref["decoder_out"] = T(dec_out)
    ref["logprobs"] = T(logprobs)

    # ------------------------------------------------------- attention unit
    g = torch.Generator().manual_seed(1)
    q = torch.randn(2, 4, 5, 8, generator=g)
    k = torch.randn(2, 4, 7, 8, generator=g)
    v = torch.randn(2, 4, 7, 8, generator=g)
    amask = torch.ones(2, 1, 5, 7, dtype=torch.int64)
    amask[1, :, :, 5:] = 0
    with torch.no_grad():
        a_out, a_p = attention(q, k, v, mask=amask)
    ref["attention_unit"] = {
        "q": T(q), "k": T(k), "v": T(v), "mask": T(amask), "out": T(a_out), "p": T(a_p),
    }

    # ------------------------------------------------------ layer-norm unit
    g = torch.Generator().manual_seed(2)
    ln_x = torch.randn(3, 6, generator=g)
    ln = LayerNorm(6)
    with torch.no_grad():
        ln.a_2.copy_(torch.randn(6, generator=g))
        ln.b_2.copy_(torch.randn(6, generator=g))
        ln_out = ln(ln_x)
    ref["layer_norm_unit"] = {
        "eps": ln.eps, "x": T(ln_x), "a_2": T(ln.a_2), "b_2": T(ln.b_2), "out": T(ln_out),
    }

    # ----------------------------------------------------- label smoothing
    size, pad = 11, 0
    g = torch.Generator().manual_seed(3)
    x_rand = torch.log_softmax(torch.randn(6, size, generator=g), dim=-1)
    # Probabilities with an exact zero in the pad column only.
    p_pad = torch.softmax(torch.randn(6, size, generator=g), dim=-1)
    p_pad[:, pad] = 0.0
    x_pad = torch.log(p_pad)
    # The original's demo row: zeros at the pad column and at columns 4..10.
    demo = torch.zeros(size)
    demo[1], demo[2], demo[3] = 0.2, 0.7, 0.1
    x_demo = torch.log(demo.repeat(6, 1))

    ls_cases = [
        ("random_logprobs", x_rand, [2, 1, 0, 3, 10, 0], 0.1),
        ("random_logprobs", x_rand, [2, 1, 0, 3, 10, 0], 0.0),
        ("neg_inf_at_pad_column", x_pad, [2, 1, 0, 3, 10, 0], 0.1),
        ("neg_inf_at_pad_column", x_pad, [2, 1, 0, 3, 10, 0], 0.0),
        ("original_demo_rows", x_demo, [2, 1, 0, 3, 2, 0], 0.0),
    ]
    ref["label_smoothing"] = []
    for name, xs, target, smoothing in ls_cases:
        target = torch.tensor(target, dtype=torch.int64)
        crit = LabelSmoothing(size, pad, smoothing)
        loss = crit(xs, target)
        assert torch.isfinite(loss), (name, smoothing, loss)
        torch_loss = LabelSmoothing(size, pad, smoothing, use_torch_kldiv=True)(xs, target)
        has_neg_inf = bool(torch.isinf(xs).any())
        if has_neg_inf:
            # torch 1.13's KLDivLoss gives NaN here (0 * -inf); ours is finite.
            assert torch.isnan(torch_loss) or torch.equal(torch_loss, loss)
        else:
            assert torch.equal(torch_loss, loss), (name, torch_loss, loss)
        ref["label_smoothing"].append({
            "name": name,
            "size": size,
            "padding_idx": pad,
            "smoothing": smoothing,
            "x_has_neg_inf": has_neg_inf,
            "x": T(xs),
            "target": T(target),
            "loss": float(loss),
            "true_dist": T(crit.true_dist),
        })

    # ------------------------------------------------------------------ noam
    ref["noam"] = []
    for model_size, factor, warmup in [(512, 1.0, 400), (32, 1.0, 400), (256, 2.0, 4000)]:
        for step in [0, 1, 2, 10, 100, 399, 400, 401, 1000, 5000]:
            ref["noam"].append({
                "step": step, "model_size": model_size, "factor": factor,
                "warmup": warmup, "rate": rate(step, model_size, factor, warmup),
            })

    # ------------------------------------------------------------ train step
    torch.manual_seed(0)
    tmodel = build(dropout=0.0)
    # make_model (like the original) leaves the attention-probability dropout
    # at its default 0.1 whatever `dropout` is, so switch every dropout off.
    set_dropout(tmodel, 0.0)
    load_weights(tmodel, tiny_path)
    tmodel.train()
    criterion = LabelSmoothing(size=11, padding_idx=0, smoothing=0.1)
    loss_compute = SimpleLossCompute(tmodel.generator, criterion)
    optimizer, scheduler = make_optimizer(tmodel, model_size=32, factor=1.0, warmup=400, lr=1.0)
    optimizer.zero_grad()
    out = tmodel.forward(src, batch.tgt, batch.src_mask, batch.tgt_mask)
    assert torch.equal(out, dec_out)  # dropout 0 in train mode == eval mode
    loss_total, loss_node = loss_compute(out, batch.tgt_y, batch.ntokens)
    # Same value with the original nn.KLDivLoss criterion (no -inf here).
    check = SimpleLossCompute(tmodel.generator, LabelSmoothing(11, 0, 0.1, use_torch_kldiv=True))
    assert torch.equal(check(out, batch.tgt_y, batch.ntokens)[1], loss_node)
    loss_node.backward()
    params = dict(tmodel.named_parameters())
    grads = {n: T(params[n].grad) for n in TRAIN_PARAMS}
    lr_used = optimizer.param_groups[0]["lr"]
    assert lr_used == 1.0 * rate(0, 32, 1.0, 400)
    optimizer.step()
    scheduler.step()
    ref["train_step"] = {
        "mode": "train, every dropout p=0.0 (incl. attention dropout), weights from tiny.safetensors",
        "criterion": {"size": 11, "padding_idx": 0, "smoothing": 0.1},
        "loss": float(loss_node),
        "loss_total": float(loss_total),
        "ntokens": int(batch.ntokens),
        "grads": grads,
        "optimizer": {
            "lr_base": 1.0, "betas": [0.9, 0.98], "eps": 1e-9,
            "model_size": 32, "factor": 1.0, "warmup": 400,
        },
        "lr": lr_used,
        "lr_after_scheduler_step": optimizer.param_groups[0]["lr"],
        "params_after": {n: T(params[n]) for n in TRAIN_PARAMS},
    }

    # ---------------------------------------------------------------- greedy
    with torch.no_grad():
        ids = greedy_decode(model, src[0:1], batch.src_mask[0:1], max_len=8, start_symbol=1)
    ref["greedy"] = {
        "src": T(src[0:1]),
        "src_mask": T(batch.src_mask[0:1]),
        "max_len": 8,
        "start_symbol": 1,
        "ids": T(ids),
    }

    ref_path = os.path.join(OUT_DIR, "reference.json")
    with open(ref_path, "w", encoding="utf-8") as f:
        f.write(json.dumps(ref, separators=(",", ":"), allow_nan=False))
        f.write("\n")

    for p in (tiny_path, with_pe_path, ref_path):
        if os.path.exists(p):
            print(f"{os.path.relpath(p, ROOT)}: {os.path.getsize(p)} bytes")


ADAM_SHAPES = [[3, 5], [7], [1], [4, 4], [2, 3, 3]]


def make_adam_steps(steps=6):
    """torch.optim.Adam (betas 0.9, 0.98, eps 1e-9, the paper's) over several steps, from the
    parameters and gradients written beside the results: the moments and bias corrections of
    later steps are what a single training step cannot check."""
    torch.manual_seed(0)
    params = [torch.nn.Parameter(torch.rand(shape) * 2 - 1) for shape in ADAM_SHAPES]
    before = [T(p.detach()) for p in params]
    optimizer = torch.optim.Adam(params, lr=0.0, betas=(0.9, 0.98), eps=1e-9, foreach=False)
    record = []
    for step in range(1, steps + 1):
        lr = 0.01 * step
        grads = [torch.rand(shape) * 2 - 1 for shape in ADAM_SHAPES]
        if step == 3:
            grads[2] = torch.zeros(ADAM_SHAPES[2])  # a zero gradient: only the moments move it
        for p, g in zip(params, grads):
            p.grad = g.clone()
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        record.append({"lr": lr, "grads": [T(g) for g in grads], "params_after": [T(p.detach()) for p in params]})
    out = {
        "meta": {"torch": torch.__version__, "optimizer": "torch.optim.Adam(foreach=False)"},
        "betas": [0.9, 0.98],
        "eps": 1e-9,
        "params_before": before,
        "steps": record,
    }
    path = os.path.join(OUT_DIR, "adam-steps.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(out, separators=(",", ":"), allow_nan=False))
        f.write("\n")
    print(f"{os.path.relpath(path, ROOT)}: {os.path.getsize(path)} bytes")


TRANSLATION_CONFIG = {"N": 2, "d_model": 32, "d_ff": 64, "h": 4}
TRANSLATION_PAIRS = [
    # A test-split pair of the generated corpus, and the course's seed sentence with a word whose
    # "Q" is no symbol of the vocabulary (so <unk> is among the ids).
    ("Heute trinkt das hungrige Baby keinen Wein.", "Today the hungry baby does not drink any wine."),
    ("Ich esse gern Pilze in Quedlinburg.", "I like eating mushrooms in Quedlinburg."),
]
BOS, EOS, PAD, UNK = 0, 1, 2, 3


def bpe_ids(sentence, tokenizer):
    """<s>, the sentence's BPE ids, </s>: an implementation of its own (words split off
    . , ? ! at their end, then the merges replayed in learned order on each word's characters,
    the last one marked </w>), so that the TypeScript tokenizer is checked too."""
    ids = {symbol: i for i, symbol in enumerate(tokenizer["vocab"])}
    merges = [tuple(m.split(" ")) for m in tokenizer["merges"]]
    out = [BOS]
    for chunk in sentence.split():
        words = [chunk]
        while words[-1][-1] in ".,?!" and len(words[-1]) > 1:
            words[-1:] = [words[-1][:-1], words[-1][-1]]
        for word in words:
            symbols = list(word)
            symbols[-1] += "</w>"
            for left, right in merges:
                i, merged = 0, []
                while i < len(symbols):
                    if i + 1 < len(symbols) and symbols[i] == left and symbols[i + 1] == right:
                        merged.append(left + right)
                        i += 2
                    else:
                        merged.append(symbols[i])
                        i += 1
                symbols = merged
            out.extend(ids.get(s, UNK) if ids.get(s, UNK) >= 4 else UNK for s in symbols)
    return out + [EOS]


def make_translation():
    """A translation model as the course saves one: shared embeddings (one [V, C] matrix for
    both embeddings and the generator) over the joint BPE vocabulary in
    data/fixtures/translation-tokenizer.json (written by the course's `bpe` command on 300
    generated pairs), Xavier init with seed 0. Writes

    * translation-shared.safetensors: the parameters under named_parameters()'s names, so the
      shared matrix is one tensor, src_embed.0.lut.weight; __metadata__ holds the sizes,
      shared_embeddings "true" and the tokenizer's JSON under "tokenizer";
    * translation-shared.json: two sentence pairs' ids (padded with <blank> = 2), the
      log-probabilities [B, T, V] in eval mode, and, in train mode with every dropout at 0, the
      label-smoothed loss per token (smoothing 0.1, padding 2) and the gradient of the shared
      matrix (the sum of what its three uses contribute).
    """
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    with open(os.path.join(OUT_DIR, "translation-tokenizer.json"), encoding="utf-8") as f:
        tokenizer_text = f.read().strip()
    tokenizer = json.loads(tokenizer_text)
    vocab = len(tokenizer["vocab"])
    torch.manual_seed(0)
    c = TRANSLATION_CONFIG
    model = make_model(vocab, vocab, N=c["N"], d_model=c["d_model"], d_ff=c["d_ff"], h=c["h"],
                       dropout=0.1, share_embeddings=True)
    shared = model.src_embed[0].lut.weight
    assert model.tgt_embed[0].lut.weight is shared and model.generator.proj.weight is shared
    names = [n for n, _ in model.named_parameters()]
    assert "src_embed.0.lut.weight" in names
    assert "tgt_embed.0.lut.weight" not in names and "generator.proj.weight" not in names
    metadata = {"N": str(c["N"]), "d_model": str(c["d_model"]), "d_ff": str(c["d_ff"]), "h": str(c["h"]),
                "src_vocab": str(vocab), "tgt_vocab": str(vocab), "format": "annotated-transformer",
                "shared_embeddings": "true", "tokenizer": tokenizer_text}
    weights_path = os.path.join(OUT_DIR, "translation-shared.safetensors")
    save_file({n: p.detach() for n, p in model.named_parameters()}, weights_path, metadata=metadata)

    def padded(rows):
        width = max(len(r) for r in rows)
        return torch.tensor([r + [PAD] * (width - len(r)) for r in rows], dtype=torch.int64)

    src_ids = [bpe_ids(de, tokenizer) for de, _ in TRANSLATION_PAIRS]
    tgt_ids = [bpe_ids(en, tokenizer) for _, en in TRANSLATION_PAIRS]
    src, tgt = padded(src_ids), padded(tgt_ids)
    batch = Batch(src, tgt, pad=PAD)
    model.eval()
    with torch.no_grad():
        logprobs = model.generator(model(src, batch.tgt, batch.src_mask, batch.tgt_mask))

    set_dropout(model, 0.0)
    model.train()
    criterion = LabelSmoothing(size=vocab, padding_idx=PAD, smoothing=0.1)
    _, loss = SimpleLossCompute(model.generator, criterion)(
        model(src, batch.tgt, batch.src_mask, batch.tgt_mask), batch.tgt_y, batch.ntokens)
    loss.backward()

    out = {
        "meta": {
            "generator": "scripts/reference/make_fixtures.py --translation",
            "torch_version": torch.__version__,
            "weights": "data/fixtures/translation-shared.safetensors",
            "weights_sha256": hashlib.sha256(open(weights_path, "rb").read()).hexdigest(),
            "tokenizer": "data/fixtures/translation-tokenizer.json",
        },
        "config": dict(c, vocab=vocab, shared_embeddings=True),
        "pairs": [list(p) for p in TRANSLATION_PAIRS],
        "src_ids": src_ids,
        "tgt_ids": tgt_ids,
        "src": T(src),
        "tgt": T(tgt),
        "pad": PAD,
        "logprobs": T(logprobs),
        "loss": float(loss),
        "smoothing": 0.1,
        "shared_grad": T(shared.grad),
        "generator_bias_grad": T(model.generator.proj.bias.grad),
    }
    path = os.path.join(OUT_DIR, "translation-shared.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(out, separators=(",", ":"), allow_nan=False))
        f.write("\n")
    for p in (weights_path, path):
        print(f"{os.path.relpath(p, ROOT)}: {os.path.getsize(p)} bytes")


ADAM_SKIPPED_SHAPES = [[2, 3], [4], [3]]
ADAM_NO_GRAD = {2: [1], 3: [1], 1: [2], 5: [2]}  # step -> the parameters without a gradient


def make_adam_skipped(steps=5):
    """torch.optim.Adam where some parameters get no gradient at some steps: it skips them (their
    values, moments and own step counts stay), so a parameter that starts late has its own bias
    corrections."""
    torch.manual_seed(1)
    params = [torch.nn.Parameter(torch.rand(shape) * 2 - 1) for shape in ADAM_SKIPPED_SHAPES]
    before = [T(p.detach()) for p in params]
    optimizer = torch.optim.Adam(params, lr=0.0, betas=(0.9, 0.98), eps=1e-9, foreach=False)
    record = []
    for step in range(1, steps + 1):
        lr = 0.01 * step
        grads = [None if i in ADAM_NO_GRAD.get(step, []) else torch.rand(shape) * 2 - 1 for i, shape in enumerate(ADAM_SKIPPED_SHAPES)]
        for p, g in zip(params, grads):
            p.grad = None if g is None else g.clone()
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        record.append({"lr": lr, "grads": [None if g is None else T(g) for g in grads], "params_after": [T(p.detach()) for p in params]})
    out = {
        "meta": {"torch": torch.__version__, "optimizer": "torch.optim.Adam(foreach=False)"},
        "betas": [0.9, 0.98],
        "eps": 1e-9,
        "params_before": before,
        "steps": record,
    }
    path = os.path.join(OUT_DIR, "adam-skipped.json")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(out, separators=(",", ":"), allow_nan=False))
        f.write("\n")
    print(f"{os.path.relpath(path, ROOT)}: {os.path.getsize(path)} bytes")


if __name__ == "__main__":
    if "--adam-steps" in sys.argv[1:]:
        make_adam_steps()
    elif "--translation" in sys.argv[1:]:
        make_translation()
    elif "--adam-skipped" in sys.argv[1:]:
        make_adam_skipped()
    else:
        main()
        make_adam_steps()
        make_adam_skipped()
        make_translation()
