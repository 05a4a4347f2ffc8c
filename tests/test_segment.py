"""attrlint.segment: block kinds, exact source mapping (CRLF, CR, tabs, non-ASCII), numbering."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from attrlint.model import Block, BlockKind, Document
from attrlint.segment import iter_paragraph_chunks, segment

K = BlockKind

# --- helpers ----------------------------------------------------------------------------------


def assert_exact(source: str, blocks: list[Block]) -> None:
    """Every character of every block is the source character it maps to.

    The only exception is the space standing for a line break, which must point at the first
    character of that line break (never at the "\\n" of a "\\r\\n").
    """
    for b in blocks:
        pos = 0
        for seg in b.segments:
            assert seg.start == pos, (b.kind, b.text)
            pos += seg.length
        assert pos == len(b.text), (b.kind, b.text)
        srcs = [seg.src for seg in b.segments]
        assert srcs == sorted(srcs)
        for i, ch in enumerate(b.text):
            at = b.to_source(i)
            got = source[at]
            if ch == " " and got in "\r\n":
                assert got == "\r" or at == 0 or source[at - 1] != "\r"
                continue
            if ch == " " and got == "<":  # stands for inline HTML between two digits (80<b>90</b>)
                continue
            assert got == ch, (b.kind, b.text, i)


def kinds(blocks: list[Block]) -> list[BlockKind]:
    return [b.kind for b in blocks]


def texts(blocks: list[Block], kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in blocks if kind is None or b.kind is kind]


def where(source: str, blocks: list[Block], needle: str, markdown: bool, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the ``nth`` block-text occurrence of ``needle``."""
    hits = [(b, i) for b in blocks for i in _find_all(b.text, needle)]
    block, i = hits[nth]
    return Document("draft", source, blocks, markdown).position(block.to_source(i))


def _find_all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def line_endings(text: str) -> list[str]:
    return [text, text.replace("\n", "\r\n"), text.replace("\n", "\r")]


# --- plain text -------------------------------------------------------------------------------

PLAIN = (
    "Harbour pilots walk out over night shifts\n"
    "\n"
    "By Mira Santos, Coastal Wire\n"
    "\n"
    "PORTVALE, March 3 — Harbour pilots stopped guiding ships into Portvale\n"
    "on Monday, and the port authority said 27 vessels were waiting.\n"
    "\n"
    "The pilots’ association said 140 of its 162 members backed the “stoppage”.\n"
)


@pytest.mark.parametrize("source", line_endings(PLAIN), ids=["lf", "crlf", "cr"])
def test_plain_draft_kinds_text_and_positions(source: str) -> None:
    blocks = segment(source, markdown=False)
    assert_exact(source, blocks)
    assert kinds(blocks) == [K.HEADLINE, K.BYLINE, K.DATELINE, K.PARAGRAPH, K.PARAGRAPH]
    assert texts(blocks) == [
        "Harbour pilots walk out over night shifts",
        "By Mira Santos, Coastal Wire",
        "PORTVALE, March 3 —",
        "Harbour pilots stopped guiding ships into Portvale on Monday, and the port authority said "
        "27 vessels were waiting.",
        "The pilots’ association said 140 of its 162 members backed the “stoppage”.",
    ]
    # The dateline shares its paragraph's number; everything else counts on.
    assert [b.paragraph for b in blocks] == [0, 1, 2, 2, 3]
    assert {b.container for b in blocks} == {-1}
    assert where(source, blocks, "27", False) == (6, 40)
    assert where(source, blocks, "140", False) == (8, 30)
    assert where(source, blocks, "“stoppage”", False) == (8, 64)
    # The joining space points at the line break of line 5.
    para = blocks[3]
    space = para.text.index("Portvale ") + len("Portvale")
    assert Document("d", source, blocks, False).position(para.to_source(space)) == (5, 71)


def test_plain_tabs_and_whitespace_lines() -> None:
    source = "Budget vote\n\n\tThe council\tapproved 4.2 million crowns.\t \n \t\nSecond\tparagraph 9.\n"
    blocks = segment(source, markdown=False)
    assert_exact(source, blocks)
    assert kinds(blocks) == [K.HEADLINE, K.PARAGRAPH, K.PARAGRAPH]
    assert texts(blocks)[1] == "The council\tapproved 4.2 million crowns."
    assert where(source, blocks, "4.2", False) == (3, 23)
    assert where(source, blocks, "9.", False) == (5, 18)


