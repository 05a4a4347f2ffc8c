"""Human-readable output: ``path:line:col: CODE message`` per finding, ruff style.

That plain form is what pipes, CI logs and problem matchers read, and it stays as it is. On a
terminal the caller asks for more: findings grouped under a header per draft (as Vale prints
them), each with a code frame (the part of the draft line around the finding, clipped with "…"
at cut ends, with carets under the span; line and column numbers stay those of the file). Also
optional: a per-code count table and a closing summary line. Colour is plain ANSI, added only
when the caller asks for it.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic, Severity
from attrlint.printable import visible

if TYPE_CHECKING:
    from attrlint.report import ReportContext

TAB_WIDTH = 4

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_CYAN = "\x1b[36m"
_UNDERLINE = "\x1b[1;4m"
_GUTTER = "\x1b[1;34m"
_SEVERITY = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    """Findings (grouped, with code frames, if asked), the optional statistics table, then the
    summary line."""
    paint = _painter(ctx.color)
    out: list[str] = []
    if ctx.grouped and ctx.explanations is None:
        out.extend(_grouped(diagnostics, ctx, paint))
    else:
        for diags, explained in _by_draft(diagnostics, ctx):
            for d in diags:
                out.extend(_finding(d, ctx, paint))
                if ctx.show_source:
                    out.append("")  # a blank line keeps multi-line findings apart
            out.extend(explained)
    if ctx.statistics and diagnostics:
        if out and out[-1] != "":
            out.append("")
        out.extend(_statistics(diagnostics))
        out.append("")
    if not ctx.quiet:
        if ctx.fixed:
            out.append(paint(_BOLD, fixed_summary(diagnostics, ctx.fixed)))
        else:
            out.append(paint(_BOLD, summary(diagnostics, ctx.files_checked, ctx.files_unreadable)))
        out.extend(summary_notes(ctx))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _by_draft(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> list[tuple[list[Diagnostic], list[str]]]:
    """The findings, each draft's followed by its --explain lines when there are any."""
    if ctx.explanations is None:
        return [(list(diagnostics), [])]
    findings: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        findings.setdefault(d.path, []).append(d)
    lines: dict[str, list[str]] = {}
    for v in ctx.explanations:
        lines.setdefault(v.path, []).append(v.line_text())
    return [(findings.get(p, []), lines.get(p, [])) for p in sorted(findings.keys() | lines.keys())]


def summary(diagnostics: Sequence[Diagnostic], files_checked: int, files_unreadable: int = 0) -> str:
    """``Found 3 problems (1 error, 2 warnings) in 2 files.`` or the all-clear line; drafts that
    could not be read are counted, never passed off as checked."""
    unread = f"{_plural(files_unreadable, 'file')} could not be read (see above)" if files_unreadable else ""
    if not diagnostics:
        if not unread:
            return f"All checked: no problems in {_plural(files_checked, 'file')}."
        if not files_checked:
            return f"Nothing checked: {unread}."
        return f"No problems in the {_plural(files_checked, 'file')} checked, but {unread}."
    files = len({d.path for d in diagnostics})
    found = f"Found {_plural(len(diagnostics), 'problem')} ({severity_counts(diagnostics)}) in {_plural(files, 'file')}"
    return f"{found}; {unread}." if unread else f"{found}."


def severity_counts(diagnostics: Sequence[Diagnostic]) -> str:
    """``1 error, 2 warnings`` (severities present only, most severe first)."""
    counts = Counter(d.severity for d in diagnostics)
    return ", ".join(
        _plural(counts[sev], word)
        for sev, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info"))
        if counts[sev]
    )


def fixed_summary(remaining: Sequence[Diagnostic], fixed: int) -> str:
    """ruff's wording after ``--fix``: ``Found 3 problems (2 fixed, 1 remaining).``"""
    return f"Found {_plural(fixed + len(remaining), 'problem')} ({fixed} fixed, {len(remaining)} remaining)."


