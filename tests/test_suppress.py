"""Suppression comments: parsing in Markdown and plain text, applying them, AT900 findings."""

from __future__ import annotations

import pytest

from attrlint.config import resolve_selector
from attrlint.model import Diagnostic, Severity
from attrlint.rules.registry import RULES as REAL_RULES
from attrlint.rules.registry import Rule
from attrlint.suppress import Directive, apply_suppressions, directive_lines, parse_directives

RULES = {
    code: Rule(code, name, Severity.WARNING, name, lambda ctx: (), needs_nlp=False)
    for code, name in [("AT101", "unattributed-figure"), ("AT102", "vague-attribution"),
                       ("AT201", "inconsistent-figure"), ("AT301", "missing-denial")]
}


def resolve(sel: str) -> set[str]:
    return resolve_selector(sel, RULES)


def diag(line: int, code: str = "AT101", column: int = 1) -> Diagnostic:
    return Diagnostic("story.md", line, column, line, column + 3, code, RULES[code].name,
                      Severity.WARNING, "a finding")


def run(source: str, diagnostics: list[Diagnostic], markdown: bool = True
        ) -> tuple[list[tuple[int, str]], list[Diagnostic]]:
    kept, notes = apply_suppressions(diagnostics, parse_directives(source, markdown), resolve, "story.md")
    return [(d.line, d.code) for d in kept], notes


def lines(*rows: str) -> str:
    return "\n".join(rows) + "\n"


# --- parsing ------------------------------------------------------------------------------------


def test_parse_markdown_directive_fields() -> None:
    src = "Intro line.\n\n<!-- attrlint: disable-next-line AT101, vague-attribution -- desk checked -->\n"
    [d] = parse_directives(src, markdown=True)
    assert d.kind == "disable-next-line"
    assert d.selectors == ("AT101", "vague-attribution")
    assert d.reason == "desk checked"
    assert d.text == "disable-next-line AT101, vague-attribution"
    assert (d.line, d.column) == (3, 1)
    assert (d.end_line, d.end_column) == (3, len(src.splitlines()[2]))
    assert src[d.start:d.end].startswith("<!--") and src[d.start:d.end].endswith("-->")
    assert d.next_line == 0  # nothing follows


@pytest.mark.parametrize(
    ("comment", "kind", "selectors"),
    [
        ("<!-- attrlint: disable -->", "disable", ()),
        ("<!-- attrlint: disable AT101 AT2 -->", "disable", ("AT101", "AT2")),
        ("<!--attrlint:enable AT101,AT102-->", "enable", ("AT101", "AT102")),
        ("<!-- attrlint: disable-file -->", "disable-file", ()),
        ("<!-- attrlint: disable-file missing-denial -->", "disable-file", ("missing-denial",)),
        ("<!-- attrlint: disabel AT101 -->", "invalid", ("AT101",)),
        ("<!-- attrlint: -->", "invalid", ()),
    ],
)
def test_parse_forms(comment: str, kind: str, selectors: tuple[str, ...]) -> None:
    [d] = parse_directives(f"Text.\n\n{comment}\n", markdown=True)
    assert (d.kind, d.selectors) == (kind, selectors)


def test_ordinary_comments_and_code_are_not_directives() -> None:
    src = lines(
        "<!-- an editor's note: attrlint: disable -->",
        "",
        "```",
        "<!-- attrlint: disable -->",
        "```",
        "",
        "Write `<!-- attrlint: disable-file -->` to switch it off.",
        "",
        "    <!-- attrlint: disable -->",
    )
    assert parse_directives(src, markdown=True) == []


def test_multiline_comment_and_inline_comment() -> None:
    src = lines("Seven ships sailed. <!-- attrlint: disable AT101 -->", "", "<!--", "attrlint: enable", "-->")
    first, second = parse_directives(src, markdown=True)
    assert (first.kind, first.line, first.column) == ("disable", 1, 21)
    assert (second.kind, second.line, second.end_line, second.end_column) == ("enable", 3, 5, 3)


