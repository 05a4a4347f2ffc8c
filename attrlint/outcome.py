"""What ``attrlint check`` does with the findings once every draft is checked: hide those the
baseline records, apply fixes (``--fix``, ``--diff``), record a baseline (``--write-baseline``),
and print the report.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import TYPE_CHECKING

import click

from attrlint import __version__
from attrlint.autofix import StaleDraft, fix_draft, fixable, unified_diff, write_fixed
from attrlint.baseline import Baseline, load_baseline, write_baseline
from attrlint.model import Diagnostic, sort_diagnostics
from attrlint.reader import WORD_NOT_WRITABLE

if TYPE_CHECKING:
    from attrlint.engine import Checker, Draft
    from attrlint.run import CheckOptions


def _err(message: str) -> None:
    click.echo(message, err=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Outcome:
    """The checked drafts, their current text (fixed or not) and findings, and what was done."""

    def __init__(self, opts: CheckOptions, checker: Checker, drafts: list[Draft],
                 found: list[list[Diagnostic]]) -> None:
        self.opts = opts
        self.checker = checker
        self.drafts = drafts
        self.found = found
        self.texts = [d.source for d in drafts]
        self.fixed = 0
        self.unreadable = 0  # paths named that could not be read (the summary says so)
        self.reported: list[Diagnostic] = []
        self._baselines: dict[str, Baseline] = {}

    # -- baseline ------------------------------------------------------------------------------

    def baseline_for(self, draft: Draft) -> Baseline | None:
        """The baseline that applies to a draft: --baseline, else its config's; loaded once."""
        if self.opts.write_baseline:
            return None
        path = self.opts.baseline or (draft.settings.baseline if draft.settings else None)
        if not path:
            return None
        if path not in self._baselines:
            self._baselines[path] = load_baseline(path)
        return self._baselines[path]

    def load_baselines(self) -> None:
        """Read every baseline that applies now, so a missing or broken one stops the run first."""
        for draft in self.drafts:
            self.baseline_for(draft)

    def visible(self, i: int, diagnostics: list[Diagnostic], text: str) -> list[Diagnostic]:
        """Draft ``i``'s findings the baseline does not hide."""
        baseline = self.baseline_for(self.drafts[i])
        if baseline is None:
            return diagnostics
        return baseline.split(diagnostics, {self.drafts[i].path: text})[0]

    def write_baseline(self, status: int) -> int:
        """--write-baseline: record every finding (none when a draft could not be read)."""
        path = self.opts.write_baseline or ""
        if status:
            _err(f"{path}: baseline not written, because a draft above could not be read")
            return status
        diagnostics = [d for found in self.found for d in found]
        sources = {d.path: text for d, text in zip(self.drafts, self.texts, strict=True)}
        write_baseline(path, diagnostics, sources)
        if not self.opts.quiet:
            drafts = len({d.path for d in diagnostics})
            _err(f"Wrote {_plural(len(diagnostics), 'finding')} in {_plural(drafts, 'draft')} to {path}; "
                 "they will not be reported while their sentences stay as they are.")
        return 0

    # -- fixes ---------------------------------------------------------------------------------

    def fix(self) -> int:
        """--fix or --diff: fix every draft; returns 2 if a draft could not be written, else 0."""
        status = 0
        diffs: list[str] = []
        for i, draft in enumerate(self.drafts):
            result = fix_draft(draft.path, draft.source, self.found[i], self._facts(draft), self.opts.unsafe_fixes,
                               recheck=lambda text, draft=draft: self._recheck(draft, text),
                               reported=lambda ds, text, i=i: self.visible(i, ds, text))
            if not result.changed:
                continue
            if draft.kinds is not None:  # read from Word: never rewritten as text
                _err(f"{draft.path}: {WORD_NOT_WRITABLE}")
                continue
            if self.opts.diff:
                diffs.append(unified_diff(draft.path, draft.source, result.text))
            elif not draft.stdin and not self._write(draft, result.text):
                status = 2
                continue
            self.texts[i] = result.text
            self.found[i] = result.diagnostics
            self.fixed += result.applied
        if self.opts.diff:
            sys.stdout.write("".join(diffs))
            if not self.opts.quiet:
                _err(f"Would fix {_plural(self.fixed, 'problem')}." if self.fixed else "No fixes to apply.")
        return status

    def _facts(self, draft: Draft):  # noqa: ANN202 - a FactBase or None
        return self.checker.facts(draft.facts_path)[1]

    def _recheck(self, draft: Draft, text: str) -> list[Diagnostic]:
        from attrlint.engine import Draft as NewDraft

        again = NewDraft(draft.path, text, draft.facts_path, draft.settings, stdin=draft.stdin)
        return next(iter(self.checker.check([again]))).diagnostics

    def _write(self, draft: Draft, text: str) -> bool:
        try:
            write_fixed(draft.path, draft.source, text)
        except StaleDraft:
            _err(f"{draft.path}: changed on disk while attrlint was fixing it; left as it is (run attrlint again)")
            return False
        except OSError as e:
            _err(f"{draft.path}: cannot write the fixed draft: {(e.strerror or str(e)).lower()}")
            return False
        return True

    # -- report --------------------------------------------------------------------------------

    def _explanations(self) -> list | None:
        """--explain: every number's verdict, from a fresh analysis of the drafts as printed."""
        if not self.opts.explain:
            return None
        from attrlint.explain import explain_texts

        texts = [(d.path, t) for d, t in zip(self.drafts, self.texts, strict=True)]
        return explain_texts(texts, self.checker.nlp(), self.checker.lexicon, self.reported)

    def report(self) -> None:
        """Print the findings the baseline does not hide (after fixes), in the chosen format."""
        from attrlint.report import ReportContext, render_pieces
        from attrlint.rules import RULES

        hidden = 0
        can_fix: list[Diagnostic] = []
        hidden_fixes = 0
        text_format = self.opts.output_format == "text"
        for i, draft in enumerate(self.drafts):
            shown = self.visible(i, self.found[i], self.texts[i])
            hidden += len(self.found[i]) - len(shown)
            self.reported.extend(shown)
            if text_format and draft.kinds is None:
                now, later = fixable(shown, self.texts[i], self._facts(draft), self.opts.unsafe_fixes)
                can_fix.extend(now)
                hidden_fixes += later
        sort_diagnostics(self.reported)
        # With --fix, a draft from stdin is printed fixed on stdout and the report goes to stderr, as ruff does.
        stdin_fixed = self.opts.fix and any(d.stdin for d in self.drafts)
        out = sys.stderr if stdin_fixed else sys.stdout
        ctx = ReportContext(rules=RULES, files_checked=len(self.drafts),
                            sources={d.path: t for d, t in zip(self.drafts, self.texts, strict=True)},
                            color=out.isatty() and not os.environ.get("NO_COLOR"), show_source=out.isatty(),
                            grouped=out.isatty(), files_unreadable=self.unreadable,
                            frame_width=shutil.get_terminal_size((100, 24)).columns if out.isatty() else 100,
                            layouts={d.path: d.kinds for d in self.drafts if d.kinds},
                            statistics=self.opts.statistics, quiet=self.opts.quiet, version=__version__,
                            fixable=frozenset(can_fix), hidden_fixes=hidden_fixes,
                            fixed=self.fixed if self.opts.fix else None, baselined=hidden,
                            explanations=self._explanations())
        if stdin_fixed:
            sys.stdout.write("".join(t for d, t in zip(self.drafts, self.texts, strict=True) if d.stdin))
            sys.stdout.flush()
        for piece in render_pieces(self.opts.output_format, self.reported, ctx):
            out.write(piece)
        out.flush()
