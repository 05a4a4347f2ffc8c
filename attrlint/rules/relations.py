"""AT202: a relation the text asserts between its figures that does not hold (policy §3):
"twice the B", "doubled from X to Y", "up 8% from X to Y", "a total of N", a part above its whole.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from attrlint.analysis.quantities import (
    between,
    figure_span,
    interval,
    is_prior,
    quoted,
    text_after,
    text_before,
)
from attrlint.facts import DEFAULT_TOLERANCE, unit_matches
from attrlint.lexicon import Lexicon, alternation
from attrlint.model import FigureMention
from attrlint.rules.numbers import fmt, line_of
from attrlint.rules.registry import Context, Finding, rule

# --- AT202: what a relation looks like -----------------------------------------------------------

@dataclass(frozen=True)
class _Words:
    """The regexes of AT202, built from ``rules/quantities.toml`` once per lexicon."""

    change_form: re.Pattern[str]  # "doubled from X to Y" describes a change, "twice the X" compares
    base_gap: re.Pattern[str]  # "twice the 2,600", "three times as many as the 40", "half that of the 300"
    previous_figure: re.Pattern[str]  # "twice the previous estimate"
    named_report: re.Pattern[str]  # "twice the figure Seoul officials gave on Friday"
    back_reference: re.Pattern[str]  # "That estimate is twice …", "The new count is …"
    from_: re.Pattern[str]  # "from a peak of"
    to: re.Pattern[str]  # "to an average of"
    up_from: re.Pattern[str]  # "Y, up from X"
    rise_before: re.Pattern[str]  # "rose 8%", "an increase of 8%"
    rise_after: re.Pattern[str]  # "8% higher"
    down: re.Pattern[str]  # the change word says the figure went down
    below: re.Pattern[str]  # "nearly double": at or below the multiplier
    total_before: re.Pattern[str]  # "a total of 90"
    total_after: re.Pattern[str]  # "90 in all"
    part_of: re.Pattern[str]  # "12 of the 40"
    listed: re.Pattern[str]  # "X, Y and Z"
    last_listed: re.Pattern[str]  # "… and Z"


def _words(lex: Lexicon) -> _Words:
    def alt(*names: str) -> str:
        return alternation(frozenset().union(*(lex[n] for n in names)))

    article = rf"(?:(?:{alt('relation-determiners')})\s+)"
    of_phrase = r"(?:\w+\s+of\s+)?$"  # "from a peak of", "to an average of"
    report = rf"(?:(?:{alt('same-amount-links')})\s+)?(?:{alt('report-determiners')})\s+"
    change = rf"(?:an?\s+)?(?:{alt('change-nouns')})\s+of"
    i = re.IGNORECASE
    return _Words(
        change_form=re.compile(rf"(?:{alt('change-multipliers')})$", i),
        base_gap=re.compile(rf"^\s*(?:(?:{alt('comparison-links')})\s+)?{article}?"
                            rf"(?:(?:{alt('previous-words', 'base-adjectives')})\s+)?$", i),
        previous_figure=re.compile(rf"^\s*{report}(?:{alt('previous-words')})\s+"
                                   rf"(?:{alt('report-nouns', 'previous-report-nouns')})s?\b", i),
        named_report=re.compile(rf"^\s*{report}(?:(?:{alt('previous-words')})\s+)?"
                                rf"(?:{alt('report-nouns')})s?\s+(?P<rest>[^.;:!?]{{1,80}})", i),
        back_reference=re.compile(
            rf"^\W*(?:(?:{alt('definite-determiners')})\s+(?:(?:{alt('revision-adjectives')})\s+)?"
            rf"(?:{alt('report-nouns', 'back-reference-nouns')})s?|{alt('back-reference-pronouns')})"
            # "That estimate, which is twice …", "That estimate that is twice …"
            rf"(?:\s*,?\s*(?:{alt('back-reference-relatives')}))?"
            rf"\s+(?:{alt('equating-verbs')})\b", i),
        from_=re.compile(rf"\b(?:up\s+|down\s+)?from\s+{article}?{of_phrase}", i),
        to=re.compile(rf"\bto\s+{article}?{of_phrase}", i),
        up_from=re.compile(rf"\b(up|down)\s+from\s+{article}?{of_phrase}", i),
        rise_before=re.compile(rf"\b(?P<w>{alt('change-verbs')}|{change})\s+(?:by\s+)?$", i),
        rise_after=re.compile(rf"^\s*(?P<w>{alt('change-nouns', 'change-comparatives')})\b", i),
        down=re.compile(rf"^(?:{alt('fall-words')})\b", i),
        # single spaces only: the qualifier is compared as the draft wrote it
        below=re.compile(rf"\b({alternation(lex['below-approximations'], ' ')})\b"),
        total_before=re.compile(rf"\b(?:{alt('total-before')})\s+$", i),
        total_after=re.compile(rf"^\s*(?:[\w-]+\s+){{0,3}}?(?:{alt('total-after')})\b", i),
        part_of=re.compile(rf"^\s*of\s+{article}?(?:[\w’'.-]+(?:'s|’s)\s+)?"
                           rf"(?:(?:{alt('whole-adjectives')})\s+)?$", i),
        listed=re.compile(rf",|;|\b(?:{alt('list-conjunctions')})\b"),
        last_listed=re.compile(rf"\b(?:{alt('list-conjunctions')})\b"),
    )


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


def _rounded(ctx: Context, fig: FigureMention) -> tuple[float, float]:
    """The values a figure allows in arithmetic: its last written digit is rounded ("148.6" is
    148.55–148.65), but a round number by at most 5% ("3,000" is 2,850–3,150, not 2,500–3,500);
    an approximation in prose carries the fact file's approximation tolerance (10% unless the
    fact file says otherwise: "some 2,000" is 1,800–2,200); a headline is rounded to its
    precision."""
    if not fig.sentence.block.kind.is_prose:
        return interval(fig.value, True)
    lo, hi = interval(fig.value, False)
    if fig.value.approx:
        tol = ctx.facts.tolerance if ctx.facts is not None else DEFAULT_TOLERANCE
        return lo - abs(lo) * tol if math.isfinite(lo) else lo, hi + abs(hi) * tol if math.isfinite(hi) else hi
    unit = min(_digit_unit(fig), abs(fig.value.low) / 10) or _digit_unit(fig)
    return lo - unit / 2, hi + unit / 2


def _factor_allowed(m: FigureMention, words: _Words) -> tuple[float, float]:
    """The ratios a written multiplier allows: plain "twice" 5% either way, "nearly" below, "more
    than" above, "about" 25% either way."""
    f = m.value.low
    if m.value.bound == "min":
        return f * 0.97, math.inf
    if m.value.bound == "max":
        return 0.0, f * 1.03
    if words.below.search(m.qualifier.lower()):
        return f * 0.75, f * 1.03
    if m.value.approx:
        return f * 0.75, f * 1.25
    return f * 0.95, f * 1.05


