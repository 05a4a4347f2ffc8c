"""Source phrases: a word, or a word and its preposition, whose object is the source ("according
to X", "citing X", "per X", "a figure cited by X"), and "based on X" when X is a report, data or a count ("based on
Reuters calculations"). The phrase credits the whole sentence. Word lists:
``source-prepositions`` and ``report-source-prepositions`` in ``rules/attribution.toml``."""

from __future__ import annotations

import functools

from attrlint.analysis.cues.base import make_cue
from attrlint.analysis.cues.registry import PHRASE, Probe, Scan, token_finder
from attrlint.analysis.tokens import word_forms
from attrlint.model import How


@functools.lru_cache(maxsize=8)
def _phrases(entries: frozenset[str]) -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    """The two-word entries as {word: its prepositions} and the one-word entries."""
    pairs: dict[str, set[str]] = {}
    for e in entries:
        words = e.split()
        if len(words) == 2:
            pairs.setdefault(words[0], set()).add(words[1])
    return {w: frozenset(p) for w, p in pairs.items()}, frozenset(e for e in entries if " " not in e)


@token_finder(PHRASE)
def according_to(p: Probe, scan: Scan) -> None:
    """ "According to the harbour master, 40 ships are waiting": the object of the phrase's
    preposition is the source (two-word entries of ``source-prepositions``). Any object hanging
    on the first word counts: the parser does not always attach the phrase's own preposition."""
    lex = scan.lex
    reported_by = _phrases(lex["report-source-prepositions"])[0].get(p.low, frozenset())
    reported = bool(reported_by)
    if p.low not in _phrases(lex["source-prepositions"])[0] and not reported:
        return
    how = How.ACCORDING_TO if p.low == "according" else How.CITING
    for to in p.tok.children:
        if reported and to.lower_ not in reported_by:
            continue  # "a firm based in Johannesburg"
        for obj in to.children:
            # "based on Reuters calculations" credits them; "based on 40 percent of profits" does not
            if obj.dep_ == "pobj" and not (reported and not word_forms(obj) & lex["attribution-nouns"]):
                cue = make_cue(obj, p.tok, how, lex, scope_root=scan.sent.root)
                if reported:
                    cue.cue = f"{p.low} {to.lower_}"  # the phrase, not the lemma "base"
                scan.add(cue)


@token_finder(PHRASE)
def citing(p: Probe, scan: Scan) -> None:
    """ "The union, citing the port's own accounts, put losses at $2 million", "per the ministry",
    "a figure cited by the agency": the word's first object is the source (one-word entries of
    ``source-prepositions``). "per" needs a name or "the" after it ("per year" names nobody);
    "cited" counts only as a participle ("The union cited …" is a reporting verb's job)."""
    tok, low = p.tok, p.low
    if low not in _phrases(scan.lex["source-prepositions"])[1] or (low == "cited" and tok.dep_ not in {"acl", "advcl"}):
        return
    objs = [c for c in tok.children if c.dep_ in {"dobj", "pobj"}]
    if low == "per":  # "per the ministry", not "per year"
        objs = [o for o in objs if o.pos_ == "PROPN" or any(d.lower_ == "the" for d in o.children)]
    if not objs:  # "cited by the agency"
        objs = [obj for c in tok.children if c.dep_ == "agent" for obj in c.children if obj.dep_ == "pobj"]
    for o in objs[:1]:
        scan.add(make_cue(o, tok, How.CITING, scan.lex, scope_root=scan.sent.root))
