"""Word lists (reporting verbs, vague sources, denial phrases …) loaded from TOML data files.

Every list lives in a TOML file of the top-level ``rules/`` folder, shipped as the package
``attrlint.lexicons``; users add files through the ``lexicons`` config option. A file holds
top-level keys naming lists of strings (or one multi-line string, an entry per line); files
loaded later extend the lists of earlier ones
(``remove-<name>`` takes words out). Nothing in a lexicon file is executed.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar

from attrlint.safefile import TOML_LIMIT, read_regular
from attrlint.tomlerrors import loads as toml_loads
from attrlint.tomlerrors import toml_problem

T = TypeVar("T")


class LexiconError(Exception):
    """A lexicon file that cannot be used; one line naming the file."""


@dataclass
class Lexicon:
    """Word lists by name. The files are parsed on first use: a run whose results are all cached
    needs only the fingerprint, which is a digest of the files' bytes."""

    files: list[tuple[str, bytes]] = field(default_factory=list)
    fingerprint: str = ""
    _lists: dict[str, frozenset[str]] | None = None
    _derived: dict[Callable, object] = field(default_factory=dict, repr=False, compare=False)

    @property
    def lists(self) -> dict[str, frozenset[str]]:
        if self._lists is None:
            merged: dict[str, set[str]] = {}
            for name, data in self.files:
                _merge(merged, name, data)
            self._lists = {k: frozenset(v) for k, v in merged.items()}
        return self._lists

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())

    @classmethod
    def from_lists(cls, lists: dict[str, frozenset[str]]) -> Lexicon:
        """A lexicon of the given lists only (tests, tools)."""
        return cls([], "", dict(lists))

    def phrases(self, name: str) -> list[tuple[str, ...]]:
        """The multi-word entries of a list as word tuples, longest first (for phrase matching)."""
        return sorted((tuple(p.split()) for p in self[name]), key=len, reverse=True)

    def derive(self, build: Callable[[Lexicon], T]) -> T:
        """``build(self)``, computed once per lexicon: the regexes a module builds from its lists."""
        if build not in self._derived:
            self._derived[build] = build(self)
        return self._derived[build]  # type: ignore[return-value]


def alternation(words: Iterable[str], space: str = r"\s+") -> str:
    """A regex alternation of list entries, longest first, for use inside ``(?:…)``: each word
    escaped, the gaps of a multi-word entry matching ``space``. No entries match nothing, so a
    user who removes every word of a list turns its construction off."""
    entries = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(space.join(re.escape(w) for w in e.split()) for e in entries) or "(?!)"


_CHECKOUT_RULES = Path(__file__).resolve().parent.parent / "rules"


@functools.lru_cache(maxsize=1)
def _builtin_files() -> tuple[tuple[str, bytes], ...]:
    """The built-in data files, read once per process (the run's lexicon and the hygiene tables
    both start from them)."""
    try:
        pkg = resources.files("attrlint.lexicons")
        found = [(f"attrlint.lexicons/{p.name}", p.read_bytes()) for p in pkg.iterdir()
                 if p.name.endswith(".toml")]
    except (ModuleNotFoundError, FileNotFoundError):
        found = []
    if not found:  # a source checkout that was not installed
        found = [(str(p), p.read_bytes()) for p in _CHECKOUT_RULES.glob("*.toml")]
    return tuple(sorted(found))


@functools.lru_cache(maxsize=4)
def builtin_lists(name: str) -> dict[str, tuple[str, ...]]:
    """The lists of one built-in data file as written (case kept, no user files): for tables
    whose case matters, such as look-alike letters."""
    data = dict(_builtin_files())
    raw = data.get(f"attrlint.lexicons/{name}") or data.get(str(_CHECKOUT_RULES / name))
    if raw is None:
        raise LexiconError(f"{name}: built-in data file not found")
    table = tomllib.loads(raw.decode("utf-8"))
    return {key: tuple(entries_of(value) if isinstance(value, str) else value) for key, value in table.items()}


def _merge(lists: dict[str, set[str]], name: str, data: bytes) -> None:
    try:
        table = toml_loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise LexiconError(f"{name}: not a valid lexicon file: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        line, detail = toml_problem(data.decode("utf-8"), e)
        where = f"{name}:{line}" if line else name
        raise LexiconError(f"{where}: not a valid lexicon file: {detail}") from None
    for key, words in table.items():
        if isinstance(words, str):
            words = entries_of(words)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise LexiconError(f"{name}: '{key}' must be a list of strings or a string of lines")
        norm = {" ".join(w.lower().split()) for w in words}
        if key.startswith("remove-"):
            lists.setdefault(key[7:], set()).difference_update(norm)
        else:
            lists.setdefault(key, set()).update(norm)


@functools.lru_cache(maxsize=1)
def known_lists() -> frozenset[str]:
    """The list names the rules read: those of the built-in data files."""
    return frozenset(key for _, data in _builtin_files() for key in toml_loads(data.decode("utf-8")))


def _check_list_names(name: str, data: bytes) -> None:
    """A user's list must extend (or ``remove-`` from) a list the rules read: a misspelt name would
    otherwise be accepted and silently change nothing."""
    text = data.decode("utf-8")
    known = known_lists()
    for key in toml_loads(text):
        base = key[len("remove-"):] if key.startswith("remove-") else key
        if base in known:
            continue
        close = difflib.get_close_matches(base, sorted(known), n=1)
        hint = f" (did you mean '{key[: len(key) - len(base)]}{close[0]}'?)" if close else ""
        line = _key_line(text, key)
        where = f"{name}:{line}" if line else name
        raise LexiconError(f"{where}: unknown list '{key}'{hint}; the lists are those of the built-in "
                           "rules/*.toml files")


def _key_line(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=", re.MULTILINE)
    m = pattern.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else None


def entries_of(lines: str) -> list[str]:
    """The entries of a list written as one multi-line string: one per non-blank line (long
    lists parse about three times faster this way than as TOML arrays)."""
    return [line.strip() for line in lines.splitlines() if line.strip()]


def load_lexicon(extra: tuple[str, ...] | list[str] = ()) -> Lexicon:
    """The built-in word lists extended by the user's lexicon files, in order."""
    digest = hashlib.sha256()
    files = list(_builtin_files())
    extra_names = {str(p) for p in extra}
    for path in extra:
        try:
            files.append((str(path), read_regular(path, TOML_LIMIT)))
        except OSError as e:
            raise LexiconError(f"{path}: cannot read lexicon file: {e.strerror}") from None
    for name, data in files:
        if name in extra_names:  # a user's file is checked at once: its errors are theirs to fix now
            _merge({}, name, data)
            _check_list_names(name, data)
        digest.update(len(data).to_bytes(8, "big") + data)
    return Lexicon(files, digest.hexdigest()[:16])