def _figures_by_sentence(ctx: Context) -> dict[int, list[FigureMention]]:
    index: dict[int, list[FigureMention]] = {}
    for f in ctx.document.figures:
        index.setdefault(f.sentence.index, []).append(f)
    return index


def _sentence_figures(ctx: Context, fig: FigureMention, offset: int = 0) -> list[FigureMention]:
    """Figures of ``fig``'s sentence (``offset`` 1: of the next sentence of the same block)."""
    s = fig.sentence
    # built once per draft: a scan per figure is quadratic on long drafts
    figs = ctx.derive(_figures_by_sentence).get(s.index + offset, [])
    # a sentence's own figures are all in its block; a neighbour may be in the next block
    return figs if offset == 0 else [f for f in figs if f.sentence.block is s.block]


def _position(ctx: Context, fig: FigureMention) -> int:
    """Where ``fig`` stands among its sentence's figures (by identity: comparing figures field by
    field for each of a long list's thousands of figures is quadratic)."""
    return ctx.derive(_positions_in_sentence)[id(fig)]


def _positions_in_sentence(ctx: Context) -> dict[int, int]:
    return {id(f): k for figs in ctx.derive(_figures_by_sentence).values() for k, f in enumerate(figs)}


def _elsewhere(ctx: Context, here: FigureMention, other: FigureMention) -> str:
    """" (line N)" when ``other`` stands on another line than the finding."""
    line = line_of(ctx, other.start)
    return "" if line == line_of(ctx, here.start) else f" (line {line})"


