"""Markdown nested deeper than the parser goes is still read (as plain text), never skipped."""

from __future__ import annotations

import json

import pytest

from attrlint.model import BlockKind
from attrlint.segment import markdown, segment
from attrlint.segment.nesting import capped_indentation
from tests.helpers import run_cli


def _exact(source: str, blocks) -> None:
    for b in blocks:
        assert all(source[b.to_source(i)] == ch for i, ch in enumerate(b.text))


def test_every_level_of_a_deep_blockquote_is_a_block():
    source = "\n".join(">" * k + f" There were {k} boats." for k in range(1, 31)) + "\n"
    blocks = segment(source, True)
    assert [b.text for b in blocks] == [f"There were {k} boats." for k in range(1, 31)]
    assert {b.kind for b in blocks} == {BlockKind.BLOCKQUOTE} and {b.container for b in blocks} == {0}
    _exact(source, blocks)


def test_a_deep_list_on_one_line_and_the_paragraph_after_it():
    source = ("- " * 30 + "There were 40 boats.\n\nAfter that, 30 boats left.\n\n"
              "1. 2. 3. 4. 5. 6. 7. 8. 9. 10. 11. Twelve.\n")
    blocks = segment(source, True)
    assert [(b.kind, b.text) for b in blocks] == [
        (BlockKind.LIST_ITEM, "There were 40 boats."), (BlockKind.PARAGRAPH, "After that, 30 boats left."),
        (BlockKind.LIST_ITEM, "Twelve.")]
    _exact(source, blocks)


def test_shallow_nesting_is_parsed_as_markdown_still():
    source = "> - *About* 300 jobs went.\n>   - [Forty](https://x.example) ships.\n"
    assert [b.text for b in segment(source, True)] == ["About 300 jobs went.", "Forty ships."]


DEEPLY_INDENTED = [
    "\n".join("  " * k + f"- There were {k + 2} boats." for k in range(400)) + "\n",
    "- Boats.\n\n" + " " * 700 + "code with 40 boats\n\nThen 30 boats left.\n",
    "Forty boats came\n" + " " * 600 + "and 30 left.\n",
    "1. Ships.\n" + "\t" * 200 + " " * 400 + "Twelve ships sank.\n> Then 9 more.\n",
    "- Port\n\n  ```\n" + " " * 900 + "50 cranes\n  ```\n\n  " + " " * 520 + "- 8 tugs\n",
]


def _blocks(source: str) -> list:
    out = []
    for b in segment(source, True):
        # A code line keeps its indentation only up to the cut (code is shown, never checked).
        a = len(b.text) - len(b.text.lstrip(" ")) if b.kind is BlockKind.CODE else 0
        out.append((b.kind, b.text[a:], b.container, [b.to_source(i) for i in range(a, len(b.text))]))
    return out


@pytest.mark.parametrize("source", DEEPLY_INDENTED)
def test_indentation_cut_for_the_parser_changes_no_block(source, monkeypatch):
    assert capped_indentation(source) != source
    cut = _blocks(source)
    monkeypatch.setattr(markdown, "capped_indentation", lambda s: s)
    assert cut == _blocks(source) and cut


def test_uncredited_figures_deep_in_a_list_are_all_found(tmp_path):
    levels = 120
    (tmp_path / "deep.md").write_text(
        "\n".join("  " * k + f"- There were {k + 2} boats in the harbour." for k in range(levels)) + "\n",
        encoding="utf-8")
    r = run_cli(["check", "--no-cache", "--output-format", "json", "deep.md"], cwd=tmp_path)
    found = [d for d in json.loads(r.stdout) if d["code"] == "AT101"]
    assert len(found) == levels
    assert [d["line"] for d in found] == list(range(1, levels + 1))
    assert found[-1]["column"] == 2 * (levels - 1) + 3 + len("There were ")
