"""Human-readable output: ``path:line:col: CODE message`` per finding, ruff style.

Optional extras: the draft line with a caret span under the finding, a per-code count table and
a closing summary line. Colour is plain ANSI and only added when the caller asks for it.
"""

from __future__ import annotations

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
_GUTTER = "\x1b[1;34m"
_SEVERITY = {Severity.ERROR: "\x1b[1;31m", Severity.WARNING: "\x1b[1;33m", Severity.INFO: "\x1b[1;36m"}


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    """Findings (with snippets if asked), the optional statistics table, then the summary line."""
    paint = _painter(ctx.color)
    out: list[str] = []
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
            out.append(paint(_BOLD, summary(diagnostics, ctx.files_checked)))
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


def summary(diagnostics: Sequence[Diagnostic], files_checked: int) -> str:
    """``Found 3 problems (1 error, 2 warnings) in 2 files.`` or the all-clear line."""
    if not diagnostics:
        return f"All checked: no problems in {_plural(files_checked, 'file')}."
    counts = Counter(d.severity for d in diagnostics)
    parts = [
        _plural(counts[sev], word)
        for sev, word in ((Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "info"))
        if counts[sev]
    ]
    files = len({d.path for d in diagnostics})
    return (
        f"Found {_plural(len(diagnostics), 'problem')} ({', '.join(parts)}) in {_plural(files, 'file')}."
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
        lines.extend(_snippet(d, ctx, paint))
    if d.suggestion and d.suggestion not in d.message:
        lines.append(f"  {paint(_CYAN, 'suggestion:')} {_shown(d.suggestion)}")
    for r in d.related:
        lines.append(f"  {paint(_BOLD, 'related:')} {visible(r.path)}:{r.line}:{r.column}: {_shown(r.message)}")
    return lines


def _shown(text: str) -> str:
    """A message as printed: control characters escaped, continuation lines indented, so that every
    unindented output line is still a ``path:line:col:`` finding for editors' and CI problem matchers."""
    text = visible(text, line_breaks=True)
    return "\n  ".join(text.splitlines()) if "\n" in text or "\r" in text else text


def _snippet(d: Diagnostic, ctx: ReportContext, paint: Paint) -> list[str]:
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
        shown, cols = expand(text)
        # A span may run past the end of the line (onto its line break): clamp, but show one caret.
        start = min(max(start, 1), len(text) + 1)
        end = min(max(end, start), len(text))
        lead = cols[start - 1]
        carets = max(cols[end] - lead, 1) if end >= start else 1
        out.append(f"{paint(_GUTTER, f'{number:>{width}} |')} {shown}".rstrip())
        out.append(f"{gutter} {' ' * lead}{paint(caret_style, '^' * carets)}")
    return out


def expand(text: str) -> tuple[str, list[int]]:
    """The line as a terminal shows it (tabs expanded, control characters replaced) and, for
    every character index i (and len(text)), the display column where character i starts."""
    shown: list[str] = []
    cols = [0]
    col = 0
    for ch in text:
        if ch == "\t":
            w = TAB_WIDTH - col % TAB_WIDTH
            shown.append(" " * w)
        else:
            if unicodedata.category(ch) == "Cc":
                # A raw escape or backspace from the draft would corrupt the terminal.
                ch = "\N{REPLACEMENT CHARACTER}"
            w = char_width(ch)
            shown.append(ch)
        col += w
        cols.append(col)
    return "".join(shown), cols


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
