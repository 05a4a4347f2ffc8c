"""Whose an attribution noun is: "the ministry's estimate", "figures from the agency", "council
records", or — for a claim, plan or view voiced with a verb — whoever voices it."""

from __future__ import annotations

from attrlint.analysis.cues.base import names_a_kind_of_body
from attrlint.analysis.cues.registry import Probe
from attrlint.analysis.tokens import word_forms
from attrlint.lexicon import Lexicon

_NO_OWNER = (None, False)


def attribution_noun(p: Probe, lex: Lexicon) -> bool:
    """The token is a noun (or a noun's place in the parse) from ``attribution-nouns``."""
    tok = p.tok
    nominal = tok.pos_ in {"NOUN", "PROPN"} or tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"}
    return bool(nominal and p.forms & lex["attribution-nouns"])


def owner(p: Probe, lex: Lexicon) -> tuple[object | None, bool]:
    """(owner token, voiced) of an attribution noun; (None, False) when it has none or is not one."""
    if "owner" in p.memo:
        return p.memo["owner"]  # type: ignore[return-value]
    found = _find_owner(p, lex) if attribution_noun(p, lex) else _NO_OWNER
    p.memo["owner"] = found
    return found


def _find_owner(p: Probe, lex: Lexicon) -> tuple[object | None, bool]:
    tok = p.tok
    src = None
    any_owner, named_owner = lex["owner-prepositions"], lex["named-owner-prepositions"]
    for c in tok.children:
        if c.dep_ == "poss":
            src = c
        elif c.dep_ == "prep" and src is None and (c.lower_ in any_owner or c.lower_ in named_owner):
            # the first owner named: "a review by the Gazette of data from 70 ports" is the Gazette's
            objs = [obj for obj in c.children if obj.dep_ == "pobj"]
            if objs and (objs[0].pos_ == "PROPN" or c.lower_ in any_owner):
                src = objs[0]
        elif c.dep_ == "compound" and src is None and (c.pos_ in {"PROPN", "NOUN"}) \
                and not (c.pos_ == "NOUN" and p.lemma in lex["kind-compound-nouns"]) \
                and not names_a_kind_of_body(c, tok.lower_, lex, lower_case=True):
            # "council records" are the council's; "exit polls" are a kind of poll, and a "growth
            # target" a kind of target, nobody's
            src = c
    if src is not None:
        return src, False
    if tok.dep_ == "dobj" and word_forms(tok.head) & lex["expressing-verbs"] and not p.forms & lex["tally-nouns"]:
        subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
        if subj and subj[0].lower_ not in lex["non-owner-pronouns"]:
            return subj[0], True
    return _NO_OWNER
