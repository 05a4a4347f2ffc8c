"""AT201–AT204: numbers that disagree — with the same source's earlier figure, with the relation
the text asserts, or with the desk's fact file (policy §3).

Every rule here is tuned for precision: a number error is reported as an error, so each one needs
a strong match (the same party, the same quantity, a relation stated in so many words).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import replace

from attrlint.analysis.factmatch import (
    about_in,
    carries,
    countable,
    facts_for_value,
    linked_facts,
    names_in,
    value_carries,
    written_value,
)
from attrlint.analysis.quantities import (
    Parties,
    Party,
    Quantity,
    between,
    figure_span,
    interval,
    is_breakdown,
    is_prior,
    lenient,
    quantity_of,
    quoted,
    same_quantity,
    text_after,
    text_before,
    values_agree,
)
from attrlint.facts import Fact, unit_key, unit_matches
from attrlint.model import FigureMention
from attrlint.rules.registry import Context, Finding, rule

# --- shared ------------------------------------------------------------------------------------

_LAST: list[tuple[int, int, Parties]] = []  # the last document's parties: four rules share them


def parties(ctx: Context) -> Parties:
    """The draft's parties, built once per document and shared by the four rules."""
    key = (id(ctx.document), id(ctx.facts))
    if _LAST and _LAST[0][:2] == key and _LAST[0][2].document is ctx.document:
        return _LAST[0][2]
    found = Parties(ctx.document, ctx.facts, ctx.lexicon)
    _LAST[:] = [(key[0], key[1], found)]
    return found


def line_of(ctx: Context, offset: int) -> int:
    return ctx.document.position(offset)[0]


_SCALES = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))


def fmt(x: float, scale_like: str = "") -> str:
    """1500.0 → "1,500"; 4.25 → "4.25"; with ``scale_like`` "650 million", 697e6 → "697 million"."""
    for word, scale in _SCALES:
        round_in_scale = abs(x) >= scale and (x / scale * 100).is_integer()
        if word in scale_like.lower() or (not scale_like and round_in_scale):
            return f"{fmt(x / scale)} {word}"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def _name(party: Party) -> str:
    """A source as written, lower-cased mid-sentence when it opens with an article."""
    label = party.label.strip()
    first, _, rest = label.partition(" ")
    return f"{first.lower()} {rest}" if first in {"The", "A", "An"} and rest else label


# --- AT201 -------------------------------------------------------------------------------------

# How many earlier figures of one source, for one counted noun, a figure is compared with.
LOOKBACK = 200

