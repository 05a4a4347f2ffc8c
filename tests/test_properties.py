"""Property tests: random Unicode and random Markdown never crash, and every position is honest."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from attrlint.config import default_settings, merge_cli
from attrlint.engine import Checker, Draft, build_document
from attrlint.lexicon import load_lexicon
from attrlint.model import line_starts

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

_QUOTED = re.compile(r'"([^"]+)"')

WORDS = ["The", "board", "said", "about", "300", "boats", "1,500", "police", "Harbоur", "Mосква", "nearly",
         "half", "“quoted”", "\"", "per cent", "$4m", "12%", "ferry", "according", "to", "officials", "2024"]

MD_PIECES = ["# ", "## ", "> ", "- ", "1. ", "   ", "```", "~~~", "| a | b |\n|---|---|\n", "[^1]", "[^1]: ",
             "<div>", "</div>", "<!-- ", " -->", "<!-- attrlint: disable-next-line AT402 -->", "**", "_", "`",
             "[link](http://x)", "\n", "\n\n", "\r\n", "\r", "\t", "\ufeff", "\u200b", "\u0301"]

prose = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join)
markdown = st.lists(st.one_of(st.sampled_from(MD_PIECES), prose), min_size=0, max_size=25).map("".join)
unicode_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=300)
drafts = st.one_of(unicode_text, markdown, st.tuples(unicode_text, markdown).map("\n".join))


def _settings(select: tuple[str, ...]):
    return merge_cli(default_settings(), select=select, ignore=(), extend_select=(), fail_on=None, facts=None)


def _check(text: str, path: str, select: tuple[str, ...]):
    checker = Checker(_settings(select), load_lexicon(()))
    [result] = list(checker.check([Draft(path, text)]))
    return result.diagnostics


def _lines(text: str) -> list[str]:
    starts = line_starts(text)
    ends = [s for s in starts[1:]] + [len(text) + 1]
    return [text[a:b].rstrip("\r\n") for a, b in zip(starts, ends, strict=True)]


def _assert_positions(text: str, diags) -> None:
    lines = _lines(text)
    for d in diags:
        assert 1 <= d.line <= d.end_line <= len(lines), d
        assert 1 <= d.column <= len(lines[d.line - 1]) + 1, d
        assert 1 <= d.end_column <= len(lines[d.end_line - 1]) + 1, d
        if d.line != d.end_line:
            continue
        span = lines[d.line - 1][d.column - 1:d.end_column]
        quoted = _QUOTED.search(d.message)
        if d.code == "AT402" and quoted:
            assert span == quoted.group(1), (d, span)
        elif d.code == "AT101" and quoted:
            # The message quotes the figure with its qualifier ("About 300"); the span is the figure.
            assert span and span in quoted.group(1), (d, span)
            assert quoted.group(1) in lines[d.line - 1], (d, span)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@FAST
@given(text=drafts)
def test_segmenting_never_crashes(text, suffix):
    doc = build_document("d" + suffix, text)
    for block in doc.blocks:
        for seg in block.segments:
            assert 0 <= seg.src <= len(text)


@pytest.mark.parametrize("suffix", [".md", ".txt"])
@FAST
@given(text=drafts)
def test_lexical_rules_positions_and_determinism(text, suffix):
    first = _check(text, "d" + suffix, ("AT4", "AT9"))
    _assert_positions(text, first)
    assert _check(text, "d" + suffix, ("AT4", "AT9")) == first


@SLOW
@given(text=st.one_of(markdown, st.tuples(prose, prose).map(". ".join)))
def test_full_pipeline_positions_and_determinism(text):
    first = _check(text, "d.md", ("AT1", "AT2", "AT3", "AT4", "AT9"))
    _assert_positions(text, first)
    assert _check(text, "d.md", ("AT1", "AT2", "AT3", "AT4", "AT9")) == first


@SLOW
@given(text=markdown)
def test_warm_cache_gives_identical_output(tmp_path_factory, text):
    from attrlint.cache import ResultCache

    cache = ResultCache(tmp_path_factory.mktemp("cache"))
    cold_checker = Checker(_settings(("AT1", "AT4", "AT9")), load_lexicon(()), cache=cache)
    [cold] = list(cold_checker.check([Draft("d.md", text)]))
    warm_checker = Checker(_settings(("AT1", "AT4", "AT9")), load_lexicon(()), cache=cache)
    [warm] = list(warm_checker.check([Draft("d.md", text)]))
    assert warm.cached and not cold.cached
    assert [d.to_json() for d in warm.diagnostics] == [d.to_json() for d in cold.diagnostics]
    assert [d.related for d in warm.diagnostics] == [d.related for d in cold.diagnostics]


def test_quoted_span_examples():
    """The position checker itself: known drafts with known spans."""
    text = "Intro.\r\n\r\nThe Harbоur Board said about 300 boats stayed.\r\n"
    diags = _check(text, "d.md", ("AT101", "AT402"))
    assert {d.code for d in diags} == {"AT402"} or {d.code for d in diags} == {"AT101", "AT402"}
    _assert_positions(text, diags)
    unsourced = _check("About 300 boats stayed in port.\n", "d.md", ("AT101",))
    assert [(d.code, d.column, d.end_column) for d in unsourced] == [("AT101", 7, 9)]
    _assert_positions("About 300 boats stayed in port.\n", unsourced)
