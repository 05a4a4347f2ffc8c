"""Inline suppression comments, like ruff's ``noqa`` and Vale's ``<!-- vale off -->``.

Markdown drafts use HTML comments, which never show in the published story::

    <!-- attrlint: disable AT101, vague-attribution -->   … until a matching enable
    <!-- attrlint: enable AT101 -->
    <!-- attrlint: disable-next-line AT101 -- figure is the paper's own count -->
    <!-- attrlint: disable-file -->

Plain-text drafts use the same directive on a line of its own starting with ``attrlint:``.
Codes may be separated by commas or spaces and may be codes, prefixes or rule names; no codes
means every rule. Text after `` -- `` is a free-form reason. Directives that suppress nothing,
name unknown rules or are malformed become AT900 findings, as ruff's RUF100 does for ``noqa``.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from attrlint.model import Diagnostic, Severity, line_starts

VERBS = ("disable", "enable", "disable-next-line", "disable-file")
CODE = "AT900"
RULE = "unused-suppression"

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_MD_BODY = re.compile(r"\s*attrlint:(.*)", re.DOTALL)
_PLAIN = re.compile(r"[ \t]*(attrlint:(.*?))[ \t]*$")
_REASON = re.compile(r"(?:^|\s)--(?:\s|$)")


@dataclass(frozen=True)
class Directive:
    """One suppression comment; positions are of the comment itself (1-based, end inclusive),
    ``start``/``end`` its source offsets."""

    kind: str  # one of VERBS, or "invalid"
    selectors: tuple[str, ...]
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    text: str = ""  # the command as written, without the reason: "disable-next-line AT101"
    reason: str = ""
    next_line: int = 0  # disable-next-line: the line it covers (0 when none follows)


def parse_directives(source: str, markdown: bool) -> list[Directive]:
    """Every suppression directive in a draft, in source order."""
    if "attrlint:" not in source:
        return []
    starts = line_starts(source)
    found = [_directive(starts, a, b, body)
             for a, b, body in (_markdown_spans(source) if markdown else _plain_spans(source, starts))]
    skippable = _skippable_lines(source, starts, [(d.start, d.end) for d in found])
    out = []
    for d in found:
        if d.kind == "disable-next-line":
            target = next((k for k in range(d.end_line + 1, len(starts) + 1) if k not in skippable), 0)
            d = dataclasses.replace(d, next_line=target)
        out.append(d)
    return out


def directive_lines(source: str, markdown: bool) -> list[tuple[int, int]]:
    """Source ranges (line start to line end, newline excluded) of plain-text directive lines,
    so the reader can keep them out of the prose. Markdown directives are HTML already."""
    if markdown or "attrlint:" not in source:
        return []
    starts = line_starts(source)
    return [(a, b) for a, b in _plain_lines(source, starts) if _PLAIN.fullmatch(source, a, b)]


def _plain_lines(source: str, starts: list[int]) -> list[tuple[int, int]]:
    ends = [*starts[1:], len(source)]
    out = []
    for a, b in zip(starts, ends, strict=True):
        while b > a and source[b - 1] in "\r\n":
            b -= 1
        out.append((a, b))
    return out


def _plain_spans(source: str, starts: list[int]) -> list[tuple[int, int, str]]:
    out = []
    for a, b in _plain_lines(source, starts):
        m = _PLAIN.fullmatch(source, a, b)
        if m:
            out.append((m.start(1), m.end(1), m.group(2)))
    return out


def _markdown_spans(source: str) -> list[tuple[int, int, str]]:
    candidates = []
    for m in _COMMENT.finditer(source):
        body = _MD_BODY.fullmatch(m.group(1))
        if body:
            candidates.append((m.start(), m.end(), body.group(1)))
    if not candidates:
        return []
    code_lines = _code_block_lines(source)
    starts = line_starts(source)
    out = []
    for a, b, body in candidates:
        k = bisect.bisect_right(starts, a) - 1
        if k + 1 in code_lines:
            continue
        line_end = starts[k + 1] if k + 1 < len(starts) else len(source)
        if any(x <= a - starts[k] < y for x, y in _code_spans(source[starts[k]:line_end])):
            continue  # `<!-- attrlint: … -->` written as inline code is an example, not a directive
        out.append((a, b, body))
    return out


def _code_block_lines(source: str) -> set[int]:
    """1-based lines inside fenced or indented code, where a comment is text, not a directive."""
    from markdown_it import MarkdownIt

    lines: set[int] = set()
    for token in MarkdownIt("commonmark").parse(source):
        if token.type in ("fence", "code_block") and token.map:
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Inline code spans on one line: a backtick run closed by a run of the same length."""
    spans = []
    runs = [(m.start(), len(m.group())) for m in re.finditer(r"`+", line)]
    i = 0
    while i < len(runs):
        start, size = runs[i]
        close = next((j for j in range(i + 1, len(runs)) if runs[j][1] == size), None)
        if close is None:
            i += 1
            continue
        spans.append((start, runs[close][0] + size))
        i = close + 1
    return spans


def _directive(starts: list[int], a: int, b: int, body: str) -> Directive:
    reason = ""
    m = _REASON.search(body)
    if m:
        body, reason = body[: m.start()], body[m.end():].strip()
    words = [w for w in re.split(r"[\s,]+", body) if w]
    verb = words[0] if words else ""
    kind = verb if verb in VERBS else "invalid"
    line, column = _position(starts, a)
    end_line, end_column = _position(starts, max(b - 1, a))
    return Directive(kind, tuple(words[1:]), line, column, end_line, end_column, a, b,
                     text=" ".join(body.split()), reason=reason)


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    k = bisect.bisect_right(starts, offset) - 1
    return k + 1, offset - starts[k] + 1


