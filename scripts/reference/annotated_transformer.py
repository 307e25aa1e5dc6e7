"""A compact PyTorch reference implementation of "The Annotated Transformer".

This module re-implements the model from the harvardnlp "Annotated
Transformer" walkthrough of Vaswani et al. (2017), "Attention Is All You
Need".  It exists so that the TypeScript / TensorFlow.js version of the course
can be checked number-for-number against an independent implementation: the
fixture generator ``make_fixtures.py`` imports it and writes its outputs to
``data/fixtures/``.

Module and parameter names deliberately follow the original walkthrough, so the
``state_dict`` keys look like ``encoder.layers.0.self_attn.linears.0.weight``
or ``src_embed.0.lut.weight``.  Every computation is done in float32, exactly as
in the original.

Only ``torch`` and the standard library are used.
"""

import copy
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = [
    "Embeddings",
    "PositionalEncoding",
    "attention",
    "MultiHeadedAttention",
    "LayerNorm",
    "SublayerConnection",
    "PositionwiseFeedForward",
    "EncoderLayer",
    "Encoder",
    "DecoderLayer",
    "Decoder",
    "Generator",
    "EncoderDecoder",
    "make_model",
    "set_dropout",
    "subsequent_mask",
    "Batch",
    "LabelSmoothing",
    "SimpleLossCompute",
    "rate",
    "make_optimizer",
    "greedy_decode",
]


def clones(module, n):
    """Return a ``ModuleList`` holding ``n`` independent deep copies of ``module``."""
    return nn.ModuleList([copy.deepcopy(module) for _ in range(n)])


# --------------------------------------------------------------------------
# Embeddings and positional encoding
# --------------------------------------------------------------------------


class Embeddings(nn.Module):
    """Token embedding scaled by sqrt(d_model).

    ``lut`` is an ``nn.Embedding(vocab, d_model)``; the output is
    ``lut(x) * sqrt(d_model)``.
    """

    def __init__(self, d_model, vocab):
        super().__init__()
        self.lut = nn.Embedding(vocab, d_model)
        self.d_model = d_model

    def forward(self, x):
        return self.lut(x) * math.sqrt(self.d_model)


class PositionalEncoding(nn.Module):
    """Sinusoidal positional encoding added to the embeddings, then dropout.

    The table is stored as the (non-trainable) buffer ``pe`` of shape
    ``[1, max_len, d_model]``::

        div_term   = exp(arange(0, d_model, 2) * -(log(10000) / d_model))
        pe[:, 0::2] = sin(pos * div_term)
        pe[:, 1::2] = cos(pos * div_term)

    The table is computed in float32, like the original.
    """

    def __init__(self, d_model, dropout, max_len=5000):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        pe = torch.zeros(max_len, d_model)
        position = torch.arange(0, max_len).unsqueeze(1)
        div_term = torch.exp(
            torch.arange(0, d_model, 2) * -(math.log(10000.0) / d_model)
        )
        pe[:, 0::2] = torch.sin(position * div_term)
        pe[:, 1::2] = torch.cos(position * div_term)
        self.register_buffer("pe", pe.unsqueeze(0))

    def forward(self, x):
        x = x + self.pe[:, : x.size(1)].requires_grad_(False)
        return self.dropout(x)


# --------------------------------------------------------------------------
# Attention
# --------------------------------------------------------------------------


def attention(query, key, value, mask=None, dropout=None):
    """Scaled dot-product attention.

    ``scores = query @ key^T / sqrt(d_k)``; positions where ``mask == 0`` are
    filled with ``-1e9`` (not ``-inf``) before the softmax over the last axis.
    Returns ``(p @ value, p)`` where ``p`` are the attention probabilities
    (after dropout, if a dropout module is given).
    """
    d_k = query.size(-1)
    scores = torch.matmul(query, key.transpose(-2, -1)) / math.sqrt(d_k)
    if mask is not None:
        scores = scores.masked_fill(mask == 0, -1e9)
    p_attn = scores.softmax(dim=-1)
    if dropout is not None:
        p_attn = dropout(p_attn)
    return torch.matmul(p_attn, value), p_attn


