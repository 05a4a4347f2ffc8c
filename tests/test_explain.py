"""``attrlint check --explain`` through the command line: every number in a draft gets one line
(text) or record (jsonl) saying why it was or was not flagged."""

from __future__ import annotations

import json

from tests.helpers import run_cli

DRAFT = """Quiet at the quay

The harbour lost 4,000 jobs last year.

The ministry said 40 ships are waiting at the quay.

Scott, 43, said the quay was quiet.
"""


def _draft(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_text_explains_each_number_after_the_findings(tmp_path):
    path = _draft(tmp_path)
    r = run_cli(["check", "--explain", "--no-cache", str(path)], cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    lines = r.stdout.splitlines()
    finding = next(i for i, line in enumerate(lines) if " AT101 " in line)
    explained = [line for line in lines if '" ' in line and " — " in line]
    assert explained == [
        f'{path}:3:18: "4,000" flagged (AT101) — no source in the sentence or paragraph',
        f'{path}:5:19: "40" credited — to "The ministry" by reporting verb "say" (speaker_subject)',
        f'{path}:7:8: "43" not a figure — age (age_after_name)',
    ]
    assert lines.index(explained[0]) > finding
    assert lines[-1].startswith("Found 1 problem")


def test_jsonl_marks_findings_and_adds_records_for_the_rest(tmp_path):
    path = _draft(tmp_path)
    r = run_cli(["check", "--explain", "--no-cache", "--output-format", "jsonl", str(path)], cwd=tmp_path)
    records = [json.loads(line) for line in r.stdout.splitlines()]
    findings = [x for x in records if "code" in x]
    others = [x for x in records if "code" not in x]
    assert [(f["code"], f["explain"]) for f in findings] == [("AT101", "no source in the sentence or paragraph")]
    assert [(o["figure"], o["verdict"]) for o in others] == [("40", "credited"), ("43", "not a figure")]
    assert all(o["explain"] for o in others)


def test_explain_also_when_findings_come_from_the_cache(tmp_path):
    path = _draft(tmp_path)
    first = run_cli(["check", "--explain", str(path)], cwd=tmp_path)
    again = run_cli(["check", "--explain", str(path)], cwd=tmp_path)
    assert first.stdout == again.stdout and '"43" not a figure' in again.stdout


def test_a_number_outside_prose_is_explained_but_not_flagged(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("Harbour sheds 4,000 jobs\n\nThe ministry said 40 ships are waiting.\n", encoding="utf-8")
    r = run_cli(["check", "--explain", "--no-cache", str(path)], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f'{path}:1:15: "4,000" not flagged — no source in the sentence or paragraph; not in prose' in r.stdout


def test_plain_check_prints_no_explanations(tmp_path):
    path = _draft(tmp_path)
    r = run_cli(["check", "--no-cache", str(path)], cwd=tmp_path)
    assert " — " not in r.stdout and "not a figure" not in r.stdout


def test_explain_refuses_formats_with_a_fixed_schema(tmp_path):
    path = _draft(tmp_path)
    r = run_cli(["check", "--explain", "--output-format", "json", str(path)], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == "attrlint: --explain works with --output-format text or jsonl, not json"
    assert r.stdout == ""
