"""Every fixture draft under tests/fixtures/rules/ against the findings recorded beside it.

``<CODE>_<case>.md`` is checked with ``--select <CODE>``; ``<CODE>_<case>.json`` lists the
expected findings as [line, column, end_column, code]. A ``_clean`` fixture expects none.
Regenerate after a deliberate change with ``ATTRLINT_UPDATE_FIXTURES=1 pytest tests/test_rule_fixtures.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.helpers import run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "rules"
DRAFTS = sorted(p for p in FIXTURES.iterdir() if p.suffix in {".md", ".txt"})


def _found(draft: Path) -> list[list]:
    code = draft.stem.split("_")[0]
    facts = draft.with_name(draft.stem + ".facts.toml")
    args = ["check", "--no-cache", "--select", code, "--output-format", "json", str(draft)]
    if facts.exists():
        args[1:1] = ["--facts", str(facts)]
    result = run_cli(args)
    assert result.returncode in (0, 1), result.stderr
    return [[d["line"], d["column"], d["end_column"], d["code"]] for d in json.loads(result.stdout)]


@pytest.mark.parametrize("draft", DRAFTS, ids=[p.name for p in DRAFTS])
def test_fixture(draft: Path) -> None:
    expected_file = draft.with_suffix(".json")
    found = _found(draft)
    if os.environ.get("ATTRLINT_UPDATE_FIXTURES"):
        expected_file.write_text(json.dumps(found) + "\n")
    expected = json.loads(expected_file.read_text()) if expected_file.exists() else []
    if draft.stem.endswith("_clean"):
        assert expected == [], f"{draft.name} is a clean fixture but records findings"
    else:
        assert expected, f"{draft.name} is a flagged fixture but records no findings"
    assert found == expected
