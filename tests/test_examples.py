"""The bundled examples: each draft's findings are recorded beside it as ``<name>.expected.json``.

A draft outside examples/flawed/ must be clean; every flawed draft must show what it was written
to show. Regenerate after a deliberate change with ``ATTRLINT_UPDATE_FIXTURES=1 pytest
tests/test_examples.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_cli

EXAMPLES = ROOT / "examples"
DRAFTS = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in {".md", ".txt"} and p.name != "README.md")


@pytest.fixture(scope="module")
def checked() -> dict[str, list[dict]]:
    """Every example's findings, from one ``attrlint check`` run over them all (drafts are checked
    independently, so this is what a run on each would give; the model loads once)."""
    names = [str(p.relative_to(ROOT)) for p in DRAFTS]
    result = run_cli(["check", "--no-cache", "--output-format", "json", *names], cwd=ROOT)
    assert result.returncode in (0, 1), result.stderr
    found: dict[str, list[dict]] = {name: [] for name in names}
    for d in json.loads(result.stdout):
        found[d["path"]].append(d)
    return found


@pytest.mark.parametrize("draft", DRAFTS, ids=[str(p.relative_to(EXAMPLES)) for p in DRAFTS])
def test_example(draft: Path, checked: dict[str, list[dict]]) -> None:
    found = [{k: d[k] for k in ("line", "column", "end_column", "code", "message", "fact")}
             for d in checked[str(draft.relative_to(ROOT))]]
    expected_file = draft.with_name(draft.name.rsplit(".", 1)[0] + ".expected.json")
    if os.environ.get("ATTRLINT_UPDATE_FIXTURES"):
        expected_file.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert found == expected
    if "flawed" not in draft.parts:
        assert found == [], f"{draft.name} is meant to be clean"


def test_flawed_example_shows_every_family() -> None:
    """The flawed wire draft demonstrates the seed story's defects and the number rules."""
    draft = EXAMPLES / "flawed" / "dprk-troops-flawed.txt"
    result = run_cli(["check", "--no-cache", "--output-format", "json", str(draft)], cwd=ROOT)
    codes = {d["code"] for d in json.loads(result.stdout)}
    assert {"AT101", "AT102", "AT401", "AT402"} <= codes
    assert result.returncode == 1


SEED = ROOT.parent / "shared" / "seed-article.txt"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed-article.txt is not beside the project")
def test_seed_story_is_fully_attributed_and_has_its_two_defects() -> None:
    """The wire story the project grew from: every figure credited; one name spelled two ways
    (Zelenskyy/Zelenskiy) and one Cyrillic letter in "Cosmodrome"."""
    result = run_cli(["check", "--no-cache", "--output-format", "json", str(SEED)], cwd=ROOT)
    found = json.loads(result.stdout)
    assert [d for d in found if d["code"] in {"AT101", "AT102", "AT103"}] == []
    names = [d for d in found if d["code"] == "AT401"]
    scripts = [d for d in found if d["code"] == "AT402"]
    assert len(names) == 1 and "Zelenskiy" in names[0]["message"]
    assert len(scripts) == 1 and "osmodrome" in scripts[0]["message"]


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed-article.txt is not beside the project")
def test_seed_story_with_the_agency_figure_changed(tmp_path: Path) -> None:
    """The intelligence service's "some 1,500" changed to "some 2,000": the fact file says 1,500
    (AT203), and the lawmakers' 3,000 is no longer "twice the previous figure" (AT202)."""
    text = SEED.read_text(encoding="utf-8")
    assert "some 1,500 special forces" in text
    draft = tmp_path / "seed.txt"
    draft.write_text(text.replace("some 1,500 special forces", "some 2,000 special forces"), encoding="utf-8")
    facts = EXAMPLES / "seed-dprk.facts.toml"
    result = run_cli(["check", "--no-cache", "--output-format", "json", "--facts", str(facts), str(draft)], cwd=ROOT)
    found = {d["code"]: d for d in json.loads(result.stdout)}
    assert "1,500" in found["AT203"]["message"]
    assert found["AT202"]["message"].startswith('"twice" does not hold: 3,000 is 1.50 times some 2,000')
    unchanged = run_cli(["check", "--no-cache", "--output-format", "json", "--facts", str(facts), str(SEED)], cwd=ROOT)
    assert not {"AT202", "AT203"} & {d["code"] for d in json.loads(unchanged.stdout)}
