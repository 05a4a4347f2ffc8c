"""AT201–AT204: numbers that disagree — with the same source's earlier figure, with the relation
the text asserts, or with the desk's fact file (policy §3).

Every rule here is tuned for precision: a number error is reported as an error, so each one needs
a strong match (the same party, the same quantity, a relation stated in so many words).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from attrlint.analysis.factmatch import (
    about_in,
    bare_count,
    carries,
    countable,
    facts_for_value,
    linked_facts,
    names_in,
    value_carries,
    written_value,
)
from attrlint.analysis.parties import Parties, Party
from attrlint.analysis.quantities import (
    Quantity,
    is_breakdown,
    is_prior,
    looks_like_slip,
    one_count,
    quantity_of,
    quoted,
    same_quantity,
    text_before,
    transposed,
    values_agree,
)
from attrlint.facts import Fact, unit_key, unit_matches
from attrlint.lexicon import Lexicon, alternation
from attrlint.model import FigureMention
from attrlint.rules.registry import Context, Finding, rule

# --- shared ------------------------------------------------------------------------------------

def _parties(ctx: Context) -> Parties:
    return Parties(ctx.document, ctx.facts, ctx.lexicon)


def parties(ctx: Context) -> Parties:
    """The draft's parties, built once per draft and shared by the four rules."""
    return ctx.derive(_parties)


def line_of(ctx: Context, offset: int) -> int:
    return ctx.document.position(offset)[0]


_SCALES = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))


def fmt(x: float, scale_like: str = "") -> str:
    """1500.0 → "1,500"; 4.25 → "4.25"; with ``scale_like`` "650 million", 697e6 → "697 million"."""
    for word, scale in _SCALES:
        round_in_scale = abs(x) >= scale and (x / scale * 100).is_integer()
        if word in scale_like.lower() or (not scale_like and round_in_scale):
            return f"{fmt(x / scale)} {word}"
    if isinstance(x, int):
        return f"{x:,}"
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.4f}".rstrip("0").rstrip(".")


