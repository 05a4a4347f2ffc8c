"""``attrlint facts init``: a valid, commented starting fact file from a draft, never clobbering."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.helpers import run_cli

DRAFT = """\
The harbour board said 1,840 containers were stranded at the quay on Tuesday.

The dockers' union accused Harbour Tug & Salvage of ignoring its own safety rules.

Board chairman Ilse Marchetti said about 300 ships were waiting outside the port.
"""


def _draft(tmp_path: Path) -> Path:
    path = tmp_path / "quay.md"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_init_writes_a_valid_commented_fact_file(tmp_path: Path) -> None:
    _draft(tmp_path)
    r = run_cli(["facts", "init", "quay.md"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    out = tmp_path / "quay.facts.toml"
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# ")  # says where it came from and that nothing is verified yet
    data = tomllib.loads(text)
    values = {(f["value"], f["unit"]) for f in data["fact"]}
    assert (1840, "container") in values and (300, "ship") in values
    names = {s["name"] for s in data["source"]}
    assert any("harbour board" in n.lower() for n in names)
    assert all(f["source"] in {s["id"] for s in data["source"]} for f in data["fact"])
    assert [d["party"] for d in data["denial"]] == ["Harbour Tug & Salvage"]
    assert next(f for f in data["fact"] if f["value"] == 300).get("approx") is True
    check = run_cli(["facts", "check", "quay.facts.toml"], cwd=tmp_path)
    assert check.returncode == 0 and "1 denial)" in check.stdout, check.stdout + check.stderr


def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    _draft(tmp_path)
    existing = tmp_path / "quay.facts.toml"
    existing.write_text("# the desk's own file\n", encoding="utf-8")
    r = run_cli(["facts", "init", "quay.md"], cwd=tmp_path)
    assert r.returncode == 2 and "already exists" in r.stderr and "Traceback" not in r.stderr
    assert existing.read_text(encoding="utf-8") == "# the desk's own file\n"
    forced = run_cli(["facts", "init", "quay.md", "--force"], cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "[[fact]]" in existing.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".quay")] == []  # no temp left


def test_init_to_stdout_writes_no_file(tmp_path: Path) -> None:
    _draft(tmp_path)
    r = run_cli(["facts", "init", "quay.md", "-o", "-"], cwd=tmp_path)
    assert r.returncode == 0 and "[[source]]" in r.stdout
    tomllib.loads(r.stdout)
    assert not (tmp_path / "quay.facts.toml").exists()


def test_init_on_a_missing_draft_is_one_line(tmp_path: Path) -> None:
    r = run_cli(["facts", "init", "nowhere.md"], cwd=tmp_path)
    assert r.returncode == 2 and "nowhere.md" in r.stderr and "Traceback" not in r.stderr
