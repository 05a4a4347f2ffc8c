"""``attrlint check --explain``: for each number in a draft, why it was or was not flagged.

The drafts are analysed again (the findings themselves may come from the cache), and each
written number gets one verdict: flagged (with the rule's code), credited (to whom, by which
construction), or set aside (not a figure, not a claim), with the reason the analysis recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from attrlint.lexicon import Lexicon
from attrlint.model import Credit, Diagnostic, Document, FigureMention

FIGURE_CODES = ("AT101", "AT102")


@dataclass(frozen=True)
class Verdict:
    """Why one number in a draft was or was not flagged."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    figure: str
    # "flagged", "credited", "public record", "not flagged", "not a figure", "not a claim"
    verdict: str
    reason: str
    code: str | None = None  # the rule that flagged it

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return self.path, self.line, self.column

    def line_text(self) -> str:
        """``path:line:col: "12,000" flagged (AT101) — no source …`` for text output."""
        what = f"{self.verdict} ({self.code})" if self.code else self.verdict
        return f'{self.path}:{self.line}:{self.column}: "{self.figure}" {what} — {self.reason}'

    def to_json(self) -> dict[str, Any]:
        """A jsonl record for a number no finding covers: ``"explain"`` and no ``"code"``."""
        return {"path": self.path, "line": self.line, "column": self.column, "end_line": self.end_line,
                "end_column": self.end_column, "figure": self.figure, "verdict": self.verdict,
                "explain": self.reason}


def explain_documents(docs: Iterable[Document], diagnostics: Sequence[Diagnostic]) -> list[Verdict]:
    """The verdict on every number of the analysed ``docs``, given the run's findings."""
    flagged = {(d.path, d.line, d.column): d.code for d in diagnostics if d.code in FIGURE_CODES}
    out: list[Verdict] = []
    for doc in docs:
        for fig in doc.figures:
            out.append(_figure_verdict(doc, fig, flagged))
        for nf in doc.not_figures:
            line, col = doc.position(nf.start)
            eline, ecol = doc.end_position(nf.start, nf.end)
            verdict, _, reason = nf.reason.partition(": ")
            out.append(Verdict(doc.path, line, col, eline, ecol, nf.text, verdict, f"{reason} ({nf.test})"))
    return sorted(out, key=lambda v: v.sort_key)


def _figure_verdict(doc: Document, fig: FigureMention, flagged: dict[tuple[str, int, int], str]) -> Verdict:
    line, col = doc.position(fig.start)
    eline, ecol = doc.end_position(fig.start, fig.end)
    code = flagged.get((doc.path, line, col))
    reason = fig.reason
    if fig.attribution is not None:
        reason = f'to "{fig.attribution.source}" by {fig.reason}'
        if fig.credit is Credit.VAGUE:
            reason += ", a vague source"
    if code is not None:
        verdict = "flagged"
    elif fig.credit is Credit.PUBLIC_RECORD:
        verdict = "public record"
    elif fig.credit is Credit.NONE or fig.credit is Credit.VAGUE:
        verdict = "not flagged"
        why = "not in prose" if not fig.sentence.block.kind.is_prose else "its rule is off or suppressed here"
        reason = f"{reason}; {why}"
    else:
        verdict = "credited"
    return Verdict(doc.path, line, col, eline, ecol, fig.display, verdict, reason, code)


def explain_texts(texts: Iterable[tuple[str, str]], nlp: Any, lexicon: Lexicon,
                  diagnostics: Sequence[Diagnostic]) -> list[Verdict]:
    """Analyse the drafts (path, text) and explain every number in them."""
    from attrlint.analysis.pipeline import analyse
    from attrlint.engine import build_document

    docs = [build_document(path, text) for path, text in texts]
    analyse(docs, nlp, lexicon)
    return explain_documents(docs, diagnostics)