@pytest.mark.parametrize(("first", "is_headline"), [
    ("Pilots walk out", True),                          # no end punctuation (policy §1)
    ("Pilots walk out in Portvale.", True),             # short line, PolNeAR style
    ("Why are 27 ships waiting?", True),
    ("The port authority said on Monday that 27 ships were waiting offshore because pilots "
     "had stopped work.", False),                        # a lede, not a headline
])
def test_plain_headline_rule(first: str, is_headline: bool) -> None:
    blocks = segment(f"{first}\n\nThe next paragraph has 3 ships.\n", markdown=False)
    assert blocks[0].kind is (K.HEADLINE if is_headline else K.PARAGRAPH)


def test_plain_headline_needs_a_following_blank_line_and_more_text() -> None:
    assert kinds(segment("Pilots walk out\n", markdown=False)) == [K.PARAGRAPH]
    wrapped = "Pilots walk out over shifts as\n27 ships wait off the coast.\n\nMore text.\n"
    assert segment(wrapped, markdown=False)[0].kind is K.PARAGRAPH


def test_plain_title_and_deck_headline() -> None:
    source = "Pilots walk out; \nPort authority says 27 ships wait as talks stall.\n\nBody 5.\n"
    blocks = segment(source, markdown=False)
    assert_exact(source, blocks)
    assert blocks[0].kind is K.HEADLINE
    assert blocks[0].text == "Pilots walk out; Port authority says 27 ships wait as talks stall."


def test_plain_byline_line_inside_a_paragraph_is_split_out() -> None:
    source = "Pilots walk out\nBy Mira Santos\n\nPORTVALE — Pilots stopped work.\n"
    blocks = segment(source, markdown=False)
    assert_exact(source, blocks)
    assert kinds(blocks) == [K.HEADLINE, K.BYLINE, K.DATELINE, K.PARAGRAPH]


def test_plain_seed_style_dateline_with_date_prefix() -> None:
    source = " date 2024-10-23 ROME − Defence chiefs said on Wednesday that 900 engineers had arrived.\n"
    blocks = segment(source, markdown=False)
    assert_exact(source, blocks)
    assert kinds(blocks) == [K.DATELINE, K.PARAGRAPH]
    assert texts(blocks) == ["date 2024-10-23 ROME −",
                             "Defence chiefs said on Wednesday that 900 engineers had arrived."]
    assert where(source, blocks, "900", False) == (1, 63)


def test_plain_captions_and_capital_subheads() -> None:
    source = (
        "Ferry sinks\n\nPORTVALE — A ferry sank on Monday, the coast guard said.\n\n"
        "Photo: the ferry at its berth in 2019\n\n"
        "Crew members wave from the bridge on Sunday. (AP Photo/Lee Harlan)\n\n"
        "RESCUE EFFORTS\n\n"
        "WHAT COMES NEXT Investigators said 12 divers would search the wreck.\n"
    )
    blocks = segment(source, markdown=False)
    assert_exact(source, blocks)
    assert kinds(blocks) == [K.HEADLINE, K.DATELINE, K.PARAGRAPH, K.CAPTION, K.CAPTION, K.HEADING,
                             K.HEADING, K.PARAGRAPH]
    assert texts(blocks)[-2:] == ["WHAT COMES NEXT", "Investigators said 12 divers would search the wreck."]
    assert blocks[-1].paragraph == blocks[-2].paragraph


# --- datelines and bylines --------------------------------------------------------------------


