"""A rubric in front of a sentence: "UPDATE:", "BREAKING:", "UPDATE 2 -", an emoji (policy §2).

A rubric changes nothing about the sentence after it: "UPDATE: Officials said 300 …" is as vague
as "Officials said 300 …", the sentence's first word is still its first word (a capital there
names nobody), and a number inside the rubric ("UPDATE 2") is its numbering, not a figure. The
labels are the ``non-speaker-labels`` list in ``rules/attribution.toml``.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from attrlint.analysis.chunks import slice_block
from attrlint.lexicon import Lexicon
from attrlint.model import Block, BlockKind, Document

# A label in capitals or title case, an optional number ("UPDATE 2"), then a colon or a dash.
_LABEL = re.compile(r"\s*([A-Za-z][A-Za-z.'’ ;]{1,24}?)(?:\s+(\d{1,2}))?(?:\s*:|\s+[-–—]|[-–—]\s|(?<=\d)[-–—])\s*")


@functools.lru_cache(maxsize=8)
def _labels(entries: frozenset[str]) -> frozenset[str]:
    return frozenset(e.lower() for e in entries)


def _pictograph(ch: str) -> bool:
    """An emoji or other pictographic symbol (a dingbat, "🚨", "⚡"), or its joiner/variation mark."""
    return unicodedata.category(ch) == "So" or ch in "\u200d\ufe0f\ufe0e"


def rubric_length(text: str, lex: Lexicon) -> int:
    """How many characters of ``text`` a leading rubric takes (0 when it opens with none)."""
    i = 0
    while i < len(text) and (_pictograph(text[i]) or (text[i].isspace() and i)):
        i += 1
    m = _LABEL.match(text, i)
    if m is not None:
        word = m.group(1).strip()
        # a label in capitals ("UPDATE") or a known one in any case ("Update 2 -")
        known = word.lower() in _labels(lex["non-speaker-labels"])
        if known and (word.isupper() or m.group(2) or word[:1].isupper()):
            return m.end()
    # only pictographs: "🚨 The ministry said …"
    return i if i and any(_pictograph(c) for c in text[:i]) else 0


def in_rubric(text: str, start: int, lex: Lexicon) -> bool:
    """Offset ``start`` of a block's ``text`` lies in a rubric opening the block or the sentence
    it is in."""
    k = max(text.rfind(end, 0, start) for end in (". ", "! ", "? "))
    s = 0 if k < 0 else k + 2
    while s < start and text[s].isspace():
        s += 1
    return start < s + rubric_length(text[s:s + 40], lex)


def cut_rubrics(doc: Document, lex: Lexicon) -> None:
    """Give the rubric opening a prose block a block of its own (kind ``RUBRIC``, outside the
    attribution rules) and parse the rest as the paragraph: the rubric is no part of the
    sentence's grammar, so it can neither become its subject or source nor move its first word.
    The rest is marked ``continues``, so the paragraph keeps the state it opened with."""
    out: list[Block] = []
    for b in doc.blocks:
        n = rubric_length(b.text[:40], lex) if b.kind.is_prose and not b.continues else 0
        if not n or not b.text[n:].strip():
            out.append(b)
            continue
        starts = [s.start for s in b.segments]
        label = slice_block(b, starts, 0, n)
        label.kind = BlockKind.RUBRIC
        rest = slice_block(b, starts, n, len(b.text))
        rest.continues = True
        out += [label, rest]
    doc.blocks = out
