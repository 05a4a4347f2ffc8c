"""Where a finding sits in its draft's text: its character offsets and the sentence around it.

Fixes (which edit at those offsets) and the baseline (which recognises a finding by its text and
sentence, not its line) both work on the raw draft text and a reported ``Diagnostic``, without
the parser: a cached result carries no parse, and neither job should pay for one. Sentences are
found by punctuation, the way a reader skims: a period, question or exclamation mark followed by
space ends one, unless it closes a dotted abbreviation ("U.S.") or an initial ("Lloyd J. Austin");
a blank line ends a paragraph and so a sentence.
"""

from __future__ import annotations

from attrlint.model import Diagnostic, line_starts

_ENDS = ".!?"
CLOSING_QUOTES = "\"”’'"
_CLOSERS = CLOSING_QUOTES + ")]»"
SENTENCE_ENDS = _ENDS


def diagnostic_span(d: Diagnostic, text: str, starts: list[int] | None = None) -> tuple[int, int]:
    """Offsets [start, end) of a finding in ``text`` (its 1-based end column is inclusive)."""
    starts = starts if starts is not None else line_starts(text)

    def offset(line: int, column: int) -> int:
        line = min(max(line, 1), len(starts))
        return min(starts[line - 1] + max(column, 1) - 1, len(text))

    start = offset(d.line, d.column)
    end = min(offset(d.end_line, d.end_column) + 1, len(text))
    return start, max(start, end)


def sentence_end(text: str, offset: int) -> int:
    """Offset of the end punctuation of the sentence holding ``offset``, or of the paragraph's last
    character when the sentence has none."""
    n = len(text)
    i = offset
    last = offset - 1
    while i < n:
        c = text[i]
        if c in _ENDS and _ends_sentence(text, i):
            return i
        if c in "\r\n":
            if _blank_line_after(text, i):
                break
        elif not c.isspace():
            last = i
        i += 1
    return max(last, offset - 1)


def sentence_start(text: str, offset: int) -> int:
    """Offset of the first character of the sentence holding ``offset``: after the previous
    sentence's end punctuation, its closing quotes and any space, or at the paragraph's start."""
    offset = min(offset, len(text))
    begin = 0
    i = offset - 1
    while i >= 0:
        c = text[i]
        if c in _ENDS and _ends_sentence(text, i):
            j = i + 1
            while j < len(text) and text[j] in _CLOSERS:
                j += 1
            if j <= offset:
                begin = j
                break
        if c in "\r\n" and _blank_line_before(text, i):
            begin = i + 1
            break
        i -= 1
    while begin < offset and text[begin].isspace():
        begin += 1
    return begin


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding [start, end), whitespace runs (line wraps) collapsed to one space."""
    a = sentence_start(text, start)
    b = sentence_end(text, max(end - 1, start))
    return " ".join(text[a:b + 1].split())


def _ends_sentence(text: str, i: int) -> bool:
    """A period, ? or ! at ``i`` ends a sentence: closers, then space or the end, follow it."""
    n = len(text)
    j = i + 1
    while j < n and text[j] in _CLOSERS:
        j += 1
    return (j >= n or text[j].isspace()) and not _abbreviation(text, i)


def _abbreviation(text: str, i: int) -> bool:
    if text[i] != ".":
        return False
    before = text[max(i - 2, 0):i]
    # "U.S." ends with a letter after a dot; "J." is a lone capital after a space.
    return (len(before) == 2 and before[0] == "." and before[1].isalpha()) or \
        (len(before) == 2 and before[0].isspace() and before[1].isupper())


def _blank_line_after(text: str, i: int) -> bool:
    """The line break at ``i`` is followed by a blank line (or the end): the paragraph ends."""
    n = len(text)
    k = i + 1
    if text[i] == "\r" and k < n and text[k] == "\n":
        k += 1
    while k < n and text[k] in " \t":
        k += 1
    return k >= n or text[k] in "\r\n"


def _blank_line_before(text: str, i: int) -> bool:
    """The line break at ``i`` closes a blank line (or is the first line): a paragraph starts after it."""
    k = i - 1
    if text[i] == "\n" and k >= 0 and text[k] == "\r":
        k -= 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    return k < 0 or text[k] in "\r\n"
