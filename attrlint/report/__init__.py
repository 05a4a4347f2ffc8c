"""Turn sorted diagnostics into one output format: ``render(fmt, diagnostics, ctx)``.

Each format is the module ``attrlint.report.<name>`` with a function
``render(diagnostics, ctx) -> str``; adding a format means adding its name to ``FORMATS`` and
writing that module. Every format returns its complete output, newline-terminated, or an empty
string when there is nothing to print (so the caller writes it without adding a newline).
"""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic, line_starts
from attrlint.printable import readable_path

if TYPE_CHECKING:
    # Only for hints: importing the rules package may pull in every rule and the NLP stack.
    from attrlint.explain import Verdict
    from attrlint.rules.registry import Rule

FORMATS = ("text", "json", "jsonl", "sarif", "github", "rdjson", "html")
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class ReportContext:
    """What a format may need besides the diagnostics themselves."""

    rules: Mapping[str, Rule]  # code -> Rule, for rule metadata (SARIF descriptors)
    files_checked: int
    sources: Mapping[str, str]  # path -> the draft's text; a path may be missing
    color: bool = False  # ANSI colour; the caller sets it only when stdout is a terminal
    show_source: bool = False  # text: the draft line with a caret under the span
    grouped: bool = False  # text: a header per draft, then its findings (for a terminal)
    frame_width: int = 100  # text: columns a code frame may take (the terminal's width)
    files_unreadable: int = 0  # drafts named or found that could not be read (reported on stderr)
    # path -> kind of each line, for drafts read from Word (one line per paragraph)
    layouts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    statistics: bool = False  # text: a per-code count table
    quiet: bool = False  # text: no summary line
    version: str = "0.1.0"
    # text: findings a fix would resolve under the flags given (marked "[*]"), fixes that need
    # --unsafe-fixes, findings fixed (None when not fixing) and findings the baseline hid.
    fixable: frozenset[Diagnostic] = frozenset()
    hidden_fixes: int = 0
    fixed: int | None = None
    baselined: int = 0
    # --explain: every number's verdict, sorted by position (text and jsonl show them)
    explanations: Sequence[Verdict] | None = None
    _lines: dict[str, list[str] | None] = field(default_factory=dict, init=False, repr=False)

    def source_line(self, path: str, line: int) -> str | None:
        """Text of 1-based ``line`` of ``path`` without its line break, or None when unknown."""
        if path not in self._lines:
            text = self.sources.get(path)
            # Split exactly as Document.position counts lines (a lone \r ends a line too), so the
            # reported line numbers and the shown lines agree.
            self._lines[path] = None if text is None else _split_lines(text)
        lines = self._lines[path]
        if lines is None or not 1 <= line <= len(lines):
            return None
        return lines[line - 1]


def render(fmt: str, diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    """The whole output of ``diagnostics`` in format ``fmt`` (one of ``FORMATS``)."""
    return "".join(render_pieces(fmt, diagnostics, ctx))


def render_pieces(fmt: str, diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> Iterator[str]:
    """The output of ``render`` in consecutive pieces: formats with a ``pieces`` function (one
    line per finding) are written as they are made, so a draft with 100,000 findings is never
    held in memory a second time as text."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{fmt}")
    if any(_SURROGATE.search(t) for d in diagnostics for t in _texts(d)):
        diagnostics, ctx = _readable(diagnostics, ctx)
    pieces = getattr(module, "pieces", None)
    if pieces is None:
        yield module.render(diagnostics, ctx)
    else:
        yield from pieces(diagnostics, ctx)


def _texts(d: Diagnostic) -> tuple[str, ...]:
    return (d.path, d.message, d.suggestion or "", *(r.path + r.message for r in d.related))


def _readable(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> tuple[list[Diagnostic], ReportContext]:
    """A file name that is not valid UTF-8 (its odd bytes held as lone surrogates) cannot be
    written by any format; every format shows each such byte as ``\\xff`` (``readable_path``)."""
    def fix(d: Diagnostic) -> Diagnostic:
        related = tuple(dataclasses.replace(r, path=readable_path(r.path), message=readable_path(r.message))
                        for r in d.related)
        suggestion = readable_path(d.suggestion) if d.suggestion else d.suggestion
        return dataclasses.replace(d, path=readable_path(d.path), message=readable_path(d.message),
                                   suggestion=suggestion, related=related)

    sources = {readable_path(path): text for path, text in ctx.sources.items()}
    return [fix(d) for d in diagnostics], dataclasses.replace(ctx, sources=sources)


def message_with_suggestion(d: Diagnostic) -> str:
    """The message as one text for formats that have no separate place for a suggestion."""
    if d.suggestion and d.suggestion not in d.message:
        return f"{d.message}\nSuggestion: {d.suggestion}"
    return d.message


def _split_lines(text: str) -> list[str]:
    starts = line_starts(text)
    ends = starts[1:] + [len(text)]
    return [text[a:b].rstrip("\r\n") for a, b in zip(starts, ends, strict=True)]
