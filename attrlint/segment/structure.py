"""What a block is beyond its syntax: bylines, wire datelines and photo captions."""

from __future__ import annotations

import re

from attrlint.model import BlockKind
from attrlint.segment.pieces import Unit, split_piece

# --- what the structural detectors look for -------------------------------------------------

# "CALVERA, Nov. 12 —", "KYIV, Ukraine (Reuters) -", "date 2024-10-23 ROME −", "Beirut (AFP) –".
_DATELINE_RE = re.compile(
    r"(?:(?:[Dd]ate:?\s+)?\d{4}-\d{1,2}-\d{1,2}\s+)?"
    r"(?P<place>[^\W\d_][\w'’.&]*(?:-[\w'’.&]+)*(?:[ \t][^\W\d_][\w'’.&]*(?:-[\w'’.&]+)*){0,4})"
    r"(?P<rest>(?:\s*,\s*[^\W_][\w'’.]*(?:[ \t][^\W_][\w'’.]*){0,3}){0,3})"
    r"(?P<agency>(?:\s*\([^\W\d_][^()\n]{0,39}\)){0,2})"
    r"(?P<dash>\s*(?:--|[\u2010-\u2015\u2212])|\s+-)\s+"
)
_DATELINE_MAX = 100
_BYLINE_RE = re.compile(r"(?:By|BY)\s+(?P<body>\S.{0,118}?)\s*\.?\s*")
_NAME_PARTICLES = frozenset({"de", "da", "del", "della", "der", "di", "du", "van", "von", "la", "le",
                             "al", "el", "bin", "ibn", "ben", "dos", "das", "y"})
_NAME_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|['’.\-])*")
_AGENCY_WORD_RE = re.compile(r"[^\W\d_](?:[^\W\d_]|[.&'’\-])*|&")
_CAPTION_PREFIX_RE = re.compile(r"(?i:photo|photograph|caption|pictured)\s*:")
_PHOTO_CREDIT_RE = re.compile(r"\((?:[^\W\d_][\w.&]*\s)?Photo\s*(?:/|by\b)[^()]*\)\s*$")


def caption_text(text: str) -> bool:
    return bool(_CAPTION_PREFIX_RE.match(text) or _PHOTO_CREDIT_RE.search(text))



def is_byline(line: str) -> bool:
    """"By Firstname Lastname", optionally "and Other Name" and ", Agency" (a whole line)."""
    m = _BYLINE_RE.fullmatch(line)
    if not m:
        return False
    parts = [p.strip() for p in m.group("body").split(",")]
    if len(parts) > 3:
        return False
    for name in re.split(r"\s+(?:and|&)\s+", parts[0]):
        words = name.split()
        if not 2 <= len(words) <= 4:
            return False
        for k, w in enumerate(words):
            if not _NAME_WORD_RE.fullmatch(w):
                return False
            if not w[0].isupper() and not (k and w.lower() in _NAME_PARTICLES):
                return False
    for agency in parts[1:]:
        words = agency.split()
        if not 1 <= len(words) <= 5 or not all(_AGENCY_WORD_RE.fullmatch(w) for w in words):
            return False
    return True


def split_bylines(units: list[Unit]) -> list[Unit]:
    """A top-level paragraph that is a byline, or whose first line is one, yields a BYLINE."""
    out: list[Unit] = []
    for u in units:
        p = u.pieces[0]
        if len(u.pieces) != 1 or p.kind is not BlockKind.PARAGRAPH or p.container != -1:
            out.append(u)
            continue
        if is_byline(p.text):
            p.kind = BlockKind.BYLINE
            out.append(u)
            continue
        if p.breaks and is_byline(p.text[: p.breaks[0]]):
            head, rest = split_piece(p, p.breaks[0], p.breaks[0] + 1)
            head.kind = BlockKind.BYLINE
            out.append(Unit(u.key, [head]))
            out.append(Unit(u.key, [rest]))
            continue
        out.append(u)
    return out


def dateline_match(text: str) -> re.Match[str] | None:
    m = _DATELINE_RE.match(text)
    if not m or m.end() > _DATELINE_MAX:
        return None
    place = m.group("place")
    letters = [ch for ch in place if ch.isalpha()]
    if len(letters) < 2:
        return None
    if place.upper() != place:
        # A mixed-case place ("Beirut") counts only with an agency: "Beirut (AFP) –".
        if not m.group("agency") or not all(w[0].isupper() for w in place.split()):
            return None
    for phrase in m.group("rest").split(",")[1:]:
        phrase = phrase.strip()
        if not (phrase[:1].isupper() or phrase[:1].isdigit()):
            return None
    return m


def split_dateline(units: list[Unit]) -> None:
    """Split the dateline off the first prose paragraph, if it opens with one."""
    for u in units:
        k, p = next(((k, p) for k, p in enumerate(u.pieces) if p.kind.is_prose), (-1, None))
        if p is None:
            continue
        if p.kind is BlockKind.PARAGRAPH:
            m = dateline_match(p.text)
            if m and m.end() < len(p.text):
                head, rest = split_piece(p, m.end("dash"), m.end())
                head.kind = BlockKind.DATELINE
                u.pieces[k : k + 1] = [head, rest]
        return