# --- AT202: the relations ----------------------------------------------------------------------

def _ratio(ctx: Context, m: FigureMention, new: FigureMention, old: FigureMention) -> Finding | None:
    """``new`` must be ``m`` times ``old``."""
    ln, hn = _rounded(ctx, new)
    lo_, ho = _rounded(ctx, old)
    if lo_ <= 0:
        return None
    low, high = (ln / ho if math.isfinite(ho) else 0.0), hn / lo_
    allowed_lo, allowed_hi = _factor_allowed(m, ctx.lexicon.derive(_words))
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
    k = _position(ctx, m)
    words = ctx.lexicon.derive(_words)
    base = next((b for b in here[k + 1:k + 2] if words.base_gap.match(between(m, b))), None)
    previous = words.previous_figure.match(text_after(m)) is not None
    named = words.named_report.match(text_after(m))
    if base is None and not (previous or named):
        return None
    before = [a for a in here[:k] if _plain(a) and not is_prior(a, ctx.lexicon)]
    if base is not None:
        before = [a for a in before if _comparable(a, base)]
    subject = before[-1] if before else None
    opening = m.sentence.block.text[m.sentence.start:figure_span(m)[0]]
    if subject is None and not here[:k] and words.back_reference.match(opening):
        # "That estimate is twice …": the figure of the sentence before
        prev = [f for f in _sentence_figures(ctx, m, -1) if _plain(f) and not is_prior(f, ctx.lexicon)]
        if base is not None:
            prev = [f for f in prev if _comparable(f, base)]
        subject = prev[-1] if prev else None
    if subject is None:
        return None
    # the report the words name ("cited by Seoul officials") before the nearest earlier count
    if base is None and named:
        base = _named_report(ctx, m, subject, named.group("rest"))
    if base is None and previous:
        base = _previous_of_unit(ctx, subject)
    return _ratio(ctx, m, subject, base) if base is not None else None


def _named_report(ctx: Context, m: FigureMention, subject: FigureMention, words: str) -> FigureMention | None:
    """The one figure of the draft that the comparison's own words point at: credited to another
    source than ``subject`` whose name shares a capitalised word with ``words`` ("the figure Seoul
    officials gave" → "Seoul's National Intelligence Service"), or stated in a sentence that names
    the same day ("… gave on Friday" → "said on Friday …"). In wire copy the earlier report often
    comes later in the text, so the whole draft is searched; two candidates say nothing checkable."""
    articles = {a.capitalize() for a in ctx.lexicon["articles"]}
    names = {w for w in re.findall(r"\b[A-Z][\w’'-]*", words)} - articles
    names = {re.sub(r"[’']s$", "", w) for w in names}
    days = {w.lower() for w in re.findall(r"[A-Za-z]+", words)} & set(ctx.lexicon["weekdays"])
    if not (names or days):
        return None
    own = subject.attribution.source if subject.attribution else None
    found = []
    for f in ctx.document.figures:
        if f is subject or f.sentence is m.sentence or f.attribution is None or f.attribution.source == own \
                or not _comparable(f, subject) or not f.sentence.block.kind.is_prose:
            continue
        source_words = {re.sub(r"[’']s$", "", w) for w in f.attribution.source.split()}
        said_on = {w.lower() for w in re.findall(r"[A-Za-z]+", f.sentence.text)} & days
        if names & source_words or said_on:
            found.append(f)
    return found[0] if len({f.value.low for f in found}) == 1 else None


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
    k = _position(ctx, fig)
    words = ctx.lexicon.derive(_words)
    for side in (here[k + 1:k + 3], list(reversed(here[max(0, k - 2):k]))):
        side = [f for f in side if _plain(f)]
        src = next((f for f in side if words.from_.search(text_before(f))), None)
        dst = next((f for f in side if f is not src and words.to.search(text_before(f))), None)
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
    words = ctx.lexicon.derive(_words)
    found = words.rise_before.search(text_before(p)) or words.rise_after.match(text_after(p))
    pair = _from_to(ctx, p) if found else None
    if pair is None:
        return None
    src, dst = pair
    word = next(w for w in found.group("w").split() if w.lower() not in ctx.lexicon["indefinite-articles"])
    ls, hs = _rounded(ctx, src)
    ld, hd = _rounded(ctx, dst)
    if ls <= 0 or not all(math.isfinite(x) for x in (hs, ld, hd)):
        return None
    lp, hp = _rounded(ctx, p)
    if words.down.match(word):
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
    m = ctx.lexicon.derive(_words).up_from.search(text_before(x))
    if m is None:
        return None
    here = _sentence_figures(ctx, x)
    y = next((f for f in reversed(here[:_position(ctx, x)]) if _comparable(f, x)), None)
    if y is None:
        return None
    lx, hx = _rounded(ctx, x)
    ly, hy = _rounded(ctx, y)
    up = m.group(1).lower() == "up"
    if (up and hy > lx) or (not up and ly < hx):
        return None
    return Finding(x.start, x.end,
                   f'"{m.group(1).lower()} from {x.display}" does not hold: {y.display} is '
                   f'{"below" if up else "above"} {x.display}',
                   related=((y.start, f'"{quoted(y)}"'),))


