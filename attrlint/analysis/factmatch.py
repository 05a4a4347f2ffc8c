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

from attrlint.facts import DEFAULT_TOLERANCE, Fact, FactBase, normalise_name
from attrlint.lexicon import Lexicon, alternation, builtin_lists
from attrlint.model import FigureMention, NumberValue

_DIRECTIONS = builtin_lists("numbers.toml")


def direction(qualifier: str) -> int:
    """-1 when the qualifier puts the true value at or below the figure ("nearly", "just
    under"), 1 at or above it ("just over"), 0 for either side ("about") or none."""
    q = " ".join(qualifier.lower().split())
    if q in _DIRECTIONS["below-approximations"]:
        return -1
    if q in _DIRECTIONS["above-approximations"]:
        return 1
    return 0


def _near(value: float, fact_value: float, tolerance: float) -> bool:
    return abs(value - fact_value) <= tolerance * abs(fact_value)


def value_carries(v: NumberValue, fact: Fact, qualifier: str = "",
                  tolerance: float = DEFAULT_TOLERANCE) -> bool:
    """Does the figure as written carry the fact's value (exact, approximate, bound or overlap)?

    An approximation ("about", or a fact with ``approx = true``) carries a value within
    ``tolerance`` of the fact's (10%: "about 1,500" carries 1,480, "some 2,000" not 1,500);
    "nearly 2,000" also needs the fact at or below 2,000, "just over 2,000" at or above it.
    """
    lo, hi = fact.low, fact.high
    side = direction(qualifier)
    if side and not (v.is_range or lo != hi):
        if (side < 0 and lo > v.low) or (side > 0 and lo < v.low):
            return False
        return lo == v.low or _near(v.low, lo, tolerance)
    if v.bound == "min":
        return hi >= v.low
    if v.bound == "max":
        return lo <= v.high
    if v.is_range or lo != hi:
        return v.low <= hi and lo <= v.high
    if lo == v.low:
        return True
    if v.approx or fact.approx:
        return _near(v.low, lo, tolerance)
    return False


def written_value(fig: FigureMention) -> NumberValue:
    """The figure's value as it should be compared: headlines round, like an "about"."""
    if not fig.sentence.block.kind.is_prose and not fig.value.approx:
        return replace(fig.value, approx=True)
    return fig.value


def carries(fig: FigureMention, fact: Fact, tolerance: float = DEFAULT_TOLERANCE) -> bool:
    """``value_carries`` for a figure in its place (headline rounding allowed)."""
    return value_carries(written_value(fig), fact, fig.qualifier, tolerance)


def countable(fig: FigureMention) -> bool:
    """Figures that can stand for a fact: a unit, and not a multiplier ("twice")."""
    return bool(fig.unit) and not fig.value.multiplier


def _count_words(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A count the sentence names, and the words that give its value just before a figure."""
    return (re.compile(rf"\b(?:{alternation(lex['count-names'])})\b", re.IGNORECASE),
            re.compile(rf"\b(?:{alternation(lex['count-value-links'])})\s+$", re.IGNORECASE))


def bare_count(fig: FigureMention, before: str, lex: Lexicon) -> bool:
    """A plain number with no counted noun, given as the value of a count its sentence names
    ("put the number of dead at 58", "raised the toll to 14", "the count stood at 212");
    ``before`` is the sentence's text before the figure."""
    v = fig.value
    if fig.unit or v.multiplier or v.percent or v.currency or not float(v.low).is_integer():
        return False
    named, value_of = lex.derive(_count_words)
    return bool(value_of.search(before) and named.search(before))


def facts_for_value(fb: FactBase, fig: FigureMention) -> list[Fact]:
    """Facts whose unit matches the figure's and whose value the figure carries."""
    if not countable(fig):
        return []
    return [f for f in fb.facts_with_unit(fig.unit) if carries(fig, f, fb.tolerance)]


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
    """Is the source ``ref`` named in ``text`` by its name or one of its aliases? An alias written
    "the agency" needs its "the": "Ukraine's military intelligence agency" is another agency."""
    for n in fb.names_for(ref):
        words = n.split()
        if len(words) > 1 and words[0].lower() == "the" and n.islower():
            pattern = r"\bthe\s+" + r"\W+".join(re.escape(w) for w in words[1:]) + r"(?:'s|s|es)?\b"
            if re.search(pattern, text, re.IGNORECASE):
                return True
        elif _phrase_in(n, text):
            return True
    return False


def linked_facts(fb: FactBase, fig: FigureMention, ref: str | None, credited: bool,
                 sentence: str) -> list[Fact]:
    """Facts the figure states (see the module docstring), source links first.

    A figure with no unit (a ``bare_count``) links only through the fact's ``about`` words.
    ``ref`` is the fact-file ref the figure's source resolves to (None when it does not resolve);
    ``credited`` says whether the figure is credited to an identifiable source at all;
    ``sentence`` is the figure's sentence.
    """
    bare = not fig.unit
    if not countable(fig) and not bare:
        return []
    by_source: list[Fact] = []
    by_about: list[Fact] = []
    for f in fb.facts if bare else fb.facts_with_unit(fig.unit):
        mentioned = about_in(f, sentence)
        if bare and not mentioned:
            continue  # a bare count names its fact through the fact's `about` words only
        if ref is not None and ref == f.source:
            if not f.about or mentioned:
                by_source.append(f)
        elif mentioned and not credited:
            by_about.append(f)
    return by_source + by_about
