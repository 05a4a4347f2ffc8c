"""Link figures of a draft to facts of the fact file (docs/factfile.md, "How a figure is matched").

The rule of the fact-file reference: a figure states a fact when its counted unit is the fact's, and it is
credited to the fact's source or its sentence uses one of the fact's ``about`` words. Two
refinements, both for precision, since a linked figure with another value is an error:

- when the fact has ``about`` words, a source link also needs one of them in the sentence, so
  the source's other figures in the same unit (its other durations, its other sums) are not
  read as this fact;
- ``about`` words alone link only a figure nobody identifiable is credited for: another
  source's number for the same thing is news, not a mismatch.

Values are compared as docs/factfile.md says (``value_carries``); a headline figure counts as an
approximation, since headlines round.
"""

from __future__ import annotations

import re
from dataclasses import replace

from attrlint.analysis.numbers import round_to_precision
from attrlint.facts import Fact, FactBase, normalise_name, unit_matches
from attrlint.model import FigureMention, NumberValue


def value_carries(v: NumberValue, fact: Fact) -> bool:
    """Does the figure as written carry the fact's value (exact, rounded, bound or overlap)?"""
    lo, hi = fact.low, fact.high
    if v.bound == "min":
        return hi >= v.low
    if v.bound == "max":
        return lo <= v.high
    if v.is_range or lo != hi:
        return v.low <= hi and lo <= v.high
    if lo == v.low:
        return True
    if v.approx or fact.approx:
        return round_to_precision(lo, v.precision) == v.low
    return False


def written_value(fig: FigureMention) -> NumberValue:
    """The figure's value as it should be compared: headlines round, like an "about"."""
    if not fig.sentence.block.kind.is_prose and not fig.value.approx:
        return replace(fig.value, approx=True)
    return fig.value


def carries(fig: FigureMention, fact: Fact) -> bool:
    """``value_carries`` for a figure in its place (headline rounding allowed)."""
    return value_carries(written_value(fig), fact)


def countable(fig: FigureMention) -> bool:
    """Figures that can stand for a fact: a unit, and not a multiplier ("twice")."""
    return bool(fig.unit) and not fig.value.multiplier


def facts_for_value(fb: FactBase, fig: FigureMention) -> list[Fact]:
    """Facts whose unit matches the figure's and whose value the figure carries."""
    if not countable(fig):
        return []
    return [f for f in fb.facts if unit_matches(f.unit, fig.unit) and carries(fig, f)]


def _phrase_in(phrase: str, text: str) -> bool:
    words = normalise_name(phrase).split()
    if not words:
        return False
    pattern = r"\b" + r"\W+".join(re.escape(w) for w in words) + r"(?:'s|s|es)?\b"
    return re.search(pattern, normalise_name(text), re.IGNORECASE) is not None


def about_in(fact: Fact, text: str) -> bool:
    """Does one of the fact's ``about`` words stand in ``text`` (whole words, any case)?"""
    return any(_phrase_in(a, text) for a in fact.about)


def names_in(fb: FactBase, ref: str, text: str) -> bool:
    """Is the source ``ref`` named in ``text`` by its name or one of its aliases?"""
    return any(_phrase_in(n, text) for n in fb.names_for(ref))


def linked_facts(fb: FactBase, fig: FigureMention, ref: str | None, credited: bool,
                 sentence: str) -> list[Fact]:
    """Facts the figure states (see the module docstring), source links first.

    ``ref`` is the fact-file ref the figure's source resolves to (None when it does not resolve);
    ``credited`` says whether the figure is credited to an identifiable source at all;
    ``sentence`` is the figure's sentence.
    """
    if not countable(fig):
        return []
    by_source: list[Fact] = []
    by_about: list[Fact] = []
    for f in fb.facts:
        if not unit_matches(f.unit, fig.unit):
            continue
        mentioned = about_in(f, sentence)
        if ref is not None and ref == f.source:
            if not f.about or mentioned:
                by_source.append(f)
        elif mentioned and not credited:
            by_about.append(f)
    return by_source + by_about
