"""Every word list in the built-in data files (rules/*.toml) is read by the code, so a user who
extends a list documented in `attrlint rule CODE` changes what attrlint does."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = sorted((ROOT / "rules").glob("*.toml"))


def _names_in_code() -> tuple[set[str], set[str]]:
    """String constants in attrlint/ and the constant prefixes of f-strings (``f"name-{key}"``)."""
    constants: set[str] = set()
    prefixes: set[str] = set()
    for path in (ROOT / "attrlint").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                prefixes.add(node.values[0].value)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                constants.add(node.value)
    return constants, prefixes


def _read(key: str, constants: set[str], prefixes: set[str]) -> bool:
    return key in constants or any(key.startswith(p) and key[len(p):] in constants for p in prefixes if p)


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_every_list_is_read_by_the_code(path: Path):
    constants, prefixes = _names_in_code()
    lists = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [key for key in lists if not _read(key, constants, prefixes)] == []


def test_the_lists_at101_tells_users_to_extend_are_read():
    from attrlint.rules import RULES

    doc = RULES["AT101"].check.__doc__ or ""
    named = [w.strip("`,.()") for w in doc.split() if w.startswith("`") and w.strip("`,.()").islower()
             and "-" in w]
    constants, prefixes = _names_in_code()
    assert named and [n for n in named if not _read(n, constants, prefixes)] == []


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_every_list_says_what_it_is_for(path: Path):
    """Each list has a comment above it (one comment may head a run of lists with no blank line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    undocumented = []
    for k, line in enumerate(lines):
        key = line.split("=", 1)[0].strip()
        if not line[:1].isalpha() or "=" not in line or key not in tomllib.loads(path.read_text(encoding="utf-8")):
            continue
        above = []
        for prev in reversed(lines[:k]):
            if not prev.strip():
                break
            above.append(prev)
        if not any(p.lstrip().startswith("#") for p in above):
            undocumented.append(key)
    assert undocumented == []


def _broken_relations(tmp_path: Path, text: str, extra: str | None) -> list[str]:
    from attrlint.config import default_settings
    from attrlint.engine import Checker, Draft
    from attrlint.lexicon import load_lexicon

    files: list[str] = []
    if extra is not None:
        (tmp_path / "words.toml").write_text(extra, encoding="utf-8")
        files.append(str(tmp_path / "words.toml"))
    checker = Checker(default_settings(ROOT), load_lexicon(files))
    [result] = checker.check([Draft(str(tmp_path / "draft.md"), text, None)])
    return [d.code for d in result.diagnostics if d.code == "AT202"]


def test_a_lexicon_file_extends_a_list_that_a_rule_reads_as_a_pattern(tmp_path: Path):
    """The regexes of AT202 are built from the lexicon of the run, not from the built-in lists
    alone: a desk that writes "all told" for a total makes AT202 check the sum."""
    text = ("Rescuers freed 12 passengers on Monday, 9 passengers on Tuesday and 4 passengers on "
            "Wednesday, 30 passengers all told, the coastguard said.\n")
    assert _broken_relations(tmp_path, text, None) == []
    assert _broken_relations(tmp_path, text, 'total-after = ["all told"]\n') == ["AT202"]
