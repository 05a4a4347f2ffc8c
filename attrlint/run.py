"""``attrlint check`` end to end: find drafts and their settings and fact files, check, report."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

import click

from attrlint.config import ConfigError, Settings, UnknownRuleError, is_excluded, resolve_selector
from attrlint.discovery import STDIN, Overrides, SettingsResolver
from attrlint.engine import Checker, Draft
from attrlint.facts import FactFileError
from attrlint.lexicon import LexiconError
from attrlint.model import Diagnostic, Severity
from attrlint.printable import visible
from attrlint.reader import DraftError, iter_drafts, load_draft, read_stdin

EXPLAIN_FORMATS = ("text", "jsonl")


@dataclass
class CheckOptions:
    paths: tuple[str, ...]
    facts: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    output_format: str = "text"
    fail_on: str | None = None
    exit_zero: bool = False
    statistics: bool = False
    quiet: bool = False
    config: str | None = None
    cache: bool = True
    stdin_filename: str | None = None
    exclude: tuple[str, ...] = ()
    jobs: int = 0
    baseline: str | None = None  # overrides the config's baseline
    write_baseline: str | None = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    explain: bool = False

    def overrides(self) -> Overrides:
        return Overrides(config=self.config, select=self.select, ignore=self.ignore,
                         extend_select=self.extend_select, fail_on=self.fail_on, facts=self.facts)


def _err(message: str) -> None:
    # Error lines name files: a name with an escape sequence or a newline is shown escaped.
    click.echo(visible(message), err=True)


def run_check(opts: CheckOptions) -> int:
    """The whole check command; returns the exit code."""
    from attrlint.nlp import ModelError

    if opts.explain and opts.output_format not in EXPLAIN_FORMATS:
        _err(f"attrlint: --explain works with --output-format text or jsonl, not {opts.output_format}")
        return 2
    if not _selectors_ok(opts):
        return 2
    resolver = SettingsResolver(opts.overrides())
    try:
        inputs = collect_drafts(opts, resolver)
        if not resolver.all():  # nothing named could even be looked at
            return inputs.status
        checker = make_checker(opts, resolver)
        found = check_drafts(checker, inputs.drafts, opts.jobs)
        return finish(opts, checker, inputs, found)
    except (ConfigError, LexiconError, FactFileError) as e:
        _err(str(e))
        return 2
    except ModelError as e:  # a missing model is a setup problem, reported in one line
        _err(f"attrlint: {e}")
        return 2


def _selectors_ok(opts: CheckOptions) -> bool:
    """Command-line selectors name real rules (else one line, exit 2)."""
    from attrlint.rules import RULES

    try:
        for sel in (opts.select or ()) + opts.ignore + opts.extend_select:
            resolve_selector(sel, RULES)
    except UnknownRuleError as e:
        _err(f"attrlint: {e} (see `attrlint rules`)")
        return False
    return True


@dataclass
class Inputs:
    """The drafts a command line names, each read once (a file named twice, or named and inside a
    named directory, is checked once, where it first appears), with its settings and fact file,
    and the exit status so far (2 when one could not be read: the others are still checked)."""

    opts: CheckOptions
    resolver: SettingsResolver
    drafts: list[Draft] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    status: int = 0
    unreadable: int = 0  # paths that could not be read: the summary must not count them as checked

    def fail(self, error: DraftError) -> None:
        _err(str(error))
        self.status = 2
        self.unreadable += 1

    def add(self, arg: str) -> None:
        """Gather one command-line argument; ConfigError propagates (it ends the run)."""
        if arg == STDIN:
            self._add_stdin()
            return
        root_settings = self.resolver.for_path(arg)
        exclude = list(root_settings.exclude) + list(self.opts.exclude)
        try:
            files = list(iter_drafts([arg], exclude, on_error=self.fail))
        except DraftError as e:
            self.fail(e)
            return
        for f in files:
            settings = self.resolver.for_path(f)
            if str(f) != arg and is_excluded(settings, str(f)):
                continue
            key = os.path.realpath(f)
            if key in self.seen:
                continue
            self.seen.add(key)
            try:
                read = load_draft(f)
            except DraftError as e:
                self.fail(e)
                continue
            self._append(str(f), read.text, settings, kinds=read.kinds)

    def _add_stdin(self) -> None:
        if STDIN in self.seen:  # stdin can be read once
            return
        self.seen.add(STDIN)
        name = self.opts.stdin_filename or STDIN
        settings = self.resolver.for_stdin(name)
        try:
            text = read_stdin(sys.stdin, name)
        except DraftError as e:
            self.fail(e)
            return
        self._append(name, text, settings, stdin=True)

    def _append(self, name: str, text: str, settings: Settings, stdin: bool = False,
                kinds: tuple[str, ...] | None = None) -> None:
        self.drafts.append(Draft(name, text, self.resolver.facts_for(name, settings), settings, stdin=stdin,
                                 kinds=kinds))


def collect_drafts(opts: CheckOptions, resolver: SettingsResolver) -> Inputs:
    """The drafts the command line names and the exit status so far (see ``Inputs``)."""
    inputs = Inputs(opts, resolver)
    for arg in opts.paths:
        inputs.add(arg)
    return inputs


def make_checker(opts: CheckOptions, resolver: SettingsResolver) -> Checker:
    """A checker for every settings the drafts use; each lexicon is read now, so a broken one is
    reported before any draft is checked."""
    from attrlint.cache import ResultCache, cache_directory

    every = resolver.all()
    cache = ResultCache(cache_directory(), enabled=opts.cache)
    checker = Checker(every[0], cache=cache if opts.cache else None)
    for settings in every:
        checker.lexicon_for(settings)
    return checker


def check_drafts(checker: Checker, drafts: list[Draft], jobs: int) -> list[list[Diagnostic]]:
    """Each draft's findings, in input order: worker processes when ``jobs`` (0 = automatic) and
    the work call for them, and a progress bar on a terminal for long runs."""
    from attrlint.parallel import check_parallel

    return [r.diagnostics for r in _with_progress(drafts, check_parallel(checker, drafts, jobs))]


def _with_progress(drafts, results):  # noqa: ANN001, ANN202 - a generator passing results through
    """``results`` passed through, with a progress bar on a terminal for long runs.

    The bar counts characters of drafts done, not files: a run's drafts differ in length by a
    hundredfold, and an estimate from files swings from minutes to seconds as short and long
    ones come by. Results arrive in the order of ``drafts``.
    """
    if not (sys.stderr.isatty() and len(drafts) > 20):
        yield from results
        return
    with click.progressbar(length=sum(len(d.source) for d in drafts) or 1, label="checking",
                           file=sys.stderr) as bar:
        for draft, result in zip(drafts, results, strict=False):
            bar.update(len(draft.source))
            yield result


def finish(opts: CheckOptions, checker: Checker, inputs: Inputs, found: list[list[Diagnostic]]) -> int:
    """Baseline, fixes, the report and the exit code, once every draft is checked."""
    from attrlint.baseline import BaselineError
    from attrlint.outcome import Outcome

    drafts, status = inputs.drafts, inputs.status
    try:
        outcome = Outcome(opts, checker, drafts, found)
        outcome.unreadable = inputs.unreadable
        outcome.load_baselines()
        if opts.write_baseline:
            return outcome.write_baseline(status)
        if opts.fix or opts.diff:
            status = max(status, outcome.fix())
    except BaselineError as e:
        _err(str(e))
        return 2
    if opts.diff:
        return status or (1 if outcome.fixed else 0)
    outcome.report()
    return status or exit_code(opts, outcome.reported, drafts, checker)


def exit_code(opts: CheckOptions, results: list[Diagnostic], drafts: list[Draft], checker: Checker) -> int:
    """1 when a finding reaches the ``fail-on`` of its own draft's settings, else 0."""
    if opts.exit_zero:
        return 0
    threshold = {d.path: Severity(checker.settings_of(d).fail_on).rank for d in drafts}
    default = Severity(checker.settings.fail_on).rank
    return 1 if any(d.severity.rank >= threshold.get(d.path, default) for d in results) else 0