@rule("AT201", "inconsistent-figure", "error", "one source gives two values for the same quantity")
def inconsistent_figure(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags a figure that the same source already gave, for the same quantity, with another value
    earlier in the draft ("the agency said 3,700 people were evacuated" … "the 4,300 people
    evacuated, the agency said"). The finding sits on the later figure and names the earlier line.

    ## Why is this bad?
    A story that quotes one source with two numbers for one thing is wrong at least once, and
    readers cannot tell which. It is the kind of error a correction has to fix.

    ## Example
    ```
    The harbour office said 61 trawlers were stuck in port. … The harbour office said the 67
    trawlers stuck in port had lost a week of fishing.
    ```

    ## Use instead
    ```
    Use one figure, or say that the source revised it ("the office later put the number at 67").
    ```

    ## Decisions
    Two figures are compared only when they come from the same source (by the fact file's
    aliases, by a pronoun's nearest named source, or by the name as written) and measure the same
    thing: the same counted noun with the same adjectives, the same event ("evacuated",
    "recalled"), for a share or an amount the same subject, and no different date, place,
    circumstance or set ("other", "more", "new"). Different sources giving different numbers is
    news, not an error. Figures in one paragraph (read together, the second usually qualifies
    the first), updates ("has risen to", "now", "latest") and earlier-period values ("up from",
    "a year earlier") are never compared. Approximations,
    bounds and headline figures agree within their rounding. A figure is compared with at most
    the 200 latest figures its source gave for the same counted noun.
    """
    p = parties(ctx)
    # Earlier figures by (source, counted noun): comparing every pair is quadratic on long drafts.
    seen: dict[tuple[str, str], list[tuple[FigureMention, Quantity]]] = {}
    for fig in ctx.document.figures:
        party = p.for_figure(fig)
        if party is None or fig.value.multiplier or not (fig.unit or fig.value.percent):
            continue
        q = quantity_of(fig, ctx.lexicon)
        bucket = seen.setdefault((party.key, unit_key(fig.unit or "%")), [])
        # Figures of one paragraph are read together: the second qualifies the first ("3.2 million
        # voted. It said 120,000 voted by post."), so only other paragraphs are compared.
        # Only the latest statement counts: a third mention that repeats the second is not news.
        # The search looks back over at most LOOKBACK figures: a draft of 50,000 figures from one
        # source would otherwise compare every pair.
        a = next((a for a, qa in reversed(bucket[-LOOKBACK:])
                  if a.sentence.block.paragraph != fig.sentence.block.paragraph and same_quantity(qa, q)), None)
        bucket.append((fig, q))
        if a is None or values_agree(a, fig):
            continue
        yield Finding(fig.start, fig.end,
                      f'"{quoted(fig)}" — {_name(party)} gave {a.display} for the same quantity on line '
                      f"{line_of(ctx, a.start)}: use one figure, or say it was revised",
                      related=((a.start, f'the earlier figure from {_name(party)}: "{quoted(a)}"'),))


# --- AT202: what a relation looks like -----------------------------------------------------------

# Multiplier words that describe a change ("doubled from X to Y") rather than a comparison
# ("twice the X").
_CHANGE_FORM = re.compile(r"(?:doubl|tripl|quadrupl|quintupl|halv)(?:ed|es|ing)$|fold$", re.IGNORECASE)
_ARTICLE = r"(?:(?:a|an|the|its|their|his|her|this|that|these|those)\s+)"
# Between a comparison word and its base: "twice the 2,600", "double the 1.5% rate", "three times
# as many as the 40", "half that of the 300".
_BASE_GAP = re.compile(
    r"^\s*(?:(?:as\s+(?:many|much|high|large|big|great|long)\s+as|that\s+of|those\s+of|more\s+than|"
    r"higher\s+than|larger\s+than|bigger\s+than|greater\s+than|what\s+it\s+was)\s+)?"
    rf"{_ARTICLE}?(?:(?:previous|earlier|prior|last|original|initial|estimated|reported|same)\s+)?$",
    re.IGNORECASE)
_PREVIOUS_FIGURE = re.compile(
    r"^\s*(?:as\s+(?:many|much)\s+as\s+)?(?:the|its|their)\s+"
    r"(?:previous|earlier|prior|last|original|initial)\s+"
    r"(?:figure|estimate|number|count|tally|total|level|reading|forecast)s?\b", re.IGNORECASE)
# A sentence about the figure before it: "That estimate is twice …", "The new count is …".
_BACK_REFERENCE = re.compile(
    r"^\W*(?:(?:that|this|the|those|these)\s+(?:(?:new|latest|revised|updated|higher|lower)\s+)?"
    r"(?:estimate|figure|number|count|tally|total|level|assessment|reading)s?|that|this|it)"
    r"\s+(?:is|was|would\s+be|will\s+be|represents|marks|means|amounts\s+to)\b", re.IGNORECASE)
_OF_PHRASE = r"(?:\w+\s+of\s+)?$"  # "from a peak of", "to an average of"
_FROM = re.compile(rf"\b(?:up\s+|down\s+)?from\s+{_ARTICLE}?{_OF_PHRASE}", re.IGNORECASE)
_TO = re.compile(rf"\bto\s+{_ARTICLE}?{_OF_PHRASE}", re.IGNORECASE)
_UP_FROM = re.compile(rf"\b(up|down)\s+from\s+{_ARTICLE}?{_OF_PHRASE}", re.IGNORECASE)
_RISE_BEFORE = re.compile(
    r"\b(?P<w>up|down|rose|risen|rises|rising|rise|fell|fallen|falls|falling|increased|increases|"
    r"decreased|decreases|dropped|drops|grew|grown|grows|climbed|climbs|gained|gains|declined|declines|"
    r"jumped|jumps|slid|slipped|plunged|surged|soared|shrank|shrunk|(?:an?\s+)?(?:increase|rise|drop|"
    r"fall|decline|gain|jump|reduction|cut|decrease|growth)\s+of)\s+(?:by\s+)?$", re.IGNORECASE)
_RISE_AFTER = re.compile(
    r"^\s*(?P<w>rise|increase|drop|fall|decline|gain|jump|reduction|cut|decrease|growth|higher|lower|"
    r"more|less)\b", re.IGNORECASE)
_DOWN_WORDS = re.compile(r"^(?:down|fell|fallen|falls|falling|decreased|decreases|dropped|drops|"
                         r"declined|declines|slid|slipped|plunged|shrank|shrunk|drop|fall|decline|"
                         r"reduction|cut|decrease|lower|less)\b", re.IGNORECASE)
_TOTAL_BEFORE = re.compile(r"\b(?:a\s+(?:combined\s+)?total\s+of|totall?ing|totall?ed|in\s+total)\s+$",
                           re.IGNORECASE)
_TOTAL_AFTER = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:in\s+total|in\s+all|altogether|combined)\b",
                          re.IGNORECASE)
_PART_OF = re.compile(rf"^\s*of\s+{_ARTICLE}?(?:[\w’'.-]+(?:'s|’s)\s+)?"
                      r"(?:(?:total|overall|estimated|registered)\s+)?$", re.IGNORECASE)


def _fraction(fig: FigureMention) -> bool:
    """A fraction word ("half", "a third"), which compares like a multiplier."""
    return not fig.value.percent and 0 < fig.value.high < 1 and not any(c.isdigit() for c in fig.text)


def _plain(fig: FigureMention) -> bool:
    return not fig.value.multiplier and not _fraction(fig)


def _comparable(a: FigureMention, b: FigureMention) -> bool:
    """Figures of one kind: both shares or both counts, in the same currency."""
    return _plain(a) and _plain(b) and a.value.percent == b.value.percent \
        and a.value.currency == b.value.currency


def _digit_unit(fig: FigureMention) -> float:
    """The place value of the last written digit: "20%" → 1, "650 million" → 1 million, "4.25" → 0.01."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", fig.text)
    p = fig.value.precision
    if m is None or "." in m.group():
        return p
    digits = m.group().replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    return p / 10 ** zeros or p


def _rounded(fig: FigureMention) -> tuple[float, float]:
    """The values a figure allows in arithmetic: its last written digit is rounded ("148.6" is
    148.55–148.65); an approximation or a headline is rounded to its precision ("about 1,500")."""
    if lenient(fig):
        return interval(fig.value, True)
    lo, hi = interval(fig.value, False)
    unit = _digit_unit(fig)
    return lo - unit / 2, hi + unit / 2


def _factor_allowed(m: FigureMention) -> tuple[float, float]:
    """The ratios a written multiplier allows: plain "twice" 5% either way, "nearly" below, "more
    than" above, "about" 25% either way."""
    f = m.value.low
    if m.value.bound == "min":
        return f * 0.97, math.inf
    if m.value.bound == "max":
        return 0.0, f * 1.03
    if re.search(r"\b(nearly|almost|close to|just under|not quite)\b", m.qualifier.lower()):
        return f * 0.75, f * 1.03
    if m.value.approx:
        return f * 0.75, f * 1.25
    return f * 0.95, f * 1.05


def _sentence_figures(ctx: Context, fig: FigureMention, offset: int = 0) -> list[FigureMention]:
    """Figures of ``fig``'s sentence (``offset`` 1: of the next sentence of the same block)."""
    s = fig.sentence
    index = ctx.options.get("figures-by-sentence")
    if index is None:  # built once per document: a scan per figure is quadratic on long drafts
        index = {}
        for f in ctx.document.figures:
            index.setdefault(f.sentence.index, []).append(f)
        ctx.options["figures-by-sentence"] = index
    return [f for f in index.get(s.index + offset, []) if f.sentence.block is s.block]


def _elsewhere(ctx: Context, here: FigureMention, other: FigureMention) -> str:
    """" (line N)" when ``other`` stands on another line than the finding."""
    line = line_of(ctx, other.start)
    return "" if line == line_of(ctx, here.start) else f" (line {line})"


# --- AT202: the relations ----------------------------------------------------------------------

def _ratio(ctx: Context, m: FigureMention, new: FigureMention, old: FigureMention) -> Finding | None:
    """``new`` must be ``m`` times ``old``."""
    ln, hn = _rounded(new)
    lo_, ho = _rounded(old)
    if lo_ <= 0:
        return None
    low, high = (ln / ho if math.isfinite(ho) else 0.0), hn / lo_
    allowed_lo, allowed_hi = _factor_allowed(m)
    if high >= allowed_lo and low <= allowed_hi:
        return None
    actual = new.value.low / old.value.low
    return Finding(
        m.start, m.end,
        f'"{m.display}" does not hold: {new.display}{_elsewhere(ctx, m, new)} is {actual:.2f} times '
        f"{old.display}{_elsewhere(ctx, m, old)}",
        related=((new.start, f'"{quoted(new)}"'), (old.start, f'"{quoted(old)}"')))


def _comparison(ctx: Context, m: FigureMention) -> Finding | None:
    """ "A is twice the B", "double the B", "three times the previous figure", "half the B"."""
    here = _sentence_figures(ctx, m)
    k = here.index(m)
    base = next((b for b in here[k + 1:k + 2] if _BASE_GAP.match(between(m, b))), None)
    previous = _PREVIOUS_FIGURE.match(text_after(m)) is not None
    if base is None and not previous:
        return None
    before = [a for a in here[:k] if _plain(a) and not is_prior(a)]
    if base is not None:
        before = [a for a in before if _comparable(a, base)]
    subject = before[-1] if before else None
    opening = m.sentence.block.text[m.sentence.start:figure_span(m)[0]]
    if subject is None and not here[:k] and _BACK_REFERENCE.match(opening):
        # "That estimate is twice …": the figure of the sentence before
        prev = [f for f in _sentence_figures(ctx, m, -1) if _plain(f) and not is_prior(f)]
        if base is not None:
            prev = [f for f in prev if _comparable(f, base)]
        subject = prev[-1] if prev else None
    if subject is None:
        return None
    if base is None:
        base = _previous_of_unit(ctx, subject)
    return _ratio(ctx, m, subject, base) if base is not None else None


def _previous_of_unit(ctx: Context, fig: FigureMention) -> FigureMention | None:
    """The nearest earlier prose figure of the draft counting the same unit ("the previous figure")."""
    figs = ctx.document.figures
    for f in reversed(figs[:figs.index(fig)]):
        if f.sentence.block.kind.is_prose and _comparable(f, fig) and fig.unit and f.unit \
                and unit_matches(fig.unit, f.unit):
            return f
    return None


def _from_to(ctx: Context, fig: FigureMention) -> tuple[FigureMention, FigureMention] | None:
    """The "from X" and "to Y" figures that go with the relation word ``fig``: the next ones after it
    ("doubled from X to Y", "rose 8% to Y from X"), else the nearest before it ("rose to Y from X,
    an increase of 4%")."""
    here = _sentence_figures(ctx, fig)
    k = here.index(fig)
    for side in (here[k + 1:k + 3], list(reversed(here[max(0, k - 2):k]))):
        side = [f for f in side if _plain(f)]
        src = next((f for f in side if _FROM.search(text_before(f))), None)
        dst = next((f for f in side if f is not src and _TO.search(text_before(f))), None)
        if src is not None and dst is not None:
            if not _comparable(src, dst) or (src.unit and dst.unit and not unit_matches(src.unit, dst.unit)):
                return None
            return src, dst
    return None


def _change(ctx: Context, m: FigureMention) -> Finding | None:
    """ "doubled from X to Y", "tripled to Y from X"."""
    pair = _from_to(ctx, m)
    return _ratio(ctx, m, pair[1], pair[0]) if pair else None


def _percent_change(ctx: Context, p: FigureMention) -> Finding | None:
    """ "up 4% from X to Y", "rose to Y from X, an increase of 4.0%"."""
    found = _RISE_BEFORE.search(text_before(p)) or _RISE_AFTER.match(text_after(p))
    pair = _from_to(ctx, p) if found else None
    if pair is None:
        return None
    src, dst = pair
    word = next(w for w in found.group("w").split() if w.lower() not in {"a", "an"})
    ls, hs = _rounded(src)
    ld, hd = _rounded(dst)
    if ls <= 0 or not all(math.isfinite(x) for x in (hs, ld, hd)):
        return None
    lp, hp = _rounded(p)
    if _DOWN_WORDS.match(word):
        lp, hp = -hp, -lp
    changes = [((ld - hs) / hs * 100, (hd - ls) / ls * 100)]
    if src.value.percent:  # between two shares a change may be counted in points
        changes = [(ld - hs, hd - ls)] if "point" in p.text.lower() else [*changes, (ld - hs, hd - ls)]
    if any(lo <= hp and lp <= hi for lo, hi in changes):
        return None
    actual = (dst.value.low - src.value.low) / src.value.low * 100
    return Finding(
        p.start, p.end,
        f'"{p.display}" does not hold: from {src.display} to {dst.display} is a change of {actual:+.1f}%',
        related=((src.start, f'"{quoted(src)}"'), (dst.start, f'"{quoted(dst)}"')))


def _direction(ctx: Context, x: FigureMention) -> Finding | None:
    """ "Y, up from X" where Y is below X (or "down from X" where Y is above it)."""
    m = _UP_FROM.search(text_before(x))
    if m is None:
        return None
    here = _sentence_figures(ctx, x)
    y = next((f for f in reversed(here[:here.index(x)]) if _comparable(f, x)), None)
    if y is None:
        return None
    lx, hx = _rounded(x)
    ly, hy = _rounded(y)
    up = m.group(1).lower() == "up"
    if (up and hy > lx) or (not up and ly < hx):
        return None
    return Finding(x.start, x.end,
                   f'"{m.group(1).lower()} from {x.display}" does not hold: {y.display} is '
                   f'{"below" if up else "above"} {x.display}',
                   related=((y.start, f'"{quoted(y)}"'),))


def _listed(a: FigureMention, b: FigureMention) -> bool:
    return bool(re.search(r",|\band\b|;|\bplus\b", between(a, b)))


def _parts(figs: list[FigureMention], total: FigureMention, from_end: bool) -> list[FigureMention]:
    """The run of listed figures of the total's kind ("X, Y and Z") at the end (or start) of ``figs``."""
    order = list(reversed(figs)) if from_end else list(figs)
    run: list[FigureMention] = []
    for f in order:
        if not _comparable(f, total) or (f.unit and total.unit and not unit_matches(f.unit, total.unit)):
            break
        if run and not (_listed(f, run[-1]) if from_end else _listed(run[-1], f)):
            break
        run.append(f)
    if from_end:
        run.reverse()
    if len(run) < 2 or not re.search(r"\band\b|\bplus\b", between(run[-2], run[-1])):
        return []
    return run


def _total(ctx: Context, t: FigureMention) -> Finding | None:
    """ "a total of N" against the parts listed beside it (same or next sentence)."""
    if not (_TOTAL_BEFORE.search(text_before(t)) or _TOTAL_AFTER.match(text_after(t))):
        return None
    here = _sentence_figures(ctx, t)
    k = here.index(t)
    parts = _parts(here[:k], t, True) or _parts(here[k + 1:], t, False) \
        or _parts(_sentence_figures(ctx, t, 1), t, False)
    if not parts:
        return None
    lo = sum(_rounded(f)[0] for f in parts)
    hi = sum(_rounded(f)[1] for f in parts)
    lt, ht = _rounded(t)
    if lo <= ht and lt <= hi:
        return None
    total = sum(f.value.low for f in parts)
    return Finding(t.start, t.end,
                   f'"{t.display}" is not the sum of its parts: {" + ".join(f.display for f in parts)} '
                   f"= {fmt(total, t.text)}",
                   related=tuple((f.start, f'part "{quoted(f)}"') for f in parts))


def _part_of_whole(ctx: Context, part: FigureMention) -> Finding | None:
    """ "N of the M …" where N is more than M."""
    here = _sentence_figures(ctx, part)
    k = here.index(part)
    whole = here[k + 1] if k + 1 < len(here) else None
    if whole is None or not _comparable(part, whole) or not _PART_OF.match(between(part, whole)):
        return None
    if _rounded(part)[0] <= _rounded(whole)[1]:
        return None
    return Finding(part.start, part.end,
                   f'"{part.display}" is more than the whole it is part of ({whole.display})',
                   related=((whole.start, f'the whole: "{quoted(whole)}"'),))


@rule("AT202", "broken-relation", "error", "a relation the text asserts does not hold for its figures")
def broken_relation(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Checks the arithmetic a sentence asserts between its figures and flags it when it fails:
    "twice / double / half / three times the B" (against B, or against the previous figure of
    the same unit for "the previous figure"; "That estimate is twice …" compares the figure of
    the sentence before), "doubled / tripled / halved from X to Y", "up / down N% from X to Y"
    and "an increase of N%", "Y, up from X", "a total of N" against the parts listed with it
    ("X, Y and Z", in the same or the next sentence), and a part larger than its whole ("N of
    the M …"). The finding sits on the word or figure that asserts the relation.

    ## Why is this bad?
    A reader can do the sum. When "twice" is really one and a half times, or the parts do not
    add up to the total, one of the figures is wrong, and the story's central comparison with it.

    ## Example
    ```
    Inspectors logged 9,300 late trains in March, twice the 6,100 they logged in February.
    ```

    ## Use instead
    ```
    Inspectors logged 9,300 late trains in March, up from 6,100 in February.
    ```

    ## Decisions
    Written precision counts: every figure may be rounded at its last digit ("148.6", "20%"),
    approximations and headlines at their precision ("about 1,500"). "Twice" and "doubled" then
    allow 5% more, "nearly double" 75–100%, "about double" 25% either way, "more than doubled"
    anything above. Between two percentages a change may be relative or in points; either
    passes. A multiplier with no figure to compare ("nearly double the number last year") says
    nothing checkable and is left alone.
    """
    for fig in ctx.document.figures:
        found = None
        if fig.value.multiplier:
            found = _change(ctx, fig) if _CHANGE_FORM.search(fig.text) else _comparison(ctx, fig)
        elif _fraction(fig):
            found = _comparison(ctx, fig)
        else:
            found = (fig.value.percent and _percent_change(ctx, fig)) or _total(ctx, fig) \
                or _direction(ctx, fig) or _part_of_whole(ctx, fig)
        if found:
            yield found


# --- AT203 / AT204 -----------------------------------------------------------------------------

def _facts_label(ctx: Context) -> str:
    return ctx.facts_path or (ctx.facts.path if ctx.facts is not None else "the fact file")


def _fact_value(fact: Fact) -> str:
    """ "8,300 hectares", "27%", "6.5 million euros", "about 10,000 troops"."""
    value = fmt(fact.low) if not fact.is_range else f"{fmt(fact.low)}–{fmt(fact.high)}"
    value = f"{value}%" if fact.unit.strip() in {"%", "percent", "per cent"} else f"{value} {fact.unit}"
    return f"about {value}" if fact.approx else value


_PAST = re.compile(r"\b(last|previous)\b|\b(earlier|ago|before)$")


def _other_period(ctx: Context, fig: FigureMention) -> bool:
    """The figure is dated to another year than the story's, or to "last year"/"a year earlier"."""
    year = str((ctx.facts.story.get("date") if ctx.facts is not None else "") or "")[:4]
    for t in quantity_of(fig, ctx.lexicon).times:
        if (t.isdigit() and year and t != year) or _PAST.search(t):
            return True
    return False


@rule("AT203", "fact-mismatch", "error", "a figure disagrees with the fact file", needs_facts=True)
def fact_mismatch(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags a figure that states a fact of the fact file with another value: same counted unit,
    and either credited to the fact's source or standing in a sentence that uses one of the
    fact's `about` words.

    ## Why is this bad?
    The fact file is the desk's checked record. A figure that disagrees with it is a typo, a
    transposed digit or an out-of-date number, and it will be printed as the source's claim.

    ## Example
    ```
    The forestry board said the fire had destroyed 8,900 hectares.   # fact file: 8,300
    ```

    ## Use instead
    ```
    The forestry board said the fire had destroyed 8,300 hectares.
    ```

    ## Decisions
    Written precision is respected: "about 600" carries 612, "over 40" carries 45, a range
    matches by overlap, a headline figure may round, and a fact with `approx = true` may be
    rounded to the figure's precision. A fact with `about` words is linked by its source only in
    a sentence that uses one of them, so the source's other figures in the same unit are not
    read as that fact. A figure credited to another named source is that source's own number
    (news, not a mismatch) and is not linked by `about` words. Not compared: earlier-period
    values ("up from 3,100", "a year earlier", another year than the story's), and a figure
    beside another that states the fact correctly (it counts something else).
    """
    fb = ctx.facts
    if fb is None:
        return
    p = parties(ctx)
    credited = [(fig, p.for_figure(fig)) for fig in ctx.document.figures]
    for fig, party in credited:
        if not countable(fig) or is_prior(fig) or is_breakdown(fig) or _other_period(ctx, fig):
            continue
        ref = party.ref if party is not None else None
        q = quantity_of(fig, ctx.lexicon)
        # a share or an amount names its fact close by ("38% of grocery sales"); a count may
        # name it anywhere in the sentence
        context = q.clause if q.weak_unit and q.clause else fig.sentence.text
        facts = linked_facts(fb, fig, ref, party is not None, context)
        if not facts or any(carries(fig, f) for f in facts):
            continue
        # the source's figure for a neighbouring fact in the same unit ("9.8 million" of tax beside
        # a "61.4 million" debt) is not a wrong value of the first one
        sources = {f.source for f in facts}
        if any(carries(fig, f) for f in fb.facts if f.source in sources and unit_matches(f.unit, fig.unit)):
            continue
        fact = facts[0]
        if _stated_elsewhere(fig, party, fact, credited):
            continue
        where = _facts_label(ctx)
        yield Finding(fig.start, fig.end,
                      f'"{quoted(fig)}" — {where} ({fact.id}) has {_fact_value(fact)}, '
                      f"from {fb.display_name(fact.source)}",
                      suggestion=f"use {_fact_value(fact)} ({where}, fact {fact.id}), or correct the fact "
                                 "file",
                      fact=fact.id)


def _stated_elsewhere(fig: FigureMention, party: Party | None, fact: Fact,
                      credited: list[tuple[FigureMention, Party | None]]) -> bool:
    """Another figure of the sentence — or of the same source, when only the source links them —
    already states the fact: this one counts something else."""
    weak_link = not about_in(fact, fig.sentence.text)
    for other, other_party in credited:
        if other is fig or not unit_matches(fact.unit, other.unit) or not carries(other, fact):
            continue
        if other.sentence is fig.sentence:
            return True
        if weak_link and party is not None and other_party is not None and other_party.key == party.key:
            return True
    return False


def _distinctive(fact: Fact) -> bool:
    """A value written with three or more significant digits (1,840; 61.4 million) is unlikely
    to recur by chance; a round or small one (14; 4.2 million) may."""
    if fact.is_range:
        return False
    digits = f"{fact.low:.6g}".replace(".", "").replace("-", "").split("e")[0].strip("0")
    return len(digits) >= 3


def _states(fig: FigureMention, fact: Fact) -> bool:
    """The figure gives the fact's value itself, not just a bound the value satisfies."""
    return value_carries(replace(written_value(fig), bound=None), fact)


@rule("AT204", "misattributed-figure", "error", "a fact's figure credited to the wrong source",
      needs_facts=True)
def misattributed_figure(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags a figure that states a fact of the fact file (its value and unit) but that the draft
    credits to a source other than the fact's ("the navy said 53 sailors were unaccounted for"
    when 53 is the shipowner's count).

    ## Why is this bad?
    Putting one party's number in another's mouth misinforms readers about who claims what, and
    the party now credited may deny ever saying it.

    ## Example
    ```
    The transport ministry said 2,750 drivers had quit since May.   # the drivers' union's figure
    ```

    ## Use instead
    ```
    The drivers' union said 2,750 drivers had quit since May.
    ```

    ## Decisions
    Only figures credited to a source the fact file knows are checked (an unknown name may be
    the fact's source under another title), and only when they give the fact's value itself ("as
    many as 12,000" gives 12,000; "more than 30" gives no value). A fact with `about` words must
    have one of them in the sentence, unless its value has three or more significant digits
    (1,840 does not recur by chance; 14 may). Silent when the sentence also names the fact's
    own source, or when the draft credits that source with the same figure elsewhere (both then
    give it). Headlines and other non-prose blocks are not checked.
    """
    fb = ctx.facts
    if fb is None:
        return
    p = parties(ctx)
    credited = [(fig, party) for fig in ctx.document.figures if (party := p.for_figure(fig)) is not None]
    for fig, party in credited:
        if not fig.sentence.block.kind.is_prose or not party.known or not countable(fig) or is_prior(fig):
            continue
        matches = [f for f in facts_for_value(fb, fig) if _states(fig, f)]
        if not matches or any(f.source == party.ref for f in matches):
            continue
        for fact in matches:
            if (fact.about and not about_in(fact, fig.sentence.text) and not _distinctive(fact)) \
                    or names_in(fb, fact.source, fig.sentence.text) \
                    or any(other is not fig and o.ref == fact.source and unit_matches(fact.unit, other.unit)
                           and carries(other, fact) for other, o in credited):
                continue
            name, where = fb.display_name(fact.source), _facts_label(ctx)
            yield Finding(fig.start, fig.end,
                          f'"{quoted(fig)}" is credited to {_name(party)}, but {where} ({fact.id}) has '
                          f"{_fact_value(fact)} from {name}",
                          suggestion=f"credit {name} ({where}, fact {fact.id})", fact=fact.id)
            break
