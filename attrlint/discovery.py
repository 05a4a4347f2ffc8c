"""Which settings and which fact file apply to a draft.

The command line, its worker processes and the language server all ask here, so a draft gets the
same answer wherever it is checked, whatever else is checked with it and in whatever order.

Settings come from the config file nearest the draft (``attrlint.toml`` or ``pyproject.toml``
with ``[tool.attrlint]``, see ``attrlint.config``); a draft with no config above it gets the
config found from the working directory (the workspace root in an editor), as ruff does, else
the defaults. The search runs once per directory and each config file is read once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from attrlint.config import Settings, default_settings, find_config, load_config, merge_cli

if TYPE_CHECKING:
    from attrlint.rules.registry import Rule

FACTS_SUFFIX = ".facts.toml"
STDIN = "-"


@dataclass(frozen=True)
class Overrides:
    """The command line's layer on top of config files (flags win, as in ruff)."""

    config: str | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: str | None = None
    facts: str | None = None


def sibling_facts(draft_path: str) -> Path:
    """``<stem>.facts.toml`` beside the draft (``story.md`` → ``story.facts.toml``)."""
    p = Path(draft_path)
    return p.with_name(p.name.rsplit(".", 1)[0] + FACTS_SUFFIX)


def facts_for(draft_path: str | None, settings: Settings, override: str | None = None) -> str | None:
    """The fact file for a draft: ``override`` (``--facts``), else ``<stem>.facts.toml`` beside
    the draft, else the config's ``facts``. ``None`` or ``-`` is a draft with no file of its own."""
    if override:
        return override
    if draft_path and draft_path != STDIN:
        sibling = sibling_facts(draft_path)
        if sibling.is_file():
            return str(sibling)
    return settings.facts


class SettingsResolver:
    """Settings for drafts, resolved once per directory; ConfigError propagates to the caller."""

    def __init__(self, overrides: Overrides | None = None, *, root: str | None = None,
                 rules: Mapping[str, Rule] | None = None) -> None:
        self.overrides = overrides or Overrides()
        self.root = os.path.abspath(root or os.getcwd())
        self._rules = rules
        self._nearest: dict[str, Path | None] = {}  # directory -> its nearest config file
        self._loaded: dict[str, Settings] = {}  # config file ("" for none) -> settings

    def forget(self) -> None:
        """Drop what was read (a config file may have changed)."""
        self._nearest.clear()
        self._loaded.clear()

    def for_path(self, path: str | Path) -> Settings:
        """Settings of a draft file, or of a directory's files."""
        if self.overrides.config:
            return self._load(Path(self.overrides.config))
        p = Path(path)
        where = os.path.abspath(p if p.is_dir() else p.parent)
        if where not in self._nearest:
            self._nearest[where] = find_config(Path(where))
        return self._load(self._nearest[where])

    def for_stdin(self, name: str = STDIN) -> Settings:
        """Settings of a draft read from stdin, reported as ``name`` (``--stdin-filename``)."""
        return self.for_path(Path(name) if name != STDIN else Path(self.root))

    def facts_for(self, draft_path: str | None, settings: Settings) -> str | None:
        """The draft's fact file, with ``--facts`` applied (see the module function)."""
        return facts_for(draft_path, settings, self.overrides.facts)

    def all(self) -> list[Settings]:
        """Every distinct settings resolved so far, in the order first met."""
        return list(self._loaded.values())

    def _load(self, config: Path | None) -> Settings:
        key = str(config) if config else ""
        if key not in self._loaded:
            self._loaded[key] = self._merge(self._read(config))
        return self._loaded[key]

    def _read(self, config: Path | None) -> Settings:
        rules = self._rules
        if rules is None:
            from attrlint.rules import RULES

            rules = RULES
        if config is not None:
            return load_config(config, rules)
        fallback = find_config(Path(self.root))
        return load_config(fallback, rules) if fallback else default_settings(Path(self.root))

    def _merge(self, base: Settings) -> Settings:
        o = self.overrides
        return merge_cli(base, select=o.select, ignore=o.ignore, extend_select=o.extend_select,
                         fail_on=o.fail_on, facts=None)