def summary_notes(ctx: ReportContext) -> list[str]:
    """What fixes could do and what the baseline hid, in ruff's words where ruff has them."""
    notes = []
    hidden = ""
    if ctx.hidden_fixes:
        n = ctx.hidden_fixes
        hidden = f"{n} hidden {'fix' if n == 1 else 'fixes'} can be enabled with the `--unsafe-fixes` option"
    if ctx.fixable:
        notes.append(f"[*] {len(ctx.fixable)} fixable with the `--fix` option" + (f" ({hidden})." if hidden else "."))
    elif hidden:
        notes.append(f"No fixes available ({hidden}).")
    if ctx.baselined:
        notes.append(f"The baseline hid {_plural(ctx.baselined, 'finding')} recorded earlier.")
    return notes


def _plural(n: int, word: str) -> str:
    # "info" is a mass noun here: "2 info" reads better than "2 infos".
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


Paint = Callable[[str, str], str]


def _painter(color: bool) -> Paint:
    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if color and text else text

    return paint


def _finding(d: Diagnostic, ctx: ReportContext, paint: Paint) -> list[str]:
    # Paths, messages and suggestions carry draft text and file names: ``visible`` escapes their
    # control characters, so no escape sequence or forged line reaches the terminal.
    sep = paint(_CYAN, ":")
    head = (
        f"{paint(_BOLD, visible(d.path))}{sep}{d.line}{sep}{d.column}{sep} "
        f"{paint(_SEVERITY[d.severity], d.code)} {'[*] ' if d in ctx.fixable else ''}{_shown(d.message)}"
    )
    lines = [head]
    if ctx.show_source:
        lines.extend(_snippet(d, ctx, paint, ctx.frame_width))
    lines.extend(_notes(d, paint, "  "))
    return lines


def _grouped(diagnostics: Sequence[Diagnostic], ctx: ReportContext, paint: Paint) -> list[str]:
    """A header per draft (its path and counts), then its findings as ``line:col severity CODE
    message``, each with its code frame, suggestion and related places."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    out: list[str] = []
    for path, found in by_path.items():
        note = f" {paint(_CYAN, '(Word: line = paragraph, column = character in it)')}" \
            if path.lower().endswith(".docx") else ""
        out.append(f"{paint(_UNDERLINE, visible(path))}  {severity_counts(found)}{note}")
        where_w = max(len(f"{d.line}:{d.column}") for d in found)
        for d in found:
            severity = f"{d.severity.value:<8}"
            out.append(f"  {d.line}:{d.column}".ljust(where_w + 2) + f"  {paint(_SEVERITY[d.severity], severity)} "
                       f"{paint(_BOLD, d.code)}  {_shown(d.message, '    ')}")
            if ctx.show_source:
                out.extend("    " + row for row in _snippet(d, ctx, paint, ctx.frame_width - 4))
            out.extend(_notes(d, paint, "    "))
        out.append("")
    return out


def _notes(d: Diagnostic, paint: Paint, indent: str) -> list[str]:
    lines = []
    if d.suggestion and d.suggestion not in d.message:
        lines.append(f"{indent}{paint(_CYAN, 'suggestion:')} {_shown(d.suggestion, indent)}")
    for r in d.related:
        where = f"{visible(r.path)}:{r.line}:{r.column}"
        lines.append(f"{indent}{paint(_BOLD, 'related:')} {where}: {_shown(r.message, indent)}")
    return lines


def _shown(text: str, indent: str = "  ") -> str:
    """A message as printed: control characters escaped, continuation lines indented, so that every
    unindented output line is still a ``path:line:col:`` finding for editors' and CI problem matchers."""
    text = visible(text, line_breaks=True)
    return f"\n{indent}".join(text.splitlines()) if "\n" in text or "\r" in text else text


