"""The thing a figure counts, read from the parse: "3,000 troops" counts troops, "1,840 of its
members" counts members, "$4 million" counts money (``currency-nouns`` names the money a currency
symbol stands for). Facts and consistency checks compare figures of the same counted thing."""

from __future__ import annotations

from attrlint.analysis.numbers import NumberSpan
from attrlint.analysis.tokenindex import tokens_overlapping
from attrlint.lexicon import Lexicon


def _currency_nouns(lex: Lexicon) -> dict[str, str]:
    return dict(e.split() for e in lex["currency-nouns"])


def counted_noun(doc, start: int, end: int, ns: NumberSpan, lex: Lexicon) -> tuple[str, int]:
    """The counted thing for the number at [start, end) of ``doc``, and its head token index."""
    if ns.value.percent:
        return "%", -1
    toks = [doc[i] for i in tokens_overlapping(doc, start, end)]
    if not toks:
        return "", -1
    num = toks[-1]
    head = num
    # "3,000 troops": nummod; "1.5 million" chains through compound/quantmod.
    for _ in range(4):
        if head.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"} and head.head.i != head.i \
                and head.head.i > head.i and head.head.pos_ in {"NOUN", "PROPN", "NUM", "SYM"}:
            head = head.head
            if head.pos_ in {"NOUN", "PROPN"}:
                break
        else:
            break
    if head is num or head.pos_ not in {"NOUN", "PROPN"}:
        # "3,000 of its members", "1,840 of them"
        for child in num.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objs = [c for c in child.children if c.dep_ == "pobj"]
                if objs and objs[0].pos_ in {"NOUN", "PROPN"}:
                    head = objs[0]
        if head is num and ns.value.currency:
            return lex.derive(_currency_nouns).get(ns.value.currency.lower(), "money"), num.i
        if head is num:
            return "", num.i
    words = [c.lemma_.lower() if c.i == head.i else c.lower_ for c in head.lefts
             if c.dep_ in {"compound", "amod"} and c.i > num.i] + [head.lemma_.lower()]
    if ns.value.currency and head.lower_ in {"million", "billion", "trillion"}:
        return lex.derive(_currency_nouns).get(ns.value.currency.lower(), "money"), num.i
    return " ".join(words), head.i

