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