def _name(party: Party, lex: Lexicon) -> str:
    """A source as written, lower-cased mid-sentence when it opens with an article."""
    label = party.name.strip()
    first, _, rest = label.partition(" ")
    opens = first.lower() in lex["articles"] and first == first.capitalize()
    return f"{first.lower()} {rest}" if opens and rest else label


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
    A figure one speaker cites as another body's count is that body's figure ("the mayor said the
    agency's tally of 57 closures", "the 381 claims the insurer has logged", "the 71 boats the
    coastguard counted"): it is compared with what that body said earlier, whoever speaks, and
    flagged when the two values are near (within a quarter) or the same digits transposed
    (318 / 381), the commonest copy-desk slip. The owning words are `count-verbs` and
    `count-nouns` in `rules/parties.toml`.
    Otherwise two figures are compared only when they come from the same source (by the fact file's
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
    by_party: dict[str, list[tuple[FigureMention, Quantity]]] = {}
    for fig in ctx.document.figures:
        owner = p.owner(fig)
        party = owner or p.for_figure(fig)
        if party is None or fig.value.multiplier or not (fig.unit or fig.value.percent):
            continue
        q = quantity_of(fig, ctx.lexicon)
        bucket = seen.setdefault((party.key, unit_key(fig.unit or "%")), [])
        mine = by_party.setdefault(party.key, [])
        # Figures of one paragraph are read together: the second qualifies the first ("3.2 million
        # voted. It said 120,000 voted by post."), so only other paragraphs are compared.
        # Only the latest statement counts: a third mention that repeats the second is not news.
        here = fig.sentence.block.paragraph
        # The search looks back over at most LOOKBACK figures: a draft of 50,000 figures from one
        # source would otherwise compare every pair.
        a = next((a for a, qa in reversed(bucket[-LOOKBACK:])
                  if a.sentence.block.paragraph != here and same_quantity(qa, q)), None)
        if a is None and owner is not None:
            # a body's count cited by another speaker: one count when the values are near or
            # transposed, the copy desk's commonest slip
            a = next((a for a, qa in reversed(mine[-LOOKBACK:]) if a.sentence.block.paragraph != here
                      and one_count(qa, q) and looks_like_slip(a.value.low, fig.value.low)), None)
        bucket.append((fig, q))
        mine.append((fig, q))
        if a is None or values_agree(a, fig):
            continue
        slip = " (the digits look transposed)" if transposed(a.value.low, fig.value.low) else ""
        yield Finding(fig.start, fig.end,
                      f'"{quoted(fig)}" — {_name(party, ctx.lexicon)} gave {a.display} for the same quantity on line '
                      f"{line_of(ctx, a.start)}{slip}: use one figure, or say it was revised",
                      related=((a.start, f'the earlier figure from {_name(party, ctx.lexicon)}: "{quoted(a)}"'),))


# --- AT203 / AT204 -----------------------------------------------------------------------------

def _facts_label(ctx: Context) -> str:
    return ctx.facts_path or (ctx.facts.path if ctx.facts is not None else "the fact file")


def _fact_value(fact: Fact, lex: Lexicon) -> str:
    """ "8,300 hectares", "27%", "6.5 million euros", "about 10,000 troops"."""
    value = fmt(fact.low) if not fact.is_range else f"{fmt(fact.low)}–{fmt(fact.high)}"
    value = f"{value}%" if fact.unit.strip() in lex["percent-units"] else f"{value} {fact.unit}"
    return f"about {value}" if fact.approx else value


def _period_words(lex: Lexicon) -> tuple[re.Pattern[str], str]:
    """A time marker of an earlier period ("last year", "a year earlier"), and the words before a
    year that make it a deadline ("by the end of 2028", "until 2030"), not the period the figure
    measures."""
    past = re.compile(rf"\b(?:{alternation(lex['past-period-words'])})\b"
                      rf"|\b(?:{alternation(lex['period-back-words'])})$")
    deadline = rf"\b(?:{alternation(lex['deadline-words'])})\s+" \
        rf"(?:the\s+(?:{alternation(lex['period-points'])})\s+of\s+)?(?:\w+\s+)?"
    return past, deadline


def _other_period(ctx: Context, fig: FigureMention) -> bool:
    """The figure is dated to an earlier year than the story's, or to "last year"/"a year
    earlier". A later year or a deadline ("by the end of 2028") is not the figure's period."""
    year = str((ctx.facts.story.get("date") if ctx.facts is not None else "") or "")[:4]
    text = fig.sentence.text
    past, deadline = ctx.lexicon.derive(_period_words)
    for t in quantity_of(fig, ctx.lexicon).times:
        if past.search(t):
            return True
        if not (t.isdigit() and year and t != year) or t > year:
            continue
        if not re.search(rf"{deadline}{t}\b", text, re.IGNORECASE):
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
    An approximation ("about", "some", "roughly" …), a headline figure, or any figure against a
    fact with `approx = true`, carries a value within 10% of the fact's (`approx-tolerance` in
    the fact file's `[story]` changes that): "about 600" carries 612, "some 2,000" does not carry
    1,500. "nearly", "almost", "close to" and "just under" also need the fact at or below the
    figure, "just over" at or above it (`below-approximations`, `above-approximations` in
    `rules/numbers.toml`). "over 40" carries 45, and a range matches by overlap. A figure with no
    counted noun, given as the value of a count ("put the number of dead at 58"), is linked
    through the fact's `about` words. A fact with `about` words is linked by its source only in
    a sentence that uses one of them, so the source's other figures in the same unit are not
    read as that fact. A figure credited to another named source is that source's own number
    (news, not a mismatch) and is not linked by `about` words. Not compared: earlier-period
    values ("up from 3,100", "a year earlier", an earlier year than the story's `date`; a later
    year or a deadline such as "by the end of 2028" does not count), and a figure beside another
    that states the fact correctly (it counts something else).
    """
    fb = ctx.facts
    if fb is None:
        return
    p = parties(ctx)
    credited = [(fig, p.for_figure(fig)) for fig in ctx.document.figures]
    tol = fb.tolerance
    for fig, party in credited:
        bare = bare_count(fig, text_before(fig, 200), ctx.lexicon)
        if not (countable(fig) or bare) or is_prior(fig, ctx.lexicon) or is_breakdown(fig, ctx.lexicon) \
                or _other_period(ctx, fig):
            continue
        ref = party.ref if party is not None else None
        q = quantity_of(fig, ctx.lexicon)
        # a share or an amount names its fact close by ("38% of grocery sales"); a count may
        # name it anywhere in the sentence
        context = q.clause if q.weak_unit and q.clause else fig.sentence.text
        facts = linked_facts(fb, fig, ref, party is not None, context)
        if not facts or any(carries(fig, f, tol) for f in facts):
            continue
        # the source's figure for a neighbouring fact in the same unit ("9.8 million" of tax beside
        # a "61.4 million" debt) is not a wrong value of the first one
        sources = {f.source for f in facts}
        unit = fig.unit or facts[0].unit
        if any(carries(fig, f, tol) for f in fb.facts_with_unit(unit) if f.source in sources):
            continue
        fact = facts[0]
        if _stated_elsewhere(fig, party, fact, credited, tol):
            continue
        where = _facts_label(ctx)
        yield Finding(fig.start, fig.end,
                      f'"{quoted(fig)}" — {where} ({fact.id}) has {_fact_value(fact, ctx.lexicon)}, '
                      f"from {fb.display_name(fact.source)}",
                      suggestion=f"use {_fact_value(fact, ctx.lexicon)} ({where}, fact {fact.id}), or correct the fact "
                                 "file",
                      fact=fact.id)


def _stated_elsewhere(fig: FigureMention, party: Party | None, fact: Fact,
                      credited: list[tuple[FigureMention, Party | None]], tol: float) -> bool:
    """Another figure of the sentence — or of the same source, when only the source links them —
    already states the fact: this one counts something else."""
    weak_link = not about_in(fact, fig.sentence.text)
    for other, other_party in credited:
        if other is fig or not unit_matches(fact.unit, other.unit) or not carries(other, fact, tol):
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


def _states(fig: FigureMention, fact: Fact, tol: float) -> bool:
    """The figure gives the fact's value itself, not just a bound the value satisfies."""
    return value_carries(replace(written_value(fig), bound=None), fact, fig.qualifier, tol)


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
    A figure credited to a name the fact file does not list is flagged too: the file lists every
    name the fact's source goes by, so the message says to credit that source, or to add the name
    to its aliases if it is the same source under another title. Figures are checked only when
    they give the fact's value itself ("as
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
    tol = fb.tolerance
    for fig, party in credited:
        # a free-text ref is another figure's own source on record; a name the file does not
        # know at all may be the fact's source under another title
        if not fig.sentence.block.kind.is_prose or (party.ref is not None and not party.known) \
                or (party.ref is None and not _proper_name(party.name, ctx.lexicon)) or not countable(fig) \
                or is_prior(fig, ctx.lexicon):
            continue
        matches = [f for f in facts_for_value(fb, fig) if _states(fig, f, tol)]
        if not matches or any(f.source == party.ref for f in matches):
            continue
        for fact in matches:
            if (fact.about and not about_in(fact, fig.sentence.text) and not _distinctive(fact)) \
                    or names_in(fb, fact.source, fig.sentence.text) \
                    or any(other is not fig and o.ref == fact.source and unit_matches(fact.unit, other.unit)
                           and carries(other, fact, tol) for other, o in credited):
                continue
            yield _misattributed(ctx, fig, party, fact)
            break


def _proper_name(name: str, lex: Lexicon) -> bool:
    """A source named by a proper name ("Ukraine's military intelligence agency"), not a role
    ("the auditors", "officials"): only a name the fact file could list as an alias."""
    words = name.split()
    if words and words[0].lower() in lex["articles"]:
        words = words[1:]
    if len(words) == 1:  # "Officials", opening a sentence, is a role; "Reuters" is a name
        return words[0][:1].isupper() and not words[0].endswith("s")
    return any(w[:1].isupper() for w in words)


def _misattributed(ctx: Context, fig: FigureMention, party: Party, fact: Fact) -> Finding:
    fb = ctx.facts
    assert fb is not None
    name, where = fb.display_name(fact.source), _facts_label(ctx)
    credited, value = _name(party, ctx.lexicon), _fact_value(fact, ctx.lexicon)
    if party.ref is None:
        return Finding(fig.start, fig.end,
                       f'"{quoted(fig)}" is credited to {credited}, but {where} ({fact.id}) has '
                       f"{value} from {name} and does not list {credited} as a source: "
                       f"credit {name}, or, if that is {name} under another title, add it to the "
                       "source's aliases",
                       suggestion=f"credit {name} ({where}, fact {fact.id}), or add \"{party.name.strip()}\" "
                                  f"to the aliases of source {fact.source}", fact=fact.id)
    return Finding(fig.start, fig.end,
                   f'"{quoted(fig)}" is credited to {credited}, but {where} ({fact.id}) has '
                   f"{value} from {name}",
                   suggestion=f"credit {name} ({where}, fact {fact.id})", fact=fact.id)
