"""factmatch: which facts a figure states, and whether its written value carries the fact's."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from attrlint.analysis.factmatch import (
    about_in,
    carries,
    facts_for_value,
    linked_facts,
    names_in,
    value_carries,
    written_value,
)
from attrlint.facts import Fact, FactBase, load_facts
from attrlint.model import Block, BlockKind, FigureMention, NumberValue, Segment, Sentence


def fact(low: float, high: float | None = None, *, unit: str = "pumps", source: str = "water",
         about: tuple[str, ...] = (), approx: bool = False) -> Fact:
    return Fact("f", low, low if high is None else high, unit, source, about, approx, 1)


def value(low: float, high: float | None = None, *, approx: bool = False, bound: str | None = None,
          precision: float = 1.0, multiplier: bool = False) -> NumberValue:
    return NumberValue(low, low if high is None else high, approx, bound, precision, multiplier=multiplier)


def figure(v: NumberValue, unit: str = "pump", kind: BlockKind = BlockKind.PARAGRAPH,
           text: str = "The agency said 1,500 pumps were running.") -> FigureMention:
    block = Block(kind, text, [Segment(0, 0, len(text))], 0)
    return FigureMention("1,500", 16, 21, v, unit, Sentence(block, 0, 0, len(text)))


@pytest.fixture
def fb(tmp_path: Path) -> FactBase:
    path = tmp_path / "story.facts.toml"
    path.write_text(textwrap.dedent("""
        [[source]]
        id = "water"
        name = "Veldmark Water Agency"
        aliases = ["the water agency", "VWA", "Veldmark's water agency"]

        [[source]]
        id = "farmers"
        name = "Farmers' Union"
        aliases = ["the union"]

        [[fact]]
        id = "pumps"
        value = 1500
        unit = "mobile pumps"
        source = "water"

        [[fact]]
        id = "evacuated"
        value = 3000
        unit = "residents"
        source = "farmers"
        about = ["evacuated"]

        [[fact]]
        id = "flooded-farms"
        value = 10000
        unit = "residents"
        source = "farmers"
        about = ["flooded"]
        approx = true
        """), encoding="utf-8")
    return load_facts(path)


# --- values --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("v", "f", "expected"), [
    (value(1500), fact(1500), True),                                   # exact
    (value(1480), fact(1500), False),                                  # exact figure, other value
    (value(1500, approx=True, precision=100), fact(1480), True),       # "about 1,500" carries 1,480
    (value(1500, approx=True, precision=100), fact(1370), True),       # within 10% of the fact
    (value(1500, approx=True, precision=100), fact(1300), False),      # but not 1,300
    (value(2000, approx=True, precision=1000), fact(1500), False),     # "some 2,000" is not 1,500
    (value(2, approx=True, precision=1), fact(1.5), False),            # nor "about 2 million" 1.5
    (value(1500, precision=100), fact(1480, approx=True), True),       # the fact itself is rounded
    (value(30, bound="min", precision=10), fact(31), True),            # "more than 30" carries 31
    (value(30, bound="min", precision=10), fact(30), True),            # the bound value itself
    (value(30, bound="min", precision=10), fact(29), False),
    (value(12000, bound="max", precision=1000), fact(9000), True),     # "up to 12,000"
    (value(12000, bound="max", precision=1000), fact(13000), False),
    (value(40, 60), fact(55), True),                                   # a range overlaps a value
    (value(40, 60), fact(61, 70), False),                              # … or a range
    (value(50), fact(40, 60), True),
    (value(600, approx=True, precision=100), fact(612), True),         # "some 600" firefighters
    (value(1200, approx=True, precision=100), fact(1180), True),       # "about 1,200" kilograms
])
def test_value_carries(v: NumberValue, f: Fact, expected: bool) -> None:
    assert value_carries(v, f) is expected


@pytest.mark.parametrize(("qualifier", "fact_value", "expected"), [
    ("nearly", 1900, True),        # nearly 2,000: the fact at or below, within 10%
    ("nearly", 2000, True),
    ("nearly", 2050, False),       # above the figure
    ("almost", 1700, False),       # more than 10% below
    ("close to", 1850, True),
    ("just under", 1950, True),    # an upper bound in the draft, but near the figure
    ("just under", 900, False),    # far below is not "just under"
    ("just over", 2100, True),     # at or above, within 10%
    ("just over", 1990, False),
    ("about", 2150, True),         # either side
    ("about", 1850, True),
])
def test_direction_of_an_approximation(qualifier: str, fact_value: float, expected: bool) -> None:
    bound = {"just under": "max", "just over": "min"}.get(qualifier)
    v = value(2000, approx=bound is None, bound=bound, precision=1000)
    assert value_carries(v, fact(fact_value), qualifier) is expected


def test_tolerance_is_a_setting() -> None:
    v = value(1500, approx=True, precision=100)
    assert value_carries(v, fact(1400))
    assert not value_carries(v, fact(1400), "about", tolerance=0.05)
    assert value_carries(v, fact(1300), "about", tolerance=0.2)


def test_headline_figures_round_like_an_approximation() -> None:
    f = fact(61_400_000, unit="euros")
    body = figure(value(61_000_000, precision=1_000_000), unit="euro")
    head = figure(value(61_000_000, precision=1_000_000), unit="euro", kind=BlockKind.HEADLINE)
    assert not carries(body, f)
    assert carries(head, f)
    assert written_value(head).approx and not written_value(body).approx


# --- words and names ---------------------------------------------------------------------------

def test_about_words_match_whole_words_and_plurals() -> None:
    f = fact(1, about=("overtime pay", "surface"))
    assert about_in(f, "the drivers said their Overtime Pay had not arrived")
    assert about_in(f, "lifted to the surfaces")
    assert not about_in(f, "the overtimepay dispute")
    assert not about_in(f, "the subsurface survey")


def test_names_in_uses_name_and_aliases(fb: FactBase) -> None:
    assert names_in(fb, "water", "as the water agency reported on Friday")
    assert names_in(fb, "water", "Veldmark Water Agency's engineers said")
    assert not names_in(fb, "water", "the union said")


# --- linking -----------------------------------------------------------------------------------

def test_facts_for_value_needs_unit_and_value(fb: FactBase) -> None:
    found = facts_for_value(fb, figure(value(1500), unit="mobile pump"))
    assert [f.id for f in found] == ["pumps"]
    assert facts_for_value(fb, figure(value(1500), unit="truck")) == []
    assert facts_for_value(fb, figure(value(2, multiplier=True), unit="pump")) == []
    assert facts_for_value(fb, figure(value(1500), unit="")) == []


def test_linked_by_source_needs_about_word_when_the_fact_has_some(fb: FactBase) -> None:
    fig = figure(value(2500), unit="resident")
    linked = linked_facts(fb, fig, "farmers", True, "the union said 2,500 residents were evacuated")
    assert [f.id for f in linked] == ["evacuated"]
    assert linked_facts(fb, fig, "farmers", True, "the union said 2,500 residents had voted") == []


def test_linked_by_about_words_only_when_not_credited_to_another_source(fb: FactBase) -> None:
    fig = figure(value(2500), unit="resident")
    sentence = "About 2,500 residents were evacuated, the report said."
    assert [f.id for f in linked_facts(fb, fig, None, False, sentence)] == ["evacuated"]
    # another source's own count is news, not a mismatch
    assert linked_facts(fb, fig, "water", True, sentence) == []
    # an unresolved but named source is a source too
    assert linked_facts(fb, fig, None, True, sentence) == []


def test_source_links_come_first(fb: FactBase) -> None:
    fig = figure(value(9000), unit="resident")
    sentence = "The union said 9,000 residents had been flooded out and evacuated."
    assert [f.id for f in linked_facts(fb, fig, "farmers", True, sentence)] == ["evacuated", "flooded-farms"]
