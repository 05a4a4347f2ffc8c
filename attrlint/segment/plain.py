"""Plain text into units: paragraphs split on blank lines, headlines, bylines, capitals subheads."""

from __future__ import annotations

import re

from attrlint.model import BlockKind
from attrlint.segment.pieces import Builder, Lines, Piece, Unit, split_piece
from attrlint.segment.structure import caption_text, dateline_match, is_byline

# Plain text has no heading syntax; wire copy marks subheads in capitals, alone ("GARLAND STEPS
# ASIDE.") or run into the paragraph ("SAVE A QUARTER Let's say …").
_RUNIN_HEADING_RE = re.compile(r"((?:[A-Z][A-Z'’\-]*)(?:[ \t][A-Z][A-Z'’\-]*)+)[ \t]+(?=[A-Z][a-z])")
_CAPS_HEADING_MIN_LETTERS = 6
_CAPS_HEADING_MAX_WORDS = 10
_END_PUNCT = ".!?…"
_CLOSERS = "\"'”’)]»"
# A first line this short is a headline even with a final period (PolNeAR ends every headline
# with one); a lede is practically never this short.
_HEADLINE_MAX_WORDS = 16

def _line_groups(source: str, lines: Lines) -> tuple[list[tuple[bool, list[tuple[int, int, int]]]], list[bool]]:
    """Runs of non-blank lines, a byline line always alone: (is_byline, [(start, end, break)]) and
    whether each run is followed by a blank line."""
    groups: list[tuple[bool, list[tuple[int, int, int]]]] = []  # (is_byline, [(a, b, break)])
    current: list[tuple[int, int, int]] = []
    followed_by_blank: list[bool] = []
    for i in range(len(lines)):
        s, e = lines.start[i], lines.end[i]
        raw = source[s:e]
        body = raw.strip()
        if not body:
            if current:
                groups.append((False, current))
                followed_by_blank.append(True)
                current = []
            continue
        a = s + len(raw) - len(raw.lstrip())
        b = s + len(raw.rstrip())
        if is_byline(body):
            if current:
                groups.append((False, current))
                followed_by_blank.append(False)
                current = []
            groups.append((True, [(a, b, e)]))
            followed_by_blank.append(True)
            continue
        current.append((a, b, e))
    if current:
        groups.append((False, current))
        followed_by_blank.append(False)

    return groups, followed_by_blank

def plain_units(source: str, lines: Lines) -> list[Unit]:
    groups, followed_by_blank = _line_groups(source, lines)
    units: list[Unit] = []
    seen_paragraph = False  # run-in and capitals headings never stand in the lede
    for index, (byline_group, group) in enumerate(groups):
        b = Builder()
        for k, (a, e, _) in enumerate(group):
            if k:
                b.line_break(group[k - 1][2])
            b.copy(source, a, e - a)
        text = b.text()
        if byline_group:
            kind = BlockKind.BYLINE
        elif index == 0 and len(groups) > 1 and _plain_headline(
                source, group, followed_by_blank[0] or groups[1][0]):
            kind = BlockKind.HEADLINE
        elif caption_text(text):
            kind = BlockKind.CAPTION
        elif seen_paragraph and _is_caps_heading(text):
            kind = BlockKind.HEADING
        else:
            kind = BlockKind.PARAGRAPH
        piece = Piece(kind, text, b.segs, b.breaks)
        pieces = [piece]
        if kind is BlockKind.PARAGRAPH and seen_paragraph:
            m = _RUNIN_HEADING_RE.match(text)
            if m and _letter_count(m.group(1)) >= _CAPS_HEADING_MIN_LETTERS:
                head, rest = split_piece(piece, m.end(1), m.end())
                head.kind = BlockKind.HEADING
                pieces = [head, rest]
        seen_paragraph = seen_paragraph or kind is BlockKind.PARAGRAPH
        units.append(Unit(group[0][0], pieces))
    return units

def _letter_count(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())

def _is_caps_heading(text: str) -> bool:
    """A short paragraph in capitals ("GARLAND STEPS ASIDE.") is a subheading in plain text."""
    return (text.upper() == text and _letter_count(text) >= _CAPS_HEADING_MIN_LETTERS
            and len(text.split()) <= _CAPS_HEADING_MAX_WORDS)

def _plain_headline(source: str, group: list[tuple[int, int, int]], separated: bool) -> bool:
    """Policy §1: a first line with no end punctuation, followed by a blank line, is the headline.

    Also taken as headlines, as the PolNeAR texts write them: a single short line even with a
    final period, and a two-line "title; deck" pair whose first line ends in ";" or ":".
    """
    if not separated:
        return False
    first = source[group[0][0] : group[0][1]]
    if dateline_match(first):
        return False
    if len(group) == 1:
        return not _ends_sentence(first) or len(first.split()) <= _HEADLINE_MAX_WORDS
    if len(group) == 2:
        second = source[group[1][0] : group[1][1]]
        return first[-1] in ";:" and len(first.split()) + len(second.split()) <= 2 * _HEADLINE_MAX_WORDS
    return False

def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _END_PUNCT

