"""Baselines: findings recorded once stay hidden through edits elsewhere, come back when their
sentence changes, count as a multiset, and are found from any working directory and the config."""

from __future__ import annotations

import json

import pytest

from attrlint.baseline import BaselineError, load_baseline, render_baseline
from attrlint.model import Diagnostic, Severity
from tests.helpers import run_cli

OLD = """\
Dry dock figures

The dry dock took in 35 hulls in March.

Its owners hired 12 welders, the yard said.
"""
INSERTED = "A storm closed the harbour road on Tuesday, the police said.\n\n"


@pytest.fixture
def desk(tmp_path):
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "dock.md").write_text(OLD, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    return tmp_path


def _check(cwd, *args):
    return run_cli(["check", "--select", "AT101", "--no-cache", *args], cwd=cwd)


def test_written_baseline_is_stable_sorted_json_with_paths_relative_to_it(desk):
    r = _check(desk, "--write-baseline", "attrlint-baseline.json", "drafts")
    assert r.returncode == 0, r.stderr
    assert "Wrote 1 finding in 1 draft to attrlint-baseline.json" in r.stderr
    text = (desk / "attrlint-baseline.json").read_text(encoding="utf-8")
    data = json.loads(text)
    assert data == {"version": 1, "findings": [{
        "path": "drafts/dock.md", "code": "AT101", "text": "35",
        "sentence": "The dry dock took in 35 hulls in March.", "count": 1}]}
    # Written again from another directory: byte for byte the same file.
    r = _check(desk / "elsewhere", "--write-baseline", "../attrlint-baseline.json", "../drafts")
    assert r.returncode == 0, r.stderr
    assert (desk / "attrlint-baseline.json").read_text(encoding="utf-8") == text


def test_baseline_hides_recorded_findings_after_an_inserted_paragraph_but_not_an_edited_sentence(desk):
    assert _check(desk, "--write-baseline", "base.json", "drafts").returncode == 0
    draft = desk / "drafts" / "dock.md"
    title, rest = OLD.split("\n\n", 1)
    draft.write_text(f"{title}\n\n{INSERTED}{rest}", encoding="utf-8")  # the figure moves down two lines
    r = _check(desk / "elsewhere", "--baseline", "../base.json", "../drafts")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "AT101" not in r.stdout
    assert "The baseline hid 1 finding recorded earlier." in r.stdout

    # A new uncredited figure is reported; the old one stays hidden.
    draft.write_text(draft.read_text(encoding="utf-8") + "\nThe yard then ordered 40 tonnes of steel.\n",
                     encoding="utf-8")
    r = _check(desk, "--baseline", "base.json", "drafts")
    assert r.returncode == 1 and r.stdout.count("AT101") == 1 and '"40"' in r.stdout

    # The reporter edits the recorded sentence: its finding is new work and comes back.
    draft.write_text(OLD.replace("took in 35 hulls in March", "took in 35 hulls in early March"), encoding="utf-8")
    r = _check(desk, "--baseline", "base.json", "drafts")
    assert r.returncode == 1 and '"35"' in r.stdout and "baseline hid" not in r.stdout


def test_matching_counts_the_same_finding_twice_against_one_recorded(desk):
    assert _check(desk, "--write-baseline", "base.json", "drafts").returncode == 0
    draft = desk / "drafts" / "dock.md"
    draft.write_text(OLD + "\nThe dry dock took in 35 hulls in March.\n", encoding="utf-8")
    r = _check(desk, "--output-format", "json", "--baseline", "base.json", "drafts")
    assert r.returncode == 1
    (left,) = json.loads(r.stdout)
    assert left["code"] == "AT101" and left["line"] == 7  # the second copy; the first is recorded


def test_config_baseline_is_relative_to_the_config_and_a_missing_one_is_one_line(desk):
    (desk / "attrlint.toml").write_text('baseline = "drafts/.baseline.json"\n', encoding="utf-8")
    r = _check(desk / "elsewhere", "../drafts")
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "baseline file not found" in lines[0] and "--write-baseline" in lines[0]
    assert _check(desk, "--write-baseline", "drafts/.baseline.json", "drafts").returncode == 0
    r = _check(desk / "elsewhere", "../drafts/dock.md")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "The baseline hid 1 finding" in r.stdout


def test_baseline_not_written_when_a_draft_cannot_be_read(desk):
    (desk / "drafts" / "broken.md").write_bytes(b"\xff\xfe\x00bad")
    r = _check(desk, "--write-baseline", "base.json", "drafts")
    assert r.returncode == 2 and "baseline not written" in r.stderr
    assert not (desk / "base.json").exists()


@pytest.mark.parametrize("content, reason", [
    ("{", "not a baseline: invalid JSON at line 1"),
    ('{"version": 2, "findings": []}', "not a baseline of version 1"),
    ('{"version": 1, "findings": [{"path": "a.md"}]}', "finding 1 lacks path, code, text or sentence"),
    ('{"version": 1, "findings": [{"path": "a.md", "code": "AT101", "text": "3", "sentence": "s", "count": 0}]}',
     "finding 1 has a value of the wrong type"),
])
def test_malformed_baselines_are_named_in_one_line(tmp_path, content, reason):
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError) as err:
        load_baseline(str(path))
    assert str(err.value).startswith(f"{path}: {reason}") and "\n" not in str(err.value)


def test_rendered_baseline_merges_duplicates_and_reads_back(tmp_path):
    text = "A dock took 35 hulls.\nA dock took 35 hulls.\n"

    def at(line: int) -> Diagnostic:
        return Diagnostic(str(tmp_path / "d.md"), line, 13, line, 14, "AT101", "unattributed-figure",
                          Severity.ERROR, "m")

    rendered = render_baseline([at(2), at(1)], {str(tmp_path / "d.md"): text}, str(tmp_path))
    (tmp_path / "b.json").write_text(rendered, encoding="utf-8")
    baseline = load_baseline(str(tmp_path / "b.json"))
    assert sum(baseline.entries.values()) == 2 and len(baseline.entries) == 1
    shown, hidden = baseline.split([at(1), at(2), at(2)], {str(tmp_path / "d.md"): text + text[:22]})
    assert len(hidden) == 2 and len(shown) == 1
