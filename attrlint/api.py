"""A small Python API: check one text or one file exactly as ``attrlint check`` does.

    from attrlint.api import Linter, check_path, check_text

    check_text("Officials said 40 boats left. There were 300 more.\\n")    # -> [Diagnostic(...)]
    check_path("drafts/port.md", facts="drafts/port.facts.toml")

    linter = Linter(settings)              # reuse one linter for many texts: the model loads once
    for key, diagnostics in linter.check_many((k, text) for k, text in corpus):
        ...

Diagnostics are the CLI's (same rules, positions, messages, suppressions) and picklable, so the
API runs unchanged in worker processes (``attrlint archive`` runs it on Dask). Settings come from
``settings`` when given, else from the configuration ``attrlint check`` would find (the nearest
``attrlint.toml`` or ``pyproject.toml`` with ``[tool.attrlint]``, from the path's directory or the
working directory). The path decides Markdown (``.md``, ``.markdown``) or plain text, and is the
``path`` of every diagnostic. No result cache is used.

Errors are exceptions with a one-line message: ``ConfigError``, ``FactFileError``,
``LexiconError``, ``DraftError`` (a file that cannot be read) and ``ModelError`` (no spaCy model).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from attrlint.config import ConfigError, Settings, discover, load_config
from attrlint.discovery import facts_for
from attrlint.engine import Checker, Draft
from attrlint.facts import FactFileError
from attrlint.lexicon import LexiconError, load_lexicon
from attrlint.model import Diagnostic
from attrlint.nlp import ModelError
from attrlint.reader import DraftError, read_draft

__all__ = ["ConfigError", "Diagnostic", "DraftError", "FactFileError", "LexiconError", "Linter", "ModelError",
           "Settings", "check_path", "check_text", "load_settings"]

PathLike = str | os.PathLike[str]


def load_settings(config: PathLike | None = None, *, near: PathLike | None = None) -> Settings:
    """The settings of ``config``, else those ``attrlint check`` finds from ``near`` (default: cwd)."""
    from attrlint.rules import RULES

    if config is not None:
        return load_config(Path(config), RULES)
    return discover(Path(near) if near is not None else Path.cwd(), RULES)


class Linter:
    """Checks many texts with one settings object, word lists and fact file (and one model load)."""

    def __init__(self, settings: Settings | None = None, *, facts: PathLike | None = None) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.facts = os.fspath(facts) if facts is not None else None
        self._checker = Checker(self.settings, load_lexicon(self.settings.lexicons))
        if self.facts is not None:
            self._checker.facts(self.facts)  # a bad fact file fails here, before any text

    def load_model(self) -> None:
        """Load the spaCy model now rather than at the first text that needs a parse."""
        self._checker.nlp()

    def _facts_for(self, path: str) -> str | None:
        """``facts``, else ``<stem>.facts.toml`` beside a real file, else the config's ``facts``
        (``attrlint.discovery``, as ``attrlint check`` and the language server find it)."""
        return facts_for(None if path == "<text>" else path, self.settings, self.facts)

    def check_text(self, text: str, *, path: str = "<text>") -> list[Diagnostic]:
        """The diagnostics of one draft given as text, sorted as the CLI prints them."""
        return next(self.check_many([(path, text)]))[1]

    def check_many(self, items: Iterable[tuple[str, str]]) -> Iterator[tuple[str, list[Diagnostic]]]:
        """(path, diagnostics) for each (path, text), in order; texts are parsed in batches."""
        drafts = (Draft(path, text, self._facts_for(path), self.settings) for path, text in items)
        for result in self._checker.check(drafts):
            yield result.path, result.diagnostics

    def check_path(self, path: PathLike) -> list[Diagnostic]:
        """The diagnostics of one file (read as ``attrlint check`` reads it)."""
        name = os.fspath(path)
        return self.check_text(read_draft(Path(name)), path=name)


def check_text(text: str, *, path: str = "<text>", settings: Settings | None = None,
               facts: PathLike | None = None) -> list[Diagnostic]:
    """The diagnostics ``attrlint check`` reports for a draft with this text and path."""
    return Linter(settings, facts=facts).check_text(text, path=path)


def check_path(path: PathLike, *, settings: Settings | None = None, facts: PathLike | None = None) -> list[Diagnostic]:
    """The diagnostics ``attrlint check PATH`` reports for one file (its own config when
    ``settings`` is None; ``facts`` else its sibling ``<stem>.facts.toml``, else the config's)."""
    if settings is None:
        settings = load_settings(near=Path(path).parent)
    return Linter(settings, facts=facts).check_path(path)