@pytest.mark.parametrize(("lede", "dateline"), [
    ("CALVERA, Nov. 12 — Dockers voted.", "CALVERA, Nov. 12 —"),
    ("ROME − Ministers met.", "ROME −"),
    ("KYIV, Ukraine (Reuters) - Sirens sounded.", "KYIV, Ukraine (Reuters) -"),
    ("date 2024-10-23 ROME − Ministers met.", "date 2024-10-23 ROME −"),
    ("WASHINGTON (AP) — Senators voted.", "WASHINGTON (AP) —"),
    ("NEWPORT NEWS, Va. - Shipyard workers voted.", "NEWPORT NEWS, Va. -"),
    ("WASHINGTON -- Senators voted.", "WASHINGTON --"),
    ("HEMPSTEAD, N.Y., Sept. 26 (UPI) — Crowds gathered.", "HEMPSTEAD, N.Y., Sept. 26 (UPI) —"),
    ("Lagos (AFP) – Floods closed roads.", "Lagos (AFP) –"),
    ("SÃO PAULO, Brazil ― Markets fell.", "SÃO PAULO, Brazil ―"),
])
@pytest.mark.parametrize("markdown", [False, True])
def test_dateline_is_split_from_the_first_paragraph(lede: str, dateline: str, markdown: bool) -> None:
    source = f"# Headline\n\n{lede}\n\nLater paragraph.\n" if markdown else f"Headline\n\n{lede}\n\nLater.\n"
    blocks = segment(source, markdown)
    assert_exact(source, blocks)
    assert kinds(blocks)[1:3] == [K.DATELINE, K.PARAGRAPH]
    assert blocks[1].text == dateline
    assert blocks[2].text == lede[len(dateline):].strip()
    assert blocks[1].paragraph == blocks[2].paragraph


@pytest.mark.parametrize("lede", [
    "NATO said on Monday that 300 jets - a record - took part.",
    "The UN − which has 193 members − met on Monday.",
    "Lagos – a city of 15 million – flooded on Monday.",
    "US President Lee Harlan — speaking in Ohio — said 40 had died.",
    "A - B tests showed gains of 12%.",
])
def test_not_a_dateline(lede: str) -> None:
    blocks = segment(f"Headline\n\n{lede}\n", markdown=False)
    assert kinds(blocks) == [K.HEADLINE, K.PARAGRAPH]
    assert blocks[1].text == lede


def test_dateline_only_in_the_first_prose_paragraph() -> None:
    source = "# Headline\n\nPilots stopped work.\n\nROME — A second dateline-like start.\n"
    assert kinds(segment(source, True)) == [K.HEADLINE, K.PARAGRAPH, K.PARAGRAPH]


@pytest.mark.parametrize(("line", "is_byline"), [
    ("By Mira Santos", True),
    ("By Mira Santos, Coastal Wire", True),
    ("By Ana de la Cruz and Tom Reed, Reuters", True),
    ("BY MIRA SANTOS", True),
    ("By Jean-Luc Ördög", True),
    ("By Tuesday, officials said 40 had left.", False),
    ("By 2030 the fleet will double.", False),
    ("By contrast, exports fell.", False),
    ("By Monday", False),
])
def test_byline(line: str, is_byline: bool) -> None:
    blocks = segment(f"Headline\n\n{line}\n\nBody text.\n", markdown=False)
    assert blocks[1].kind is (K.BYLINE if is_byline else K.PARAGRAPH)
    blocks = segment(f"# Headline\n\n*{line}*\n\nBody text.\n", markdown=True)
    assert blocks[1].kind is (K.BYLINE if is_byline else K.PARAGRAPH)


# --- Markdown ---------------------------------------------------------------------------------

MD = """---
slug: pilots-strike
figures: 27
---

# Harbour pilots *walk out*

By Mira Santos

PORTVALE, March 3 — Harbour pilots stopped work on Monday, the
[port authority](https://port.example/news "News") said, leaving **27** vessels at anchor.

## Background

The association's statement read:

> Our 140 members will not work
> nights without a second pilot.
>
> We asked for talks 11 times.

Demands listed by the union:

- a second pilot on night shifts
  - paid at 1.5 times the day rate
- 30 new trainees

| Port | Ships waiting |
|------|--------------:|
| Portvale | 27 |
| Esk \\| North | 9 |

![Pilot boat leaving the harbour at dawn](boat.jpg)

*A pilot boat heads out on Monday.*

Photo: harbour master's office

```text
queue=27
```

<!-- editor: check the 140 figure -->

Text with `inline code 99`, an <abbr>HTML</abbr> tag, AT&amp;T as written and a\\*literal star.

[ref]: https://example.com/ref
"""

