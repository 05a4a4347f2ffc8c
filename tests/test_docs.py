"""The documentation in docs/ and the README stands alone and says what attrlint really does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attrlint.facts import FactFileError, load_facts

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
FACTFILE = (DOCS / "factfile.md").read_text(encoding="utf-8")
# Files that travel with the project; the contributor guide alone may name the evaluation data
# kept beside it.
OUTSIDE = ("ATTRIBUTION-POLICY.md", "FACTFILE.md", "../shared", "/work/shared")


def _shipped_texts() -> list[Path]:
    return [ROOT / "README.md", ROOT / "SECURITY.md", *DOCS.rglob("*.md"), *(ROOT / "attrlint").rglob("*.py"),
            *(ROOT / "rules").glob("*.toml"), *(ROOT / "examples").rglob("*.*")]


def test_docs_and_code_cite_nothing_outside_the_project() -> None:
    for path in _shipped_texts():
        text = path.read_text(encoding="utf-8", errors="replace")
        for outside in OUTSIDE:
            assert outside not in text, f"{path.relative_to(ROOT)} cites {outside}"


def test_relative_links_in_docs_resolve() -> None:
    for path in [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *DOCS.rglob("*.md")]:
        if not path.exists():
            continue
        for target in re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            assert (path.parent / target).exists(), f"{path.relative_to(ROOT)} links to missing {target}"


# --- docs/factfile.md ---------------------------------------------------------------------------------

def _example() -> str:
    match = re.search(r"## A complete example\n\n```toml\n(.*?)```", FACTFILE, re.S)
    assert match, "docs/factfile.md lost its complete example"
    return match.group(1)


def test_factfile_example_is_a_valid_fact_file(tmp_path: Path) -> None:
    path = tmp_path / "harbour-strike.facts.toml"
    path.write_text(_example(), encoding="utf-8")
    fb = load_facts(path)
    assert (len(fb.sources), len(fb.facts), len(fb.denials)) == (2, 3, 1)


@pytest.mark.parametrize(("old", "new"), [
    ("value = 41\n", 'value = "41"\n'),
    ('source = "union"', 'source = "unoin"'),
    ('about = ["safety"', 'abuot = ["safety"'),
])
def test_factfile_error_examples_are_what_attrlint_prints(tmp_path: Path, old: str, new: str) -> None:
    path = tmp_path / "harbour-strike.facts.toml"
    text = _example()
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        load_facts(path)
    printed = str(info.value).replace(str(path), path.name)
    assert printed in FACTFILE.splitlines(), printed


def _documented_keys(table: str) -> set[str]:
    section = FACTFILE.split(f"### `{table}`", 1)[1].split("\n### ", 1)[0]
    return set(re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.M))


@pytest.mark.parametrize(("table", "header"), [
    ("[story]", "[story]"), ("[[source]]", "[[source]]"), ("[[fact]]", "[[fact]]"), ("[[denial]]", "[[denial]]"),
])
def test_factfile_reference_documents_every_key_attrlint_accepts(tmp_path: Path, table: str, header: str) -> None:
    path = tmp_path / "probe.facts.toml"
    path.write_text(f'{header}\nno-such-key = 1\n', encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        load_facts(path)
    accepted = set(str(info.value).split("expected ", 1)[1].split(" (", 1)[0].split(", "))
    assert _documented_keys(table) == accepted
