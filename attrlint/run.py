"""``attrlint check`` end to end: find drafts and their settings and fact files, check, report."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from attrlint.config import (
    ConfigError,
    Settings,
    UnknownRuleError,
    discover,
    is_excluded,
    load_config,
    merge_cli,
    resolve_selector,
)
from attrlint.facts import FactFileError
from attrlint.lexicon import LexiconError, load_lexicon
from attrlint.model import Diagnostic, Severity
from attrlint.printable import visible
from attrlint.reader import DraftError, iter_drafts, load_draft, read_stdin

if TYPE_CHECKING:
    from attrlint.engine import Checker, Draft

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


def _err(message: str) -> None:
    # Error lines name files: a name with an escape sequence or a newline is shown escaped.
    click.echo(visible(message), err=True)


def facts_for(draft_path: str, opts: CheckOptions, settings: Settings) -> str | None:
    """--facts, else ``<stem>.facts.toml`` beside the draft, else the config's ``facts``."""
    if opts.facts:
        return opts.facts
    if draft_path != "-":
        p = Path(draft_path)
        sibling = p.with_name(p.name.rsplit(".", 1)[0] + ".facts.toml")
        if sibling.is_file():
            return str(sibling)
    return settings.facts


def _settings_for(path: Path, opts: CheckOptions, cache: dict[str, Settings],
                  found: dict[Path, Path | None]) -> Settings:
    """Settings of the config nearest ``path``; ``found`` remembers the search per directory."""
    from attrlint.config import find_config
    from attrlint.rules import RULES

    if opts.config:
        key = opts.config
        cfg: Path | None = Path(opts.config)
    else:
        where = path if path.is_dir() else path.parent
        if where not in found:
            found[where] = find_config(where)
        cfg = found[where]
        key = str(cfg)
    if key not in cache:
        base = load_config(cfg, RULES) if cfg else discover(Path.cwd(), RULES)
        cache[key] = merge_cli(base, select=opts.select, ignore=opts.ignore,
                               extend_select=opts.extend_select, fail_on=opts.fail_on, facts=None)
    return cache[key]


@dataclass
class _Inputs:
    """The drafts a command line names, each read once (a file named twice, or named and inside a
    named directory, is checked once, where it first appears), and the exit status so far."""

    opts: CheckOptions
    settings: dict[str, Settings]
    found: dict[Path, Path | None]
    drafts: list = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    status: int = 0
    unreadable: int = 0  # paths that could not be read: the summary must not count them as checked

    def fail(self, error: DraftError) -> None:
        _err(str(error))
        self.status = 2
        self.unreadable += 1

    def add(self, arg: str) -> None:
        """Gather one command-line argument; ConfigError propagates (it ends the run)."""
        if arg == "-":
            self._add_stdin()
            return
        root_settings = _settings_for(Path(arg), self.opts, self.settings, self.found)
        exclude = list(root_settings.exclude) + list(self.opts.exclude)
        try:
            files = list(iter_drafts([arg], exclude, on_error=self.fail))
        except DraftError as e:
            self.fail(e)
            return
        for f in files:
            settings = _settings_for(f, self.opts, self.settings, self.found)
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
        if "-" in self.seen:  # stdin can be read once
            return
        self.seen.add("-")
        name = self.opts.stdin_filename or "-"
        settings = _settings_for(Path(name if name != "-" else "."), self.opts, self.settings, self.found)
        try:
            text = read_stdin(sys.stdin, name)
        except DraftError as e:
            self.fail(e)
            return
        self._append(name, text, settings, stdin=True)

    def _append(self, name: str, text: str, settings: Settings, stdin: bool = False,
                kinds: tuple[str, ...] | None = None) -> None:
        from attrlint.engine import Draft

        self.drafts.append(Draft(name, text, facts_for(name, self.opts, settings), settings, stdin=stdin,
                                 kinds=kinds))


def run_check(opts: CheckOptions) -> int:
    """The whole check command; returns the exit code."""
    from attrlint.cache import ResultCache, cache_directory
    from attrlint.engine import Checker
    from attrlint.rules import RULES

    if opts.explain and opts.output_format not in EXPLAIN_FORMATS:
        _err(f"attrlint: --explain works with --output-format text or jsonl, not {opts.output_format}")
        return 2
    settings_cache: dict[str, Settings] = {}
    found: dict[Path, Path | None] = {}  # config search results by directory, for this run
    try:
        for sel in (opts.select or ()) + opts.ignore + opts.extend_select:
            resolve_selector(sel, RULES)
    except UnknownRuleError as e:
        _err(f"attrlint: {e} (see `attrlint rules`)")
        return 2
    inputs = _Inputs(opts, settings_cache, found)
    try:
        for arg in opts.paths:
            inputs.add(arg)
    except ConfigError as e:
        _err(str(e))
        return 2
    drafts, status, unreadable = inputs.drafts, inputs.status, inputs.unreadable

    base = next(iter(settings_cache.values()), None)
    if base is None:
        return status
    try:
        lexicon = load_lexicon(base.lexicons)
    except LexiconError as e:
        _err(str(e))
        return 2
    cache = ResultCache(cache_directory(), enabled=opts.cache)
    checker = Checker(base, lexicon, cache=cache if opts.cache else None)
    try:
        found = _check_all(checker, drafts, opts.jobs)
        return _finish(opts, checker, drafts, found, status, base, unreadable)
    except FactFileError as e:
        _err(str(e))
        return 2
    except Exception as e:  # a missing model is a setup problem, reported in one line
        from attrlint.nlp import ModelError

        if isinstance(e, ModelError):
            _err(f"attrlint: {e}")
            return 2
        raise


def _check_all(checker: Checker, drafts: list[Draft], jobs: int) -> list[list[Diagnostic]]:
    """Each draft's findings, in input order (with a progress bar for long runs on a terminal)."""
    return [r.diagnostics for r in _with_progress(drafts, _check_parallel(checker, drafts, jobs))]


def _finish(opts: CheckOptions, checker: Checker, drafts: list[Draft], found: list[list[Diagnostic]],
            status: int, base: Settings, unreadable: int = 0) -> int:
    """Baseline, fixes, the report and the exit code, once every draft is checked."""
    from attrlint.baseline import BaselineError
    from attrlint.outcome import Outcome

    try:
        outcome = Outcome(opts, checker, drafts, found)
        outcome.unreadable = unreadable
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
    if status:
        return status
    if opts.exit_zero:
        return 0
    threshold = Severity(base.fail_on).rank
    return 1 if any(d.severity.rank >= threshold for d in outcome.reported) else 0


def _with_progress(drafts, results):
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


def _check_parallel(checker, drafts, jobs: int, progress=None):
    """Results in input order; worker processes when ``jobs`` (0 = automatic) and the work call for them."""
    from attrlint.parallel import check_parallel

    return check_parallel(checker, drafts, jobs, progress=progress)