MD_KINDS = [
    K.FRONT_MATTER, K.HEADLINE, K.BYLINE, K.DATELINE, K.PARAGRAPH, K.HEADING, K.PARAGRAPH,
    K.BLOCKQUOTE, K.BLOCKQUOTE, K.PARAGRAPH, K.LIST_ITEM, K.LIST_ITEM, K.LIST_ITEM,
    *[K.TABLE_CELL] * 6, K.CAPTION, K.CAPTION, K.CAPTION, K.CODE, K.HTML, K.PARAGRAPH,
]


@pytest.mark.parametrize("source", line_endings(MD), ids=["lf", "crlf", "cr"])
def test_markdown_kinds_and_exact_mapping(source: str) -> None:
    blocks = segment(source, markdown=True)
    assert_exact(source, blocks)
    assert kinds(blocks) == MD_KINDS
    prose = {b.kind: b.text for b in reversed(blocks) if b.kind not in (K.CODE, K.FRONT_MATTER, K.HTML)}
    assert prose[K.HEADLINE] == "Harbour pilots walk out"
    assert prose[K.PARAGRAPH] == (
        "Harbour pilots stopped work on Monday, the port authority said, leaving 27 vessels at anchor.")
    assert texts(blocks, K.BLOCKQUOTE) == ["Our 140 members will not work nights without a second pilot.",
                                           "We asked for talks 11 times."]
    assert texts(blocks, K.LIST_ITEM) == ["a second pilot on night shifts", "paid at 1.5 times the day rate",
                                          "30 new trainees"]
    assert texts(blocks, K.TABLE_CELL) == ["Port", "Ships waiting", "Portvale", "27", "Esk | North", "9"]
    assert texts(blocks, K.CAPTION) == ["Pilot boat leaving the harbour at dawn",
                                        "A pilot boat heads out on Monday.", "Photo: harbour master's office"]
    assert texts(blocks)[-1] == "Text with , an HTML tag, AT&amp;T as written and a*literal star."
    assert where(source, blocks, "27", True, nth=0) == (3, 10)  # front matter
    assert where(source, blocks, "27", True, nth=1) == (11, 68)  # inside **…**, after a link
    assert where(source, blocks, "140", True) == (17, 7)
    assert where(source, blocks, "1.5", True) == (25, 13)
    assert where(source, blocks, "27", True, nth=2) == (30, 14)  # table cell
    assert where(source, blocks, "|", True) == (31, 8)  # the escaped pipe, not its backslash
    assert where(source, blocks, "27", True, nth=3) == (40, 7)  # code block


def test_markdown_raw_blocks_keep_their_source_text() -> None:
    for source in line_endings(MD):
        nl = "\r\n" if "\r\n" in source else ("\r" if "\r" in source else "\n")
        blocks = segment(source, markdown=True)
        assert texts(blocks, K.FRONT_MATTER) == [f"slug: pilots-strike{nl}figures: 27"]
        assert texts(blocks, K.CODE) == ["queue=27"]
        assert texts(blocks, K.HTML) == ["<!-- editor: check the 140 figure -->"]


def test_markdown_paragraph_numbers_and_containers() -> None:
    blocks = segment(MD, markdown=True)
    by_kind: dict[BlockKind, list[Block]] = {}
    for b in blocks:
        by_kind.setdefault(b.kind, []).append(b)
    cells = by_kind[K.TABLE_CELL]
    assert len({c.paragraph for c in cells}) == 1
    assert len({c.container for c in cells}) == 1 and cells[0].container >= 0
    quotes, items = by_kind[K.BLOCKQUOTE], by_kind[K.LIST_ITEM]
    assert quotes[0].container == quotes[1].container >= 0
    assert items[0].container == items[1].container == items[2].container >= 0
    assert len({quotes[0].container, items[0].container, cells[0].container}) == 3
    assert quotes[0].paragraph != quotes[1].paragraph
    outside = [b for b in blocks if b.kind not in (K.TABLE_CELL, K.BLOCKQUOTE, K.LIST_ITEM)]
    assert {b.container for b in outside} == {-1}
    dateline = by_kind[K.DATELINE][0]
    assert dateline.paragraph == blocks[blocks.index(dateline) + 1].paragraph
    # Numbers never go down, and only table cells and the dateline repeat one.
    numbers = [b.paragraph for b in blocks]
    assert numbers == sorted(numbers)
    assert len(set(numbers)) == len(blocks) - (len(cells) - 1) - 1


