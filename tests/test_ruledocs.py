"""The rule pages in docs/rules/ are the registry's documentation, kept in sync; links point at them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from attrlint.report import ReportContext, render
from attrlint.ruledocs import expected_pages, stale_pages, write_pages
from attrlint.rules import RULES
from attrlint.rules.registry import doc_url

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SECTIONS = ["What it does", "Why is this bad?", "Example", "Use instead", "Decisions", "Options", "Word lists"]


def test_rule_pages_match_the_registry() -> None:
    problems = stale_pages(DOCS / "rules", RULES)
    assert not problems, "rule pages out of date; run `python -m attrlint.ruledocs docs/rules`:\n" + "\n".join(problems)


def test_every_rule_has_a_page_and_the_index_links_it() -> None:
    pages = {p.name for p in (DOCS / "rules").glob("*.md")}
    assert pages == {f"{code}.md" for code in RULES} | {"index.md"}
    index = (DOCS / "rules" / "index.md").read_text(encoding="utf-8")
    assert set(re.findall(r"\]\((AT\d+)\.md\)", index)) == set(RULES)


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_docs_use_the_sections_in_order(code: str) -> None:
    headings = re.findall(r"^## (.+)$", RULES[code].doc, flags=re.M)
    assert headings[:4] == SECTIONS[:4], headings
    assert all(h in SECTIONS for h in headings), headings
    assert [SECTIONS.index(h) for h in headings] == sorted(SECTIONS.index(h) for h in headings)


def test_check_reports_an_edited_page_a_missing_one_and_a_page_of_no_rule(tmp_path: Path) -> None:
    write_pages(tmp_path, RULES)
    assert stale_pages(tmp_path, RULES) == []
    page = tmp_path / "AT101.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Decisions", "## Options"), encoding="utf-8")
    (tmp_path / "AT102.md").unlink()
    (tmp_path / "AT999.md").write_text(expected_pages(RULES)["AT103.md"], encoding="utf-8")
    problems = stale_pages(tmp_path, RULES)
    assert problems == [f"{page}: differs from the rule registry", f"{tmp_path / 'AT102.md'}: missing",
                        f"{tmp_path / 'AT999.md'}: no registered rule has this page"]
    write_pages(tmp_path, RULES)
    assert stale_pages(tmp_path, RULES) == [] and not (tmp_path / "AT999.md").exists()


def test_check_command_exits_1_on_a_stale_page(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "attrlint.ruledocs", "--check", str(tmp_path)]
    stale = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert stale.returncode == 1 and "missing" in stale.stderr and "python -m attrlint.ruledocs" in stale.stderr
    subprocess.run(cmd[:3] + [str(tmp_path)], check=True, capture_output=True, cwd=ROOT)
    fresh = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert (fresh.returncode, fresh.stderr) == (0, "")


def test_doc_url_names_the_page_in_docs_rules() -> None:
    for code in RULES:
        url = doc_url(code)
        assert url == f"https://github.com/attrlint/attrlint/blob/main/docs/rules/{code}.md"
        assert (DOCS / "rules" / url.rsplit("/", 1)[1]).is_file()


def test_sarif_links_every_rule_to_its_page() -> None:
    import json

    log = json.loads(render("sarif", [], ReportContext(rules=RULES, files_checked=0, sources={}, version="0")))
    descriptors = log["runs"][0]["tool"]["driver"]["rules"]
    assert {d["id"]: d["helpUri"] for d in descriptors} == {code: doc_url(code) for code in RULES}