def _listed(a: FigureMention, b: FigureMention, words: _Words) -> bool:
    return bool(words.listed.search(between(a, b)))


def _parts(figs: list[FigureMention], total: FigureMention, from_end: bool, words: _Words) -> list[FigureMention]:
    """The run of listed figures of the total's kind ("X, Y and Z") at the end (or start) of ``figs``."""
    order = list(reversed(figs)) if from_end else list(figs)
    run: list[FigureMention] = []
    for f in order:
        if not _comparable(f, total) or (f.unit and total.unit and not unit_matches(f.unit, total.unit)):
            break
        if run and not (_listed(f, run[-1], words) if from_end else _listed(run[-1], f, words)):
            break
        run.append(f)
    if from_end:
        run.reverse()
    if len(run) < 2 or not words.last_listed.search(between(run[-2], run[-1])):
        return []
    return run


def _total(ctx: Context, t: FigureMention) -> Finding | None:
    """ "a total of N" against the parts listed beside it (same or next sentence)."""
    words = ctx.lexicon.derive(_words)
    if not (words.total_before.search(text_before(t)) or words.total_after.match(text_after(t))):
        return None
    here = _sentence_figures(ctx, t)
    k = _position(ctx, t)
    parts = _parts(here[:k], t, True, words) or _parts(here[k + 1:], t, False, words) \
        or _parts(_sentence_figures(ctx, t, 1), t, False, words)
    if not parts:
        return None
    lo = sum(_rounded(ctx, f)[0] for f in parts)
    hi = sum(_rounded(ctx, f)[1] for f in parts)
    lt, ht = _rounded(ctx, t)
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
    k = _position(ctx, part)
    whole = here[k + 1] if k + 1 < len(here) else None
    part_of = ctx.lexicon.derive(_words).part_of
    if whole is None or not _comparable(part, whole) or not part_of.match(between(part, whole)):
        return None
    if _rounded(ctx, part)[0] <= _rounded(ctx, whole)[1]:
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
    the sentence before; "twice the figure the agency gave on Friday" compares the one figure
    of the draft, before or after, that the named source or day points to), "doubled /
    tripled / halved from X to Y", "up / down N% from X to Y"
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
    Written precision counts: every figure may be rounded at its last digit ("148.6", "20%"), a
    round number by at most 5% ("3,000" is 2,850–3,150); an approximation carries 10% either way
    ("some 2,000" is 1,800–2,200; the fact file's `approx-tolerance` when there is one), and a
    headline its written precision. When a named report's source or day fits two figures of
    different values, nothing is compared. "Twice" and "doubled" then
    allow 5% more, "nearly double" 75–100%, "about double" 25% either way, "more than doubled"
    anything above. Between two percentages a change may be relative or in points; either
    passes. A multiplier with no figure to compare ("nearly double the number last year") says
    nothing checkable and is left alone.
    """
    change_form = ctx.lexicon.derive(_words).change_form
    for fig in ctx.document.figures:
        found = None
        if fig.value.multiplier:
            found = _change(ctx, fig) if change_form.search(fig.text) else _comparison(ctx, fig)
        elif _fraction(fig):
            found = _comparison(ctx, fig)
        else:
            found = (fig.value.percent and _percent_change(ctx, fig)) or _total(ctx, fig) \
                or _direction(ctx, fig) or _part_of_whole(ctx, fig)
        if found:
            yield found