def test_plain_text_directives_and_their_lines() -> None:
    src = lines("Harbour closes", "", "  attrlint: disable-next-line AT101 -- port authority figure",
                "The port handled 40 ships a day.", "attrlint: bogus")
    first, second = parse_directives(src, markdown=False)
    assert (first.kind, first.line, first.column, first.next_line) == ("disable-next-line", 3, 3, 4)
    assert src[first.start:first.end] == "attrlint: disable-next-line AT101 -- port authority figure"
    assert second.kind == "invalid"
    ranges = directive_lines(src, markdown=False)
    assert [src[a:b] for a, b in ranges] == [
        "  attrlint: disable-next-line AT101 -- port authority figure", "attrlint: bogus"]
    # Markdown comments are HTML already: nothing for the reader to hide.
    assert directive_lines("<!-- attrlint: disable -->\n", markdown=True) == []
    # In plain text an HTML comment is just text, and a mid-line "attrlint:" is prose.
    assert parse_directives("<!-- attrlint: disable -->\nThe attrlint: tool.\n", markdown=False) == []


def test_plain_text_crlf() -> None:
    src = "Para one.\r\nattrlint: disable-next-line\r\n\r\nThe 12 buses.\r\n"
    [d] = parse_directives(src, markdown=False)
    assert (d.line, d.next_line) == (2, 4)
    assert [src[a:b] for a, b in directive_lines(src, markdown=False)] == ["attrlint: disable-next-line"]


# --- applying -----------------------------------------------------------------------------------


def test_disable_region_until_enable() -> None:
    src = lines("Line one.", "<!-- attrlint: disable AT101 -->", "Line three.", "Line four.",
                "<!-- attrlint: enable AT101 -->", "Line six.")
    kept, notes = run(src, [diag(1), diag(3), diag(4), diag(4, "AT102"), diag(6)])
    assert kept == [(1, "AT101"), (4, "AT102"), (6, "AT101")]
    assert notes == []


def test_disable_on_the_same_line_only_covers_what_follows() -> None:
    src = "Nine ships and 40 crew. <!-- attrlint: disable --> Then 3 more.\n"
    kept, _ = run(src, [diag(1, column=1), diag(1, column=60)])
    assert kept == [(1, "AT101")]


def test_disable_all_then_enable_one() -> None:
    src = lines("<!-- attrlint: disable -->", "a", "<!-- attrlint: enable AT101 -->", "b")
    kept, notes = run(src, [diag(2), diag(4), diag(4, "AT201")])
    assert kept == [(4, "AT101")]
    assert notes == []


def test_disable_by_prefix_and_name() -> None:
    src = lines("<!-- attrlint: disable AT2, missing-denial -->", "x")
    kept, notes = run(src, [diag(2, "AT201"), diag(2, "AT301"), diag(2, "AT101")])
    assert kept == [(2, "AT101")]
    assert notes == []


def test_disable_next_line_skips_blank_and_directive_lines() -> None:
    src = lines(
        "<!-- attrlint: disable-next-line AT101 -- from the council minutes -->",
        "",
        "<!-- attrlint: disable-next-line AT102 -->",
        "The council counted 300 complaints, officials said.",
        "A second line with 20 more.",
    )
    kept, notes = run(src, [diag(4), diag(4, "AT102"), diag(5)])
    assert kept == [(5, "AT101")]
    assert notes == []


def test_disable_next_line_only_applies_to_the_start_line() -> None:
    src = lines("<!-- attrlint: disable-next-line -->", "First line", "second line of the paragraph")
    kept, notes = run(src, [diag(3)])
    assert kept == [(3, "AT101")]
    assert [n.message for n in notes] == ['suppression "disable-next-line" matched no finding']


def test_disable_file_anywhere() -> None:
    src = lines("Top 5.", "", "<!-- attrlint: disable-file AT201 -->")
    kept, notes = run(src, [diag(1, "AT201"), diag(1, "AT101"), diag(9, "AT201")])
    assert kept == [(1, "AT101")]
    assert notes == []
    kept, _ = run(lines("x", "<!-- attrlint: disable-file -->"), [diag(1), diag(1, "AT301")])
    assert kept == []


def test_plain_text_every_form() -> None:
    src = lines(
        "Bridge reopens",              # 1
        "",
        "attrlint: disable AT102",     # 3
        "Analysts expect 2,000 cars a day.",
        "attrlint: enable AT102",      # 5
        "attrlint: disable-next-line AT101 -- city data",
        "The city counted 1,800 cars.",  # 7
        "Officials say 90 more.",      # 8
        "attrlint: disable-file AT301",
    )
    ds = [diag(4, "AT102"), diag(7), diag(8, "AT102"), diag(8), diag(2, "AT301")]
    kept, notes = run(src, ds, markdown=False)
    assert kept == [(8, "AT102"), (8, "AT101")]
    assert notes == []