def _snippet(d: Diagnostic, ctx: ReportContext, paint: Paint, frame_width: int) -> list[str]:
    """The span's first (and last) draft line, each with carets under the covered characters."""
    first = ctx.source_line(d.path, d.line)
    if first is None:
        return []
    if d.end_line <= d.line:
        rows = [(d.line, first, d.column, max(d.end_column, d.column))]
    else:
        last = ctx.source_line(d.path, d.end_line)
        rows = [(d.line, first, d.column, len(first))]
        if last is not None:
            rows.append((d.end_line, last, 1, d.end_column))
    width = len(str(rows[-1][0]))
    gutter = paint(_GUTTER, " " * width + " |")
    caret_style = _SEVERITY[d.severity]
    out: list[str] = []
    for i, (number, text, start, end) in enumerate(rows):
        if i and number > rows[i - 1][0] + 1:
            out.append(paint(_GUTTER, " " * (width - 1) + "..."))
        # A span may run past the end of the line (onto its line break): clamp, but show one caret.
        start = min(max(start, 1), len(text) + 1)
        end = min(max(end, start - 1), len(text))
        shown, lead, carets = clip(text, start - 1, end, frame_width - width - 3)
        out.append(f"{paint(_GUTTER, f'{number:>{width}} |')} {shown}".rstrip())
        out.append(f"{gutter} {' ' * lead}{paint(caret_style, '^' * carets)}")
    return out


# A window cut this close to a space is moved to the space, so the frame shows whole words.
_WORD_SNAP = 12


def clip(text: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """Line ``text`` as shown in a frame ``width`` columns wide, around characters [start, end).

    Returns the shown text (tabs expanded, control characters replaced, "…" where the line was
    cut), the display column where the carets start and how many carets. A line that fits is
    shown whole; a longer one is cut to a window centred on the span, at word boundaries when
    one is near, so a 230-character paragraph shows the words around the finding, not all of it.
    """
    cells = display_cells(text)
    cols = [0]
    for c in cells:
        cols.append(cols[-1] + c[1])
    a, b = cols[start], cols[max(end, start)]
    if cols[-1] <= width:
        return "".join(c[0] for c in cells), a, max(b - a, 1)
    room = max(width - 2, 10)  # two columns for the ellipses
    lo = max(0, a - max(room - (b - a), 0) // 2)
    hi = min(cols[-1], lo + room)
    lo = max(0, hi - room)
    i = bisect.bisect_left(cols, lo)
    j = bisect.bisect_right(cols, hi) - 1
    i, j = _snap(text, i, j, start, end)
    lead = "…" if i > 0 else ""
    tail = "…" if j < len(text) else ""
    shown = lead + "".join(c[0] for c in cells[i:j]) + tail
    caret_at = len(lead) + cols[start] - cols[i]
    carets = max(min(b, cols[j]) - max(a, cols[i]), 1)
    return shown, caret_at, carets


def _snap(text: str, i: int, j: int, start: int, end: int) -> tuple[int, int]:
    """Move a window [i, j) inwards to word boundaries near its ends, never cutting into the span."""
    if i > 0:
        k = text.find(" ", i, min(i + _WORD_SNAP, start))
        if k >= 0:
            i = k + 1
    if j < len(text):
        k = text.rfind(" ", max(j - _WORD_SNAP, end), j)
        if k >= 0:
            j = k
    return i, j


def expand(text: str) -> tuple[str, list[int]]:
    """The line as a terminal shows it (tabs expanded, control characters replaced) and, for
    every character index i (and len(text)), the display column where character i starts."""
    cells = display_cells(text)
    cols = [0]
    for _, w in cells:
        cols.append(cols[-1] + w)
    return "".join(piece for piece, _ in cells), cols


def display_cells(text: str) -> list[tuple[str, int]]:
    """Each character of a draft line as a terminal shows it, and the columns that takes."""
    out: list[tuple[str, int]] = []
    col = 0
    for ch in text:
        if ch == "\t":
            w = TAB_WIDTH - col % TAB_WIDTH
            piece = " " * w
        else:
            if unicodedata.category(ch) == "Cc":
                # A raw escape or backspace from the draft would corrupt the terminal.
                ch = "\N{REPLACEMENT CHARACTER}"
            piece, w = ch, char_width(ch)
        out.append((piece, w))
        col += w
    return out


def char_width(ch: str) -> int:
    """Terminal columns taken by one character: wide East Asian 2, combining and format 0."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _statistics(diagnostics: Sequence[Diagnostic]) -> list[str]:
    counts = Counter(d.code for d in diagnostics)
    names = {d.code: d.rule for d in diagnostics}
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    count_w = len(str(rows[0][1]))
    code_w = max(len(code) for code in counts)
    return [f"{n:>{count_w}}  {code:<{code_w}}  {names[code]}" for code, n in rows]