def test_markdown_tabs_nested_containers_and_non_ascii() -> None:
    source = (
        "# Título\n"
        "\n"
        "Zelenskyy said\t12,000 troops — “quoted” in full.\n"
        "\n"
        "-\tfirst item with 7 units\n"
        "\t-\tnested item with 8 units\n"
        "\n"
        ">\tquoted 5 times\n"
        "> > inner quote with 6\n"
        "\n"
        "1. 12 rockets\n"
        "2. 3,000 shells\n"
        "   continued line with 4\n"
    )
    for src in line_endings(source):
        blocks = segment(src, markdown=True)
        assert_exact(src, blocks)
        assert kinds(blocks) == [K.HEADLINE, K.PARAGRAPH, K.LIST_ITEM, K.LIST_ITEM, K.BLOCKQUOTE,
                                 K.BLOCKQUOTE, K.LIST_ITEM, K.LIST_ITEM]
        assert texts(blocks, K.PARAGRAPH) == ["Zelenskyy said\t12,000 troops — “quoted” in full."]
        assert where(src, blocks, "12,000", True) == (3, 16)
        assert where(src, blocks, "“quoted”", True) == (3, 32)
        assert where(src, blocks, "7", True) == (5, 19)
        assert where(src, blocks, "8", True) == (6, 21)
        assert where(src, blocks, "5", True) == (8, 10)
        assert where(src, blocks, "6", True) == (9, 22)
        # The ordered-list marker "1." is not text, and "12" maps past it.
        assert where(src, blocks, "12 rockets", True) == (11, 4)
        assert texts(blocks)[-1] == "3,000 shells continued line with 4"
        assert where(src, blocks, "4", True, nth=-1) == (13, 24)
        assert blocks[4].container == blocks[5].container != blocks[2].container


def test_markdown_headline_only_when_first_content() -> None:
    assert kinds(segment("Intro paragraph.\n\n# Later heading\n", True)) == [K.PARAGRAPH, K.HEADING]
    source = "---\nslug: x\n---\n<!-- note -->\n\nTitle\n=====\n\nBody.\n"
    assert kinds(segment(source, True)) == [K.FRONT_MATTER, K.HTML, K.HEADLINE, K.PARAGRAPH]


def test_markdown_inline_markup() -> None:
    source = (
        "Officials said 12 boats ![a boat](b.png) sank, per [the report][r] and "
        "<https://x.example/27>.[^n] Costs hit \\$4 million_ish_ **and** __rose__  \n"
        "after a hard break\\\n"
        "and <span\nclass=\"x\">inline html</span> across lines.\n"
        "\n"
        "[r]: https://example.com/report\n"
        "[^n]: A footnote with 3 figures.\n"
    )
    for src in line_endings(source):
        blocks = segment(src, markdown=True)
        assert_exact(src, blocks)
        assert kinds(blocks) == [K.PARAGRAPH, K.CAPTION, K.PARAGRAPH]
        assert blocks[0].text == ("Officials said 12 boats  sank, per the report and . Costs hit $4 "
                                  "million_ish_ and rose after a hard break and inline html across lines.")
        assert blocks[1].text == "a boat"
        assert blocks[1].paragraph == blocks[0].paragraph
        assert blocks[2].text == "A footnote with 3 figures."
        assert where(src, blocks, "$4", True) == (1, 111)
        assert where(src, blocks, "inline html", True) == (4, 11)


def test_emphasised_paragraph_is_a_caption_only_after_an_image() -> None:
    blocks = segment("Intro text.\n\n*An editor's note on 40 boats.*\n", True)
    assert kinds(blocks) == [K.PARAGRAPH, K.PARAGRAPH]
    blocks = segment("![Boats](b.png)\n*Boats in the harbour on Monday.*\n\nBody.\n", True)
    assert kinds(blocks) == [K.CAPTION, K.CAPTION, K.PARAGRAPH]
    assert blocks[0].paragraph == blocks[1].paragraph


