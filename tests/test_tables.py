"""Tables keep only the parser tokens attrlint reads (rows and their cells' content), and still
segment cell by cell with exact positions."""

from __future__ import annotations

import pytest

from attrlint.segment import markdown, segment
from attrlint.segment.tables import CELLS

TABLES = [
    ("| port | ships |\n|---|---|\n| Marisca | 40 |\n| Brell | 1,200 |\n",
     ["port", "ships", "Marisca", "40", "Brell", "1,200"]),
    ("| port | note |\n|:--|--:|\n| *Marisca* | about **40** ships, the [board](https://x.example) said |\n"
     "| Brell | `code 9` and 3\\|4 |\n",
     ["port", "note", "Marisca", "about 40 ships, the board said", "Brell", "and 3|4"]),
    ("> | a | b |\n> |---|---|\n> | 12 boats | |\n\nAfter it, 30 boats left.\n",
     ["a", "b", "12 boats", "", "After it, 30 boats left."]),
    ("- item\n\n  | a | b |\n  |---|---|\n  | 7 cranes | 8 tugs |\n",
     ["item", "a", "b", "7 cranes", "8 tugs"]),
    # a footnote used only inside a table still brings its text
    ("| fn | x |\n|---|---|\n| 40 ships[^1] | y |\n\n[^1]: The harbour board counted 40 ships.\n",
     ["fn", "x", "40 ships", "y", "The harbour board counted 40 ships."]),
    ("| only | header |\n|---|---|\n", ["only", "header"]),
    ("Text before.\n\n| a |\n|---|\n| 5 |\n| 6 |\nlazy 7 line\n\nAfter.\n",
     ["Text before.", "a", "5", "6", "lazy 7 line", "After."]),
]


@pytest.mark.parametrize(("source", "texts"), TABLES)
def test_cells_are_read_with_exact_positions(source, texts):
    blocks = segment(source, True)
    assert [b.text for b in blocks] == texts
    for b in blocks:
        assert all(source[b.to_source(i)] == ch for i, ch in enumerate(b.text))


def test_a_table_keeps_one_token_per_row():
    rows = 500
    source = "| port | ships |\n|---|---|\n" + "".join(f"| Port {k} | {k + 2} |\n" for k in range(rows))
    tokens = markdown._markdown().parse(source, {})
    assert [t.type for t in tokens].count("tr_open") == rows + 1
    assert not {t.type for t in tokens} & {"td_open", "td_close", "th_open", "inline"}
    assert all(len(t.meta[CELLS]) == 2 for t in tokens if t.type == "tr_open")
    assert len(segment(source, True)) == 2 * (rows + 1)


def test_a_long_table_checked_in_slices_gives_the_findings_of_the_whole(monkeypatch):
    from attrlint import engine
    from attrlint.api import Linter

    rows = "".join(f"| Port {k} | {k * 7 + 3} ships | The ferry left with {k + 40} cars. |\n" for k in range(60))
    source = "| port | ships | note |\n|---|---|---|\n" + rows + "\nCrews counted 500 boats.\n"
    linter = Linter()
    whole = linter.check_text(source, path="t.md")
    monkeypatch.setattr(engine, "HUGE_DRAFT_CHARS", 1_000)
    monkeypatch.setattr(engine, "HUGE_SLICE_CHARS", 400)  # many slices, each a few rows
    sliced = Linter().check_text(source, path="t.md")
    assert len(whole) > 100
    assert sliced == whole


def test_findings_are_put_in_order_once():
    from attrlint.model import Diagnostic, Severity, sort_diagnostics, sorted_unique

    def at(line: int, column: int, code: str = "AT101") -> Diagnostic:
        return Diagnostic("d.md", line, column, line, column + 1, code, "x", Severity.WARNING, "m")

    ordered = [at(1, 5), at(2, 1), at(2, 1, "AT102")]
    assert sorted_unique(ordered) is ordered
    assert sorted_unique([at(2, 1), at(1, 5), at(2, 1)]) == [at(1, 5), at(2, 1)]
    shuffled = [at(3, 1), at(1, 1), at(1, 1), at(2, 9)]
    sort_diagnostics(shuffled)
    assert shuffled == [at(1, 1), at(1, 1), at(2, 9), at(3, 1)]
