"""Findings as LSP diagnostics and hovers: messages, ranges, rule links and documentation."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from lsprotocol import types
from pygls.uris import from_fs_path

from attrlint.model import Diagnostic, Severity
from attrlint.rules.registry import doc_url
from attrlint.server.positions import LineIndex, related_span

SOURCE = "attrlint"

_LSP_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def rule_doc(code: str) -> str | None:
    """The rule's documentation as Markdown, as ``attrlint rule CODE`` prints it."""
    from attrlint.rules import RULES

    r = RULES.get(code)
    if r is None:
        return None
    summary = f"{r.summary[:1].upper()}{r.summary[1:]}."
    return f"# {r.code} {r.name}\n\nDefault severity: {r.severity.value}. {summary}\n\n{r.doc}\n"


def to_lsp(d: Diagnostic, index: LineIndex, uri: str) -> types.Diagnostic:
    """One finding of the draft open as ``uri`` (whose text ``index`` holds)."""
    message = d.message
    if d.suggestion and d.suggestion not in d.message:
        message += f"\nSuggestion: {d.suggestion}"
    related = None
    if d.related:
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(uri=uri if r.path == d.path else from_fs_path(r.path) or r.path,
                                        range=index.range(*related_span(index, r))),
                message=r.message)
            for r in d.related
        ]
    return types.Diagnostic(
        range=index.range(*index.span(d)),
        message=message,
        severity=_LSP_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=doc_url(d.code)),
        source=SOURCE,
        related_information=related,
        data={"rule": d.rule, "fact": d.fact, "suggestion": d.suggestion},
    )


def problem_diagnostic(message: str, path: str | None = None, line: int | None = None,
                       severity: types.DiagnosticSeverity = types.DiagnosticSeverity.Error) -> types.Diagnostic:
    """A check that could not run (bad fact file or config, a draft too large) shows as one
    diagnostic at the top of the draft, linked to the file at fault when there is one."""
    related = None
    if path:
        at = max((line or 1) - 1, 0)
        where = types.Range(start=types.Position(at, 0), end=types.Position(at, 0))
        uri = from_fs_path(os.path.abspath(path)) or path
        related = [types.DiagnosticRelatedInformation(location=types.Location(uri=uri, range=where),
                                                      message=message)]
    zero = types.Position(line=0, character=0)
    return types.Diagnostic(range=types.Range(start=zero, end=zero), message=message, severity=severity,
                            source=SOURCE, related_information=related)


def findings_at(diagnostics: Iterable[Diagnostic], index: LineIndex, start: int, end: int,
                ) -> Iterable[tuple[Diagnostic, tuple[int, int]]]:
    """Findings whose span touches [start, end], with their spans."""
    for d in diagnostics:
        span = index.span(d)
        if span[0] <= end and start <= span[1]:
            yield d, span


def hover_at(diagnostics: Iterable[Diagnostic], index: LineIndex, at: int) -> types.Hover | None:
    """The findings under offset ``at``, innermost first, each with its rule's documentation."""
    hits = [(d, s) for d, s in findings_at(diagnostics, index, at, at) if s[0] <= at < max(s[1], s[0] + 1)]
    if not hits:
        return None
    hits.sort(key=lambda h: (h[1][1] - h[1][0], h[0].sort_key))
    parts = []
    for d, _ in hits:
        text = f"**{d.code}** `{d.rule}` ({d.severity.value}): {d.message}"
        if d.suggestion and d.suggestion not in d.message:
            text += f"\n\n*Suggestion:* {d.suggestion}"
        doc = rule_doc(d.code)
        if doc:
            # Rule docs use level-2 headings; inside a hover they read better smaller.
            text += "\n\n---\n\n" + re.sub(r"(?m)^(#{1,2}) ", lambda m: "#" * (len(m[1]) + 2) + " ", doc)
        parts.append(text)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(parts)),
        range=index.range(*hits[0][1]),
    )
