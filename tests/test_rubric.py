"""A rubric in front of a paragraph ("UPDATE:", "BREAKING:", "UPDATE 2 -", an emoji) changes
nothing (policy §2): the sentence after it is credited, vague or uncredited exactly as without
it, the rubric never becomes a source, and its number is no figure."""

from __future__ import annotations

import pytest

from attrlint.analysis.rubric import rubric_length
from tests.helpers import run_cli


@pytest.mark.parametrize(("text", "rubric"), [
    ("UPDATE: Officials said 300 people left.", "UPDATE: "),
    ("BREAKING — The ministry said 40 ships left.", "BREAKING — "),
    ("UPDATE 2 - The ministry said 40 ships left.", "UPDATE 2 - "),
    ("UPDATE 2-Officials said 300 people left.", "UPDATE 2-"),
    ("Update: The ministry said 40 ships left.", "Update: "),
    ("🚨 The ministry said 40 ships left.", "🚨 "),
    # a speaker's label, a sentence with a dash, a plain sentence: no rubric
    ("OKAFOR: We moved 300 containers.", ""),
    ("Officials said 300 - a record - left.", ""),
    ("The ministry said 40 ships left.", ""),
])
def test_what_a_rubric_is(text, rubric, lex):
    assert text[:rubric_length(text, lex)] == rubric


def _verdicts(tmp_path, body: str) -> list[str]:
    path = tmp_path / "story.txt"
    path.write_text(f"Port news\n\n{body}\n", encoding="utf-8")
    r = run_cli(["check", "--explain", "--no-cache", str(path)], cwd=tmp_path)
    return [line.split(": ", 1)[1] for line in r.stdout.splitlines() if '" ' in line and " — " in line]


BODY = ("Officials said 300 people were evacuated.\n\n"
        "40 ships were waiting outside the port, the ministry said.\n\n"
        "The port lost $2 million last year.")


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> list[str]:
    """The verdicts on the body without a rubric, for every rubric's comparison."""
    return _verdicts(tmp_path_factory.mktemp("plain"), BODY)


@pytest.mark.parametrize("rubric", ["UPDATE: ", "BREAKING: ", "UPDATE 2 - ", "⚡ "])
def test_a_rubric_changes_no_verdict(tmp_path, rubric, plain):
    with_rubric = _verdicts(tmp_path, "\n\n".join(rubric + p for p in BODY.split("\n\n")))
    strip = [v.split('"', 1)[1] for v in plain]
    assert [v.split('"', 1)[1] for v in with_rubric if "(numbers_a_rubric)" not in v] == strip
    assert any("flagged (AT102)" in v for v in with_rubric)  # still as vague as without it
    assert not any("UPDATE" in v or "BREAKING" in v for v in with_rubric)  # never a source


def test_the_number_of_a_rubric_is_not_a_figure(tmp_path):
    verdicts = _verdicts(tmp_path, "UPDATE 2 - The ministry said 40 ships were waiting.")
    assert verdicts[0] == '"2" not a figure — list numbering (numbers_a_rubric)'
    assert verdicts[1].startswith('"40" credited — to "The ministry"')