def test_empty_table_cells_keep_their_column() -> None:
    source = "| A | B | C |\n|---|---|---|\n| 1 |   | 3 |\n| 4 |\n"
    blocks = segment(source, True)
    assert_exact(source, blocks)
    assert texts(blocks) == ["A", "B", "C", "1", "", "3", "4", "", ""]


def test_code_inside_containers_keeps_its_lines_and_line_breaks() -> None:
    source = "> - item with code:\n>\n>   ```\n>   total = 27\n>     indented 3\n>   ```\n"
    for src in line_endings(source):
        nl = "\r\n" if "\r\n" in src else ("\r" if "\r" in src else "\n")
        blocks = segment(src, True)
        assert_exact(src, blocks)
        assert kinds(blocks) == [K.BLOCKQUOTE, K.CODE]
        assert blocks[1].text == f"total = 27{nl}  indented 3"
        assert where(src, blocks, "3", True, nth=-1) == (5, 16)
        assert blocks[0].container == blocks[1].container >= 0


def test_table_inside_a_blockquote() -> None:
    source = "> | Port | Ships |\n> |---|---|\n> | Esk | 9 |\n"
    blocks = segment(source, True)
    assert_exact(source, blocks)
    assert texts(blocks) == ["Port", "Ships", "Esk", "9"]
    assert where(source, blocks, "9", True) == (3, 11)


# --- size ---------------------------------------------------------------------------------------


def test_long_inputs_keep_every_block() -> None:
    # Speed on long inputs is measured by benchmarks/pathological.py; this checks the result.
    para = ("The agency said 1,500 special forces had been sent by ship, and that more would follow.\n"
            "A wrapped second line mentions 3,000 troops and a [link](https://x.example).\n\n")
    source = para * (2_000_000 // len(para))
    for markdown in (True, False):
        blocks = segment(source, markdown)
        assert len(blocks) == source.count("\n\n")
        assert_exact(source, blocks[-1:])
    line = "word 12 troops, *more* of them and `code` too " * 4500
    for markdown in (True, False):
        blocks = segment(line, markdown)
        assert len(blocks) == 1 and len(blocks[0].text) > 150_000


def test_iter_paragraph_chunks() -> None:
    para = "A paragraph with 12 figures in it.\nSecond line.\n\n"
    fence = "```\ncode\n\n\nmore code\n```\n\n"
    source = para * 30 + fence + para * 30
    chunks = list(iter_paragraph_chunks(source, max_chars=200))
    assert "".join(c for _, c in chunks) == source
    assert all(source[off:off + len(c)] == c for off, c in chunks)
    assert len(chunks) > 5
    for _, c in chunks:
        assert c.endswith("\n\n") or c is chunks[-1][1]
        assert c.count("```") % 2 == 0  # never cut inside a fence
    # Segmenting chunk by chunk gives the same prose, at the same source offsets.
    whole = [(b.text, b.segments[0].src) for b in segment(source, False)]
    pieces = [(b.text, off + b.segments[0].src) for off, c in chunks for b in segment(c, False)]
    assert pieces == whole
    assert list(iter_paragraph_chunks("x" * 500, 100)) == [(0, "x" * 500)]


# --- property: mapping stays exact whatever the markup --------------------------------------

FRAGMENTS = [
    "word", "12,000", " ", "\n", "\n\n", "\r\n", "\r", "\t", "> ", "- ", "1. ", "*", "**", "_", "`", "[",
    "]", "](http://x)", "![", "<b>", "</b>", "<!-- c -->", "&amp;", "\\", "|", "---", "# ", "“", "—",
    "é", "```", "    ", "[x]: http://y\n", "[x]", "[^1]", "[^1]: note\n", "|---|---|\n", "By Jane Doe\n",
    "ROME — ", "<http://a.b>", "\u00a0", "  \n", "=\n", "a | b\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map("".join), st.booleans())
def test_mapping_is_exact_for_any_markup(source: str, markdown: bool) -> None:
    assert_exact(source, segment(source, markdown))
