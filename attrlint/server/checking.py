"""Checking open drafts (knows nothing of LSP): the same settings, fact files and rules as
``attrlint check``, with a size cap, and large drafts checked in a separate process so that a
long document never delays the diagnostics of the others."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from attrlint.config import ConfigError, Settings
from attrlint.discovery import SettingsResolver
from attrlint.engine import Checker, Draft
from attrlint.facts import FactBase, FactFileError
from attrlint.lexicon import Lexicon, LexiconError
from attrlint.model import Diagnostic
from attrlint.reader import MARKDOWN_SUFFIXES

log = logging.getLogger(__name__)

# Drafts up to this many characters are checked in the server's own process (a long feature is
# about 30,000); larger ones go to a separate process, so they never hold up the others.
LARGE_DRAFT_CHARS = 100_000
# Drafts over this many characters are not checked in the editor (about 30 s of analysis on a
# fast machine); `attrlint check` still checks them.
MAX_DRAFT_CHARS = 2_000_000


@dataclass
class Outcome:
    """One check of one draft: its findings, or the one-line problem that stopped the check."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    facts: FactBase | None = None
    problem: str | None = None
    problem_path: str | None = None
    problem_line: int | None = None
    # A missing spaCy model is a setup problem worth a pop-up, once; the rest are the draft's.
    setup_problem: bool = False
    # The draft was not checked on purpose (too large): the problem is a warning, not an error.
    skipped: bool = False


def too_large(size: int) -> Outcome:
    """The outcome for a draft over ``MAX_DRAFT_CHARS``: one line saying so and why."""
    return Outcome(problem=f"attrlint: this draft was not checked: it has {size:,} characters, more than "
                           f"the editor's limit of {MAX_DRAFT_CHARS:,}; run `attrlint check` on the file "
                           f"to check it", skipped=True)


class DraftChecker:
    """Checks in-memory drafts the way ``attrlint check`` checks files: the same settings
    resolution (once per directory) and fact-file discovery (``attrlint.discovery``)."""

    def __init__(self, root: str | None = None) -> None:
        self.root = root or os.getcwd()
        self.resolver = SettingsResolver(root=self.root)
        self._lexicons: dict[tuple[str, ...], Lexicon] = {}

    def set_root(self, root: str) -> None:
        """The workspace root: drafts with no config of their own use the config found from it."""
        self.root = root
        self.resolver = SettingsResolver(root=root)

    def forget(self) -> None:
        """Drop what was read from TOML files (a fact file, config or lexicon changed)."""
        self.resolver.forget()
        self._lexicons.clear()

    def settings_for(self, path: str | None) -> Settings:
        return self.resolver.for_path(path) if path else self.resolver.for_stdin()

    def checker(self, settings: Settings) -> Checker:
        """A checker sharing the lexicons read so far (fact files are read afresh on each check)."""
        return Checker(settings, lexicons=self._lexicons)

    def preload(self) -> None:
        """Load the NLP pipeline (and the lexicon) now, so the first draft does not wait for it."""
        settings = self.settings_for(None)
        checker = self.checker(settings)
        checker.lexicon_for(settings)
        checker.nlp(settings)
        self._lexicons.update(checker.lexicons)

    def check(self, path: str | None, text: str, markdown: bool = False) -> Outcome:
        from attrlint.nlp import ModelError

        if len(text) > MAX_DRAFT_CHARS:
            return too_large(len(text))
        try:
            settings = self.settings_for(path)
            facts_path = self.resolver.facts_for(path, settings)
            checker = self.checker(settings)
            _, facts = checker.facts(facts_path)
            draft = Draft(draft_name(path, markdown, self.root), text, facts_path, settings)
            found = [d for result in checker.check([draft]) for d in result.diagnostics]
            self._lexicons.update(checker.lexicons)
        except FactFileError as e:
            return Outcome(problem=str(e), problem_path=e.path, problem_line=e.line)
        except ConfigError as e:
            return Outcome(problem=str(e), problem_path=e.path, problem_line=e.line)
        except LexiconError as e:
            return Outcome(problem=str(e))
        except ModelError as e:
            return Outcome(problem=f"attrlint: {e}", setup_problem=True)
        except Exception as e:  # a bug must not take the editor's server down with it
            log.exception("checking %s failed", path)
            return Outcome(problem=f"attrlint: internal error while checking this draft: {e!r}")
        return Outcome(sorted(found, key=lambda d: d.sort_key), facts)


def draft_name(path: str | None, markdown: bool, root: str) -> str:
    """The path the engine sees: Markdown is told from the suffix, so a Markdown buffer with
    another name (``notes.mdx``, an unsaved buffer) gets ``.md`` added."""
    name = path or os.path.join(root, "untitled")
    if markdown and not name.lower().endswith(MARKDOWN_SUFFIXES):
        return name + ".md"
    return name




class DraftProcess:
    """Checks large drafts in a child process with its own pipeline, one at a time.

    ``check`` blocks until the child answers, so it runs on a thread of its own; the server's
    process keeps checking small drafts meanwhile. The child starts on the first large draft and
    is ended by ``stop`` (or when the server's process ends: it is a daemon)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: Any = None
        self._conn: Any = None
        self._generation = 0

    def forget(self) -> None:
        """TOML files changed: the child drops what it read before its next check."""
        self._generation += 1

    def check(self, root: str, path: str | None, text: str, markdown: bool) -> Outcome:
        with self._lock:
            try:
                if self._proc is None or not self._proc.is_alive():
                    self._start()
                self._conn.send((self._generation, root, path, text, markdown))
                return self._conn.recv()
            except (EOFError, OSError) as e:
                self._proc = None
                log.warning("the large-draft checker stopped: %s", e)
                return Outcome(problem="attrlint: the checker stopped while checking this draft; "
                                       "edit or save it to try again")

    def _start(self) -> None:
        from attrlint.parallel import process_context

        ctx = process_context()
        parent, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve_large, args=(child,), name="attrlint-large-drafts", daemon=True)
        self._proc.start()
        child.close()
        self._conn = parent

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.terminate()
            proc.join(timeout=5)
        if self._conn is not None:
            self._conn.close()


def _serve_large(conn: Any) -> None:
    """The child's loop: one DraftChecker, forgetting what it read when the TOML files change."""
    checker: DraftChecker | None = None
    seen = None
    while True:
        try:
            generation, root, path, text, markdown = conn.recv()
        except EOFError:
            return
        if checker is None or (generation, root) != seen:
            checker = DraftChecker(root)
            seen = (generation, root)
        conn.send(checker.check(path, text, markdown))
