"""Source phrases: a preposition-like word whose object is the source ("according to X",
"citing X", "per X", "as cited by X"). The phrase credits the whole sentence."""

from __future__ import annotations

from attrlint.analysis.cues.base import make_cue
from attrlint.analysis.cues.registry import Probe, Scan, token_finder
from attrlint.model import How


@token_finder
def according_to(p: Probe, scan: Scan) -> None:
    """ "According to the harbour master, 40 ships are waiting": the object of "to" is the source."""
    if p.low != "according":
        return
    for to in p.tok.children:
        for obj in to.children:
            if obj.dep_ == "pobj":
                scan.add(make_cue(obj, p.tok, How.ACCORDING_TO, scan.lex, scope_root=scan.sent.root))


@token_finder
def citing(p: Probe, scan: Scan) -> None:
    """ "The union, citing the port's own accounts, put losses at $2 million", "per the ministry",
    "a figure cited by the agency": the first object is the source ("per year" names nobody)."""
    tok, low = p.tok, p.low
    if not (low in {"citing", "per"} or (low == "cited" and tok.dep_ in {"acl", "advcl"})):
        return
    objs = [c for c in tok.children if c.dep_ in {"dobj", "pobj"}]
    if low == "per":  # "per the ministry", not "per year"
        objs = [o for o in objs if o.pos_ == "PROPN" or any(d.lower_ == "the" for d in o.children)]
    if not objs and low == "cited":
        objs = [obj for c in tok.children if c.dep_ == "agent" for obj in c.children if obj.dep_ == "pobj"]
    for o in objs[:1]:
        scan.add(make_cue(o, tok, How.CITING, scan.lex, scope_root=scan.sent.root))