def test_unused_directives_are_reported_at_their_span() -> None:
    src = lines(
        "<!-- attrlint: disable-next-line AT101 -->",   # 1: nothing on line 2
        "Quiet line.",
        "<!-- attrlint: disable AT201 -->",            # 3: nothing after it
        "<!-- attrlint: disable-file AT301 -->",       # 4: no AT301 anywhere
        "<!-- attrlint: enable AT102 -->",             # 5: nothing to enable
    )
    kept, notes = run(src, [diag(2, "AT102")])
    assert kept == [(2, "AT102")]
    assert [(n.line, n.message) for n in notes] == [
        (1, 'suppression "disable-next-line AT101" matched no finding'),
        (3, 'suppression "disable AT201" matched no finding'),
        (4, 'suppression "disable-file AT301" matched no finding'),
        (5, 'suppression "enable AT102" matched no earlier disable'),
    ]
    first = notes[0]
    assert (first.code, first.rule, first.severity, first.path) == (
        "AT900", "unused-suppression", Severity.WARNING, "story.md")
    assert (first.column, first.end_line, first.end_column) == (1, 1, len(src.splitlines()[0]))


def test_partly_used_directive_names_the_unused_codes() -> None:
    src = lines("<!-- attrlint: disable-next-line AT101, AT102, AT2 -->", "Line.")
    kept, notes = run(src, [diag(2)])
    assert kept == []
    assert [n.message for n in notes] == [
        'suppression "disable-next-line AT101, AT102, AT2" matched no finding for AT102, AT2']


def test_unknown_codes_are_reported_and_known_ones_still_work() -> None:
    src = lines("<!-- attrlint: disable-next-line AT101 AT999 -->", "Line.", "",
                "<!-- attrlint: disable-file not-a-rule -->")
    kept, notes = run(src, [diag(2)])
    assert kept == []
    assert [(n.line, n.message) for n in notes] == [
        (1, 'unknown rule "AT999" in suppression "disable-next-line AT101 AT999"'),
        (4, 'unknown rule "not-a-rule" in suppression "disable-file not-a-rule"'),
    ]


def test_invalid_directive_suppresses_nothing_and_is_reported() -> None:
    src = lines("<!-- attrlint: disabel-next-line AT101 -->", "Line.", "attrlint:")
    kept, notes = run(src, [diag(2)])
    assert kept == [(2, "AT101")]
    [note] = notes
    assert note.line == 1 and note.code == "AT900"
    assert note.message.startswith('invalid suppression "attrlint: disabel-next-line AT101": '
                                   'unknown command "disabel-next-line"')
    kept, notes = run(src, [diag(2)], markdown=False)
    assert [n.message.split(":")[0] for n in notes] == ['invalid suppression "attrlint']
    assert "no command" in notes[0].message


def test_enable_after_a_closed_region_is_unused() -> None:
    src = lines("<!-- attrlint: disable AT101 -->", "a", "<!-- attrlint: enable AT101 -->",
                "<!-- attrlint: enable AT101 -->", "b")
    kept, notes = run(src, [diag(2)])
    assert kept == []
    assert [(n.line, n.message) for n in notes] == [
        (4, 'suppression "enable AT101" matched no earlier disable')]


def test_several_directives_covering_one_finding_all_count_as_used() -> None:
    src = lines("<!-- attrlint: disable-file AT101 -->", "<!-- attrlint: disable-next-line AT101 -->", "x")
    kept, notes = run(src, [diag(3)])
    assert kept == [] and notes == []


def test_no_directives_keeps_everything() -> None:
    ds = [diag(1), diag(2, "AT301")]
    kept, notes = apply_suppressions(ds, [], resolve, "story.md")
    assert kept == ds and notes == []


def test_directive_is_frozen() -> None:
    d = Directive("disable", (), 1, 1, 1, 5, 0, 5)
    with pytest.raises(AttributeError):
        d.kind = "enable"  # type: ignore[misc]


# --- the AT900 rule entry -----------------------------------------------------------------------


def test_at900_is_registered_with_its_documentation() -> None:
    import attrlint.rules.meta  # noqa: F401  (registers the rule)

    r = REAL_RULES["AT900"]
    assert (r.name, r.severity, r.needs_nlp) == ("unused-suppression", Severity.WARNING, False)
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Use instead"):
        assert section in r.doc
    assert list(r.check(None)) == []  # type: ignore[arg-type]