class MultiHeadedAttention(nn.Module):
    """Multi-head attention with ``h`` heads of size ``d_k = d_model // h``.

    ``linears[0..2]`` project query, key and value, ``linears[3]`` is the
    output projection.  The most recent attention probabilities
    (``[batch, h, L_q, L_k]``) are kept in ``self.attn``.
    """

    def __init__(self, h, d_model, dropout=0.1):
        super().__init__()
        assert d_model % h == 0
        self.d_k = d_model // h
        self.h = h
        self.linears = clones(nn.Linear(d_model, d_model), 4)
        self.attn = None
        self.dropout = nn.Dropout(p=dropout)

    def forward(self, query, key, value, mask=None):
        if mask is not None:
            # The same mask is applied to every head.
            mask = mask.unsqueeze(1)
        nbatches = query.size(0)

        # 1) Linear projections, then split d_model into h heads of size d_k.
        query, key, value = [
            lin(x).view(nbatches, -1, self.h, self.d_k).transpose(1, 2)
            for lin, x in zip(self.linears, (query, key, value))
        ]

        # 2) Attention on all heads at once.
        x, self.attn = attention(query, key, value, mask=mask, dropout=self.dropout)

        # 3) Concatenate the heads and apply the output projection.
        x = x.transpose(1, 2).contiguous().view(nbatches, -1, self.h * self.d_k)
        del query, key, value
        return self.linears[-1](x)


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------


class LayerNorm(nn.Module):
    """Layer normalisation as written in the Annotated Transformer.

    ``a_2 * (x - mean) / (std + eps) + b_2`` over the last axis.  Note two
    details that differ from ``nn.LayerNorm``: the standard deviation is the
    *unbiased* one (divides by n - 1), and ``eps`` is added to the standard
    deviation, not to the variance.
    """

    def __init__(self, features, eps=1e-6):
        super().__init__()
        self.a_2 = nn.Parameter(torch.ones(features))
        self.b_2 = nn.Parameter(torch.zeros(features))
        self.eps = eps

    def forward(self, x):
        mean = x.mean(-1, keepdim=True)
        std = x.std(-1, keepdim=True)
        return self.a_2 * (x - mean) / (std + self.eps) + self.b_2


class SublayerConnection(nn.Module):
    """Pre-norm residual connection: ``x + dropout(sublayer(norm(x)))``."""

    def __init__(self, size, dropout):
        super().__init__()
        self.norm = LayerNorm(size)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x, sublayer):
        return x + self.dropout(sublayer(self.norm(x)))


class PositionwiseFeedForward(nn.Module):
    """``w_2(dropout(relu(w_1(x))))`` applied to every position."""

    def __init__(self, d_model, d_ff, dropout=0.1):
        super().__init__()
        self.w_1 = nn.Linear(d_model, d_ff)
        self.w_2 = nn.Linear(d_ff, d_model)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.w_2(self.dropout(self.w_1(x).relu()))


# --------------------------------------------------------------------------
# Encoder and decoder
# --------------------------------------------------------------------------


class EncoderLayer(nn.Module):
    """Self-attention followed by the feed-forward network, each wrapped in a
    pre-norm residual ``SublayerConnection``."""

    def __init__(self, size, self_attn, feed_forward, dropout):
        super().__init__()
        self.self_attn = self_attn
        self.feed_forward = feed_forward
        self.sublayer = clones(SublayerConnection(size, dropout), 2)
        self.size = size

    def forward(self, x, mask):
        x = self.sublayer[0](x, lambda x: self.self_attn(x, x, x, mask))
        return self.sublayer[1](x, self.feed_forward)


class Encoder(nn.Module):
    """A stack of ``N`` encoder layers followed by a final ``LayerNorm``."""

    def __init__(self, layer, N):
        super().__init__()
        self.layers = clones(layer, N)
        self.norm = LayerNorm(layer.size)

    def forward(self, x, mask):
        for layer in self.layers:
            x = layer(x, mask)
        return self.norm(x)