def _skippable_lines(source: str, starts: list[int], spans: list[tuple[int, int]]) -> set[int]:
    """Lines that are blank once directives are removed: disable-next-line looks past them, so
    directives can be stacked above the line they cover."""
    chars = list(source)
    for a, b in spans:
        chars[a:b] = [" "] * (b - a)
    blanked = "".join(chars)
    return {k + 1 for k, (a, b) in enumerate(_plain_lines(blanked, starts)) if not blanked[a:b].strip()}


# --- applying -----------------------------------------------------------------------------------


@dataclass
class _Resolved:
    directive: Directive
    # (selector, codes); an empty list with ``everything`` set means "every rule".
    selectors: list[tuple[str, set[str]]]
    everything: bool
    used: set[str]  # selectors (or "*" for everything) that suppressed a finding

    def matches(self, code: str) -> list[str]:
        if self.everything:
            return ["*"]
        return [sel for sel, codes in self.selectors if code in codes]

    def overlap(self, other: _Resolved) -> set[str] | None:
        """Codes both cover; None means every code."""
        if self.everything:
            return None if other.everything else other.codes()
        return self.codes() if other.everything else self.codes() & other.codes()

    def codes(self) -> set[str]:
        return set().union(*(codes for _, codes in self.selectors))

    def covers(self, codes: set[str] | None) -> bool:
        return self.everything or (codes is not None and codes <= self.codes())


def apply_suppressions(diagnostics: list[Diagnostic], directives: list[Directive],
                       resolve: Callable[[str], set[str]], path: str
                       ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """Drop suppressed findings; return (kept findings, AT900 findings about the directives).

    ``resolve`` turns a selector into codes and raises ValueError for an unknown one
    (``lambda s: config.resolve_selector(s, rules)``). Every directive that covers a finding
    counts as used, even when another one covers it too.
    """
    notes: list[Diagnostic] = []
    resolved: list[_Resolved] = []
    for d in directives:
        if d.kind == "invalid":
            notes.append(_note(path, d, _invalid_message(d)))
            continue
        pairs = []
        for sel in d.selectors:
            try:
                pairs.append((sel, set(resolve(sel))))
            except ValueError:
                notes.append(_note(path, d, f'unknown rule "{sel}" in suppression "{d.text}"'))
        if d.selectors and not pairs:
            continue  # only unknown codes: already reported, and it can suppress nothing
        resolved.append(_Resolved(d, pairs, not d.selectors, set()))

    kept = [diag for diag in diagnostics if not _suppressed(diag, resolved)]

    for r in resolved:
        d = r.directive
        if d.kind == "enable":
            if not _closes_a_disable(r, resolved):
                notes.append(_note(path, d, f'suppression "{d.text}" matched no earlier disable'))
            continue
        if not r.used:
            notes.append(_note(path, d, f'suppression "{d.text}" matched no finding'))
        elif not r.everything:
            unused = [sel for sel, _ in r.selectors if sel not in r.used]
            if unused:
                notes.append(_note(path, d, f'suppression "{d.text}" matched no finding for '
                                            f"{', '.join(unused)}"))
    notes.sort(key=lambda n: (n.line, n.column))
    return kept, notes


def _suppressed(diag: Diagnostic, resolved: list[_Resolved]) -> bool:
    hit = False
    here = (diag.line, diag.column)
    # Region state per directive: the last disable/enable before the finding that names its
    # code decides, so "disable" then "enable AT101" leaves only AT101 reported.
    region: _Resolved | None = None
    region_sels: list[str] = []
    for r in resolved:
        d = r.directive
        sels = r.matches(diag.code)
        if not sels:
            continue
        if d.kind == "disable-file" or (d.kind == "disable-next-line" and d.next_line == diag.line):
            r.used.update(sels)
            hit = True
        elif d.kind in ("disable", "enable") and (d.line, d.column) < here:
            region, region_sels = (r, sels) if d.kind == "disable" else (None, [])
    if region is not None:
        region.used.update(region_sels)
        hit = True
    return hit


def _closes_a_disable(enable: _Resolved, resolved: list[_Resolved]) -> bool:
    """Whether some earlier disable is still open, for a code the enable names, when it comes."""
    position = (enable.directive.line, enable.directive.column)
    before = [r for r in resolved if r.directive.kind in ("disable", "enable")
              and (r.directive.line, r.directive.column) < position]
    for i, r in enumerate(before):
        if r.directive.kind != "disable":
            continue
        shared = r.overlap(enable)
        if shared is not None and not shared:
            continue
        if not any(later.directive.kind == "enable" and later.covers(shared) for later in before[i + 1:]):
            return True
    return False


def _invalid_message(d: Directive) -> str:
    verb = d.text.split(" ", 1)[0] if d.text else ""
    what = f'unknown command "{verb}"' if verb else "no command"
    written = f"attrlint: {d.text}".strip()
    return f'invalid suppression "{written}": {what}; use {", ".join(VERBS)}'


def _note(path: str, d: Directive, message: str) -> Diagnostic:
    return Diagnostic(path=path, line=d.line, column=d.column, end_line=d.end_line,
                      end_column=d.end_column, code=CODE, rule=RULE, severity=Severity.WARNING,
                      message=message)
