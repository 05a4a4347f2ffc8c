"""Word lists (reporting verbs, vague sources, denial phrases …) loaded from TOML data files.

Every list lives in a TOML file of the top-level ``rules/`` folder, shipped as the package
``attrlint.lexicons``; users add files through the ``lexicons`` config option. A file holds
top-level keys naming lists of strings; files loaded later extend the lists of earlier ones
(``remove-<name>`` takes words out). Nothing in a lexicon file is executed.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


class LexiconError(Exception):
    """A lexicon file that cannot be used; one line naming the file."""


@dataclass
class Lexicon:
    lists: dict[str, frozenset[str]] = field(default_factory=dict)
    fingerprint: str = ""

    def __getitem__(self, name: str) -> frozenset[str]:
        return self.lists.get(name, frozenset())

    def phrases(self, name: str) -> list[tuple[str, ...]]:
        """The multi-word entries of a list as word tuples, longest first (for phrase matching)."""
        return sorted((tuple(p.split()) for p in self[name]), key=len, reverse=True)


def _builtin_files() -> list[tuple[str, bytes]]:
    try:
        pkg = resources.files("attrlint.lexicons")
        found = [(f"attrlint.lexicons/{p.name}", p.read_bytes()) for p in pkg.iterdir()
                 if p.name.endswith(".toml")]
    except (ModuleNotFoundError, FileNotFoundError):
        found = []
    if not found:  # a source checkout that was not installed
        here = Path(__file__).resolve().parent.parent / "rules"
        found = [(str(p), p.read_bytes()) for p in here.glob("*.toml")]
    return sorted(found)


def _merge(lists: dict[str, set[str]], name: str, data: bytes) -> None:
    try:
        table = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise LexiconError(f"{name}: not a valid lexicon file: {e}") from None
    for key, words in table.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise LexiconError(f"{name}: '{key}' must be a list of strings")
        norm = {" ".join(w.lower().split()) for w in words}
        if key.startswith("remove-"):
            lists.setdefault(key[7:], set()).difference_update(norm)
        else:
            lists.setdefault(key, set()).update(norm)


def load_lexicon(extra: tuple[str, ...] | list[str] = ()) -> Lexicon:
    """The built-in word lists extended by the user's lexicon files, in order."""
    lists: dict[str, set[str]] = {}
    digest = hashlib.sha256()
    files = _builtin_files()
    for path in extra:
        try:
            files.append((str(path), Path(path).read_bytes()))
        except OSError as e:
            raise LexiconError(f"{path}: cannot read lexicon file: {e.strerror}") from None
    for name, data in files:
        _merge(lists, name, data)
        digest.update(len(data).to_bytes(8, "big") + data)
    return Lexicon({k: frozenset(v) for k, v in lists.items()}, digest.hexdigest()[:16])