class DecoderLayer(nn.Module):
    """Masked self-attention, attention over the encoder output (``memory``),
    then the feed-forward network, each in a pre-norm residual connection."""

    def __init__(self, size, self_attn, src_attn, feed_forward, dropout):
        super().__init__()
        self.size = size
        self.self_attn = self_attn
        self.src_attn = src_attn
        self.feed_forward = feed_forward
        self.sublayer = clones(SublayerConnection(size, dropout), 3)

    def forward(self, x, memory, src_mask, tgt_mask):
        m = memory
        x = self.sublayer[0](x, lambda x: self.self_attn(x, x, x, tgt_mask))
        x = self.sublayer[1](x, lambda x: self.src_attn(x, m, m, src_mask))
        return self.sublayer[2](x, self.feed_forward)


class Decoder(nn.Module):
    """A stack of ``N`` decoder layers followed by a final ``LayerNorm``."""

    def __init__(self, layer, N):
        super().__init__()
        self.layers = clones(layer, N)
        self.norm = LayerNorm(layer.size)

    def forward(self, x, memory, src_mask, tgt_mask):
        for layer in self.layers:
            x = layer(x, memory, src_mask, tgt_mask)
        return self.norm(x)


class Generator(nn.Module):
    """Final linear projection to the vocabulary followed by ``log_softmax``."""

    def __init__(self, d_model, vocab):
        super().__init__()
        self.proj = nn.Linear(d_model, vocab)

    def forward(self, x):
        return F.log_softmax(self.proj(x), dim=-1)


class EncoderDecoder(nn.Module):
    """The full encoder-decoder.

    ``forward`` returns the decoder's hidden states; the ``generator`` is *not*
    applied there (the loss computation applies it).
    """

    def __init__(self, encoder, decoder, src_embed, tgt_embed, generator):
        super().__init__()
        self.encoder = encoder
        self.decoder = decoder
        self.src_embed = src_embed
        self.tgt_embed = tgt_embed
        self.generator = generator

    def forward(self, src, tgt, src_mask, tgt_mask):
        return self.decode(self.encode(src, src_mask), src_mask, tgt, tgt_mask)

    def encode(self, src, src_mask):
        return self.encoder(self.src_embed(src), src_mask)

    def decode(self, memory, src_mask, tgt, tgt_mask):
        return self.decoder(self.tgt_embed(tgt), memory, src_mask, tgt_mask)


def make_model(src_vocab, tgt_vocab, N=6, d_model=512, d_ff=2048, h=8, dropout=0.1,
               share_embeddings=False):
    """Build the model and apply Xavier-uniform init to every parameter with
    more than one dimension (biases and LayerNorm gains keep their defaults).

    Faithful to the original, the attention modules are built with
    ``MultiHeadedAttention(h, d_model)``, i.e. with their *default* attention
    dropout of 0.1: the ``dropout`` argument does not reach the dropout on
    the attention probabilities.  For a dropout-free model in train mode, set
    ``p = 0`` on every ``nn.Dropout`` (see :func:`set_dropout`).

    Note that, as in the original, all attention modules start as deep copies
    of a single ``MultiHeadedAttention`` (and its four linears as copies of
    one ``nn.Linear``), so their *biases* (which Xavier does not touch) are
    identical everywhere at initialisation.

    ``share_embeddings=True`` ties the target embedding and the generator's
    weight to the source embedding (one joint vocabulary, section 3.4 of the
    paper), as the original's "Shared Embeddings" section does, before the
    Xavier init (which then initialises the one matrix once).
    ``named_parameters()`` lists it once, as ``src_embed.0.lut.weight``; the
    generator keeps its own bias.
    """
    c = copy.deepcopy
    attn = MultiHeadedAttention(h, d_model)
    ff = PositionwiseFeedForward(d_model, d_ff, dropout)
    position = PositionalEncoding(d_model, dropout)
    model = EncoderDecoder(
        Encoder(EncoderLayer(d_model, c(attn), c(ff), dropout), N),
        Decoder(DecoderLayer(d_model, c(attn), c(attn), c(ff), dropout), N),
        nn.Sequential(Embeddings(d_model, src_vocab), c(position)),
        nn.Sequential(Embeddings(d_model, tgt_vocab), c(position)),
        Generator(d_model, tgt_vocab),
    )
    if share_embeddings:
        assert src_vocab == tgt_vocab, (src_vocab, tgt_vocab)
        model.tgt_embed[0].lut.weight = model.src_embed[0].lut.weight
        model.generator.proj.weight = model.src_embed[0].lut.weight
    for p in model.parameters():
        if p.dim() > 1:
            nn.init.xavier_uniform_(p)
    return model


