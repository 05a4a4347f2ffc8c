"""Link figures of a draft to facts of the fact file (FACTFILE.md "Matching")."""

from __future__ import annotations

from attrlint.facts import Fact, FactBase, unit_matches
from attrlint.model import FigureMention, NumberValue
from attrlint.numbers import round_to_precision


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


def facts_for_value(fb: FactBase, fig: FigureMention) -> list[Fact]:
    """Facts whose unit matches the figure's and whose value the figure carries."""
    if not fig.unit or fig.value.multiplier:
        return []
    return [f for f in fb.facts if unit_matches(f.unit, fig.unit) and value_carries(fig.value, f)]
