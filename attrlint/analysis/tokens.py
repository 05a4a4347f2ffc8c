"""Small facts about parsed tokens that every part of the analysis asks: a word's plain forms,
which dependency labels make a subject, which tags carry tense."""

from __future__ import annotations

SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # tags of a verb that carries tense


def word_forms(tok) -> set[str]:
    """The lemma and the surface word's plain forms: the small model's lemmatiser slips
    ("rated" → "rat"), and a word list should still match."""
    low = tok.lower_
    forms = {tok.lemma_.lower(), low}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            forms.add(low[: len(low) - len(suffix)] + repl)
    return forms


def span_of(tokens) -> tuple[int, int]:
    """Text offsets from the first token's start to the last token's end."""
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def syntactic_head(tokens: list):
    """The figure's token whose head lies outside the figure (its attachment to the sentence)."""
    idx = {t.i for t in tokens}
    return next((t for t in tokens if t.head.i not in idx or t.head.i == t.i), tokens[0])