def set_dropout(model, p):
    """Set the probability of every ``nn.Dropout`` inside ``model`` to ``p``."""
    for module in model.modules():
        if isinstance(module, nn.Dropout):
            module.p = p
    return model


# --------------------------------------------------------------------------
# Masks and batches
# --------------------------------------------------------------------------


def subsequent_mask(size):
    """Boolean mask of shape ``[1, size, size]``, True where ``j <= i``: a
    position may attend to itself and to earlier positions only."""
    attn_shape = (1, size, size)
    upper = torch.triu(torch.ones(attn_shape), diagonal=1).type(torch.uint8)
    return upper == 0


class Batch:
    """A batch of source and target sentences with their masks.

    * ``src_mask``: ``(src != pad).unsqueeze(-2)``, shape ``[B, 1, S]``.
    * ``tgt``: the decoder input ``tgt[:, :-1]``; ``tgt_y``: the gold output
      ``tgt[:, 1:]``.
    * ``tgt_mask``: padding mask of ``tgt`` AND ``subsequent_mask``,
      shape ``[B, T, T]``.
    * ``ntokens``: number of non-pad tokens in ``tgt_y``.
    """

    def __init__(self, src, tgt=None, pad=0):
        self.src = src
        self.src_mask = (src != pad).unsqueeze(-2)
        if tgt is not None:
            self.tgt = tgt[:, :-1]
            self.tgt_y = tgt[:, 1:]
            self.tgt_mask = self.make_std_mask(self.tgt, pad)
            self.ntokens = (self.tgt_y != pad).data.sum()

    @staticmethod
    def make_std_mask(tgt, pad):
        """Hide padding and future words."""
        tgt_mask = (tgt != pad).unsqueeze(-2)
        return tgt_mask & subsequent_mask(tgt.size(-1)).type_as(tgt_mask.data)


# --------------------------------------------------------------------------
# Training: loss, learning-rate schedule, optimiser
# --------------------------------------------------------------------------


def kl_div_sum(log_probs, target):
    """``sum(target * (log(target) - log_probs))`` with the convention that
    entries where ``target == 0`` contribute exactly 0.

    For finite ``log_probs`` this is identical (value and gradient) to
    ``nn.KLDivLoss(reduction="sum")(log_probs, target)``.  It differs when
    ``log_probs`` contains ``-inf`` at a position where ``target`` is 0:
    ``nn.KLDivLoss`` in recent torch versions (1.13 included) computes
    ``xlogy(t, t) - t * x`` and returns NaN there (``0 * -inf``), while this
    function returns the mathematically intended finite value.
    """
    pos = target > 0
    elem = torch.xlogy(target, target) - target * log_probs
    return torch.where(pos, elem, torch.zeros_like(elem)).sum()


