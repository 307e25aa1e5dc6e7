"""BLEU fixtures for src/text/bleu.ts, from NLTK's corpus_bleu (an independent implementation).

Run with Debian's python3-nltk:  /usr/bin/python3 scripts/reference/bleu_fixtures.py
Writes data/fixtures/bleu.json: for each case the detokenized hypotheses and references, their
13a tokens (this file's own port of sacreBLEU's tokenizer_13a), and NLTK's scores on those tokens.

Scores are on sacreBLEU's 0-100 scale. "none" is NLTK without smoothing (its method0 puts a
tiny float for a zero precision, so the score is 0 to many digits); "exp" is NLTK's method3,
the NIST geometric smoothing that sacreBLEU calls "exp" (and uses by default). The precisions
written are the unsmoothed clipped counts over the corpus, in percent, under either.
NLTK counts at least one n-gram per sentence in a precision's denominator (max(1, ...)) where
sacreBLEU counts none, so every hypothesis here has at least 4 tokens; the script checks it.
"""
import json
import math
import os
import re

from nltk.translate.bleu_score import SmoothingFunction, brevity_penalty, closest_ref_length, corpus_bleu, modified_precision

# sacreBLEU's tokenizer_13a (mteval-v13a.pl): the language-independent part, then four regexes.
_13A = [
    (re.compile(r"([\{-\~\[-\` -\&\(-\+\:-\@\/])"), r" \1 "),  # most punctuation and symbols
    (re.compile(r"([^0-9])([\.,])"), r"\1 \2 "),  # period and comma unless preceded by a digit
    (re.compile(r"([\.,])([^0-9])"), r" \1 \2"),  # ... unless followed by a digit
    (re.compile(r"([0-9])(-)"), r"\1 \2 "),  # a dash after a digit
]


def tokenize_13a(line):
    line = line.rstrip()  # sacreBLEU's _preprocess_segment
    line = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
    if "&" in line:
        line = line.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    line = f" {line} "
    for pattern, replacement in _13A:
        line = pattern.sub(replacement, line)
    return line.split()


CASES = [
    ("perfect match", [
        "The man sees the dog.",
        "Today the woman reads a book in the garden.",
        "I like eating mushrooms.",
    ], None),
    ("no 4-gram match", ["The cat sat on a mat today."], ["The cat is on the mat today."]),
    ("no match at all", ["Completely different words here"], ["The man sees the dog."]),
    ("brevity penalty", [
        "Today the man sees the dog.",
        "The old woman reads a book.",
    ], [
        "Today the man sees the big black dog in the park.",
        "The old woman reads a good book in the garden.",
    ]),
    ("realistic corpus", [
        "A man in a blue shirt is standing on a ladder.",
        "Two dogs play in the snow, don't they?",
        "The children are playing in a big garden.",
        "She said: \"I'm coming at 10:30.\"",
        "A group of tourists photograph the cathedral.",
        "The bike costs 1,500 euros (or 3.5 months of rent).",
        "He calls his mother every day.",
        "The well-known chef cuts vegetables with a knife.",
        "Prices rose 10-20 % &amp; more.",
        "The girl reads a fairy tale about dragons.",
    ], [
        "A man in a blue shirt stands on a ladder.",
        "Two dogs are playing in the snow, aren't they?",
        "The children play in the big garden.",
        "She says: &quot;I'm coming at 10:30.&quot;",
        "A group of tourists photographs the cathedral.",
        "The bicycle costs 1,500 euros (or 3.5 months' rent).",
        "He calls his mother every single day.",
        "The famous cook cuts the vegetables with a sharp knife.",
        "Prices rose 10-20 % and more. <skipped>",
        "The girl is reading a fairy tale about a dragon.",
    ]),
]

# Strings for the tokenizer alone (13a edge cases).
TOKENIZER_CASES = [
    'He said "hi", didn\'t he?',
    "3.5 and 1,000 but a.b,c and end.",
    "A&amp;B &lt;tag&gt; &quot;q&quot; &#39;",
    "<skipped> text<skipped>",
    "10-20 e-mail x- y -5",
    "(a) [b] {c} $5 @home #tag 50% a/b a\\b ~x^y_z`|",
    "Müller's Straße ist groß.  ",
    "Tab\tand  spaces   ",
    "x-\ny and\nz",
    "...,,..",
]


def score(hyp_tokens, ref_tokens, smoothing):
    refs = [[r] for r in ref_tokens]
    bleu = corpus_bleu(refs, hyp_tokens, smoothing_function=smoothing)
    # NLTK's sufficient statistics, as corpus_bleu sums them
    precisions = []
    for n in range(1, 5):
        num = sum(modified_precision(r, h, n).numerator for r, h in zip(refs, hyp_tokens))
        den = sum(modified_precision(r, h, n).denominator for r, h in zip(refs, hyp_tokens))
        precisions.append(100.0 * num / den)
    hyp_len = sum(len(h) for h in hyp_tokens)
    ref_len = sum(closest_ref_length(r, len(h)) for r, h in zip(refs, hyp_tokens))
    return {
        "bleu": 100.0 * bleu,
        "precisions": precisions,
        "bp": brevity_penalty(ref_len, hyp_len),
        "sysLen": hyp_len,
        "refLen": ref_len,
    }


def main():
    smooth = SmoothingFunction()
    cases = []
    for name, hyps, refs in CASES:
        refs = refs if refs is not None else list(hyps)
        hyp_tokens = [tokenize_13a(h) for h in hyps]
        ref_tokens = [tokenize_13a(r) for r in refs]
        assert all(len(h) >= 4 for h in hyp_tokens), f"{name}: a hypothesis shorter than 4 tokens"
        cases.append({
            "name": name,
            "hypotheses": hyps,
            "references": refs,
            "hypothesisTokens": hyp_tokens,
            "referenceTokens": ref_tokens,
            "none": score(hyp_tokens, ref_tokens, smooth.method0),
            "exp": score(hyp_tokens, ref_tokens, smooth.method3),
        })
    tokenizer = [{"text": t, "tokens": tokenize_13a(t)} for t in TOKENIZER_CASES]
    out = {
        "meta": {"source": "scripts/reference/bleu_fixtures.py", "nltk": __import__("nltk").__version__},
        "cases": cases,
        "tokenizer": tokenizer,
    }
    path = os.path.join(os.path.dirname(__file__), "..", "..", "data", "fixtures", "bleu.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    for c in cases:
        print(f"{c['name']}: BLEU {c['none']['bleu']:.4f} (exp {c['exp']['bleu']:.4f}), bp {c['none']['bp']:.4f}")


if __name__ == "__main__":
    main()