class LabelSmoothing(nn.Module):
    """Label-smoothed KL-divergence loss (summed over the batch).

    The smoothed target distribution gives ``1 - smoothing`` to the gold
    token and ``smoothing / (size - 2)`` to every other token except the
    padding token, which gets 0.  Rows whose gold token is the padding token
    are all zero (they do not contribute).  The last distribution is kept in
    ``self.true_dist``.

    ``use_torch_kldiv=True`` uses ``nn.KLDivLoss(reduction="sum")`` exactly as
    the original does; the default uses :func:`kl_div_sum`, which agrees with
    it for finite inputs but stays finite when ``x`` has ``-inf`` entries
    where the target distribution is 0 (see its docstring).
    """

    def __init__(self, size, padding_idx, smoothing=0.0, use_torch_kldiv=False):
        super().__init__()
        self.criterion = nn.KLDivLoss(reduction="sum") if use_torch_kldiv else kl_div_sum
        self.padding_idx = padding_idx
        self.confidence = 1.0 - smoothing
        self.smoothing = smoothing
        self.size = size
        self.true_dist = None

    def forward(self, x, target):
        assert x.size(1) == self.size
        true_dist = x.data.clone()
        true_dist.fill_(self.smoothing / (self.size - 2))
        true_dist.scatter_(1, target.data.unsqueeze(1), self.confidence)
        true_dist[:, self.padding_idx] = 0
        pad_rows = torch.nonzero(target.data == self.padding_idx).view(-1)
        if pad_rows.numel() > 0:
            true_dist.index_fill_(0, pad_rows, 0.0)
        self.true_dist = true_dist
        return self.criterion(x, true_dist.clone().detach())


class SimpleLossCompute:
    """Apply the generator, then the criterion, normalised by ``norm``.

    Returns ``(loss_sum, loss_normalised)``: the first is a detached tensor
    (``loss.data * norm``), the second is the node to call ``backward`` on.
    """

    def __init__(self, generator, criterion):
        self.generator = generator
        self.criterion = criterion

    def __call__(self, x, y, norm):
        x = self.generator(x)
        sloss = (
            self.criterion(
                x.contiguous().view(-1, x.size(-1)), y.contiguous().view(-1)
            )
            / norm
        )
        return sloss.data * norm, sloss


def rate(step, model_size, factor, warmup):
    """The "Noam" learning-rate schedule (a multiplier on the base lr)::

        factor * model_size^-0.5 * min(step^-0.5, step * warmup^-1.5)

    ``step`` 0 is treated as 1 (``LambdaLR`` calls the function with 0 first).
    """
    if step == 0:
        step = 1
    return factor * (
        model_size ** (-0.5) * min(step ** (-0.5), step * warmup ** (-1.5))
    )


def make_optimizer(model, model_size, factor=1.0, warmup=400, lr=1.0):
    """Adam(betas=(0.9, 0.98), eps=1e-9) with the Noam schedule via
    ``LambdaLR``.  Returns ``(optimizer, scheduler)``.

    The lr used by the k-th ``optimizer.step()`` (k = 0, 1, ...) is
    ``lr * rate(k, model_size, factor, warmup)``; call ``scheduler.step()``
    after every ``optimizer.step()``.
    """
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, betas=(0.9, 0.98), eps=1e-9)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lr_lambda=lambda step: rate(step, model_size, factor, warmup)
    )
    return optimizer, scheduler


# --------------------------------------------------------------------------
# Inference
# --------------------------------------------------------------------------


def greedy_decode(model, src, src_mask, max_len, start_symbol):
    """Greedy decoding of a single sentence (batch size 1).

    Starts from ``[[start_symbol]]`` and appends the arg-max token
    ``max_len - 1`` times; returns the ``[1, max_len]`` tensor of ids
    (including the start symbol).
    """
    memory = model.encode(src, src_mask)
    ys = torch.zeros(1, 1).fill_(start_symbol).type_as(src.data)
    for _ in range(max_len - 1):
        out = model.decode(memory, src_mask, ys, subsequent_mask(ys.size(1)).type_as(src.data))
        prob = model.generator(out[:, -1])
        _, next_word = torch.max(prob, dim=1)
        next_word = next_word.data[0]
        ys = torch.cat([ys, torch.zeros(1, 1).type_as(src.data).fill_(next_word)], dim=1)
    return ys
