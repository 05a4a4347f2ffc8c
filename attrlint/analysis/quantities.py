"""What a figure counts: the question the number rules (AT201–AT204) ask beside who gives it
(``attrlint.analysis.parties.Parties``).

``quantity_of`` describes what a figure measures, from the parse: its counted noun, the events
around it ("evacuated", "recalled"), the thing a share or amount is of ("prices in Marisca"),
and the time and place that pin it down. ``same_quantity`` says whether two figures measure the
same thing, and it is deliberately strict: two figures from one source that merely share a unit
are usually different quantities (38 ships waiting, 5 of them diverted), and calling them
inconsistent would be a false alarm.

Word lists (light verbs, update words, units that need a subject …) live in
``rules/quantities.toml``.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from attrlint.facts import unit_matches
from attrlint.lexicon import Lexicon, alternation
from attrlint.model import FigureMention, NumberValue

if TYPE_CHECKING:
    from spacy.tokens import Token

_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


@dataclass(frozen=True)
class QuantityPatterns:
    """The regexes built from ``rules/quantities.toml`` (once per lexicon, ``Lexicon.derive``)."""

    prior_before: re.Pattern[str]  # "up from 3,100", "against a peak of 90"
    prior_after: re.Pattern[str]  # "… a year earlier"
    delta_before: re.Pattern[str]  # a change, not a level: "rose by 300", "an increase of 5%"
    breakdown_before: re.Pattern[str]  # "including 31 children"
    breakdown_after: re.Pattern[str]  # "three of them", "600 … alone"
    relative_times: re.Pattern[str]  # "last year", "a month earlier"
    period: re.Pattern[str]  # a time marker that names another period: a year, "last year"


def quantity_patterns(lex: Lexicon) -> QuantityPatterns:
    """The lists of ``rules/quantities.toml`` that read text around a figure, as regexes."""
    def alt(name: str, space: str = r"\s+") -> str:
        return alternation(lex[name], space)

    periods, back = alt("period-nouns"), alt("period-back-words")
    breakdown_after = rf"^\s*(?:(?:{alt('breakdown-after')})\b)|^[^,;.]{{0,60}}\b(?:{alt('breakdown-later')})\b"
    i = re.IGNORECASE
    return QuantityPatterns(
        # a single space as written: "compared\nwith" is not read as a comparison
        prior_before=re.compile(
            rf"\b(?:{alt('prior-markers', ' ')})\s+(?:(?:{alt('level-determiners')})\s+)?"
            rf"(?:(?:{alt('level-nouns')})\s+of\s+)?$", i),
        prior_after=re.compile(rf"^\s*(?:[a-z%-]+\s+){{0,3}}?(?:a|one)\s+(?:{periods})\s+(?:{back})", i),
        delta_before=re.compile(rf"\bby\s+$|\b(?:{alt('change-nouns')})\s+of\s+$|\b(?:up|down)\s+$", i),
        breakdown_before=re.compile(rf"\b(?:{alt('breakdown-before')})\s+$", i),
        breakdown_after=re.compile(breakdown_after, i),
        relative_times=re.compile(
            rf"\b({alt('period-determiners')})\s+({alternation(lex['period-nouns'] | lex['story-period-nouns'])})"
            rf"(\s+({back}))?\b", i),
        period=re.compile(rf"^\d{{4}}$|\b({alternation(lex['past-period-words'] | lex['next-period-words'])})\b"
                          rf"|\b({back})$"),
    )


# --- tokens of a figure ------------------------------------------------------------------------

def figure_tokens(fig: FigureMention) -> list[Token]:
    """The spaCy tokens of the figure itself (empty when its block was not parsed)."""
    span = fig.sentence.doc_span
    if span is None:
        return []
    block = fig.sentence.block
    doc = span.doc
    # Source offsets grow with token order: a binary search over them, mapped once per parse,
    # finds the figure's first token, so a sentence of thousands of figures costs no scan per figure.
    key = ("attrlint.token_sources", id(block))
    starts = doc.user_data.get(key)
    if starts is None:
        starts = doc.user_data[key] = [block.to_source(t.idx) for t in doc]
    first = bisect.bisect_left(starts, fig.start, span.start, span.end)
    last = bisect.bisect_left(starts, fig.end, first, span.end)
    return [doc[k] for k in range(first, last)]


def anchor_token(fig: FigureMention) -> Token | None:
    """The head of the figure's noun phrase: the counted noun ("3,000 troops") or the number."""
    toks = figure_tokens(fig)
    if not toks:
        return None
    inside = {t.i for t in toks}
    # the token of the figure whose head lies outside it (the number, or "%" / "million")
    num = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
    head = num
    for _ in range(4):
        if head.dep_ in {"nummod", "quantmod", "compound", "amod", "nmod"} and head.head.i > head.i \
                and head.head.pos_ in {"NOUN", "PROPN", "NUM", "SYM"}:
            head = head.head
            if head.pos_ in {"NOUN", "PROPN"}:
                break
        else:
            break
    return head


def quoted(fig: FigureMention) -> str:
    """The figure with its qualifier and counted noun as written: "some 1,500 special forces"."""
    toks = figure_tokens(fig)
    anchor = anchor_token(fig)
    if not toks or anchor is None or anchor.i <= toks[-1].i or anchor.i - toks[-1].i > 4 \
            or anchor.pos_ not in {"NOUN", "PROPN"}:
        return fig.display
    text = fig.sentence.block.text
    tail = text[toks[-1].idx + len(toks[-1].text):anchor.idx + len(anchor.text)]
    return " ".join(f"{fig.display}{tail}".split())


def figure_span(fig: FigureMention) -> tuple[int, int]:
    """Block-text offsets of the figure itself (its qualifier excluded)."""
    toks = figure_tokens(fig)
    if toks:
        return toks[0].idx, toks[-1].idx + len(toks[-1].text)
    text, s = fig.sentence.block.text, fig.sentence
    k = text.find(fig.text, s.start, s.end)
    return (k, k + len(fig.text)) if k >= 0 else (s.start, s.start)


def _qualified_start(fig: FigureMention) -> int:
    """Where the figure starts with its qualifier ("more than 30" starts at "more")."""
    start, _ = figure_span(fig)
    q = fig.qualifier
    if not q:
        return start
    # compared in place: copying the block's text up to each figure is quadratic in a long block
    text, end = fig.sentence.block.text, start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end >= len(q) and text[end - len(q):end].lower() == q.lower():
        return end - len(q)
    return start


def text_before(fig: FigureMention, n: int = 60) -> str:
    """Text of the figure's sentence just before it (and before its qualifier)."""
    start = _qualified_start(fig)
    return fig.sentence.block.text[max(fig.sentence.start, start - n):start]


def text_after(fig: FigureMention, n: int = 60) -> str:
    """Text of the figure's sentence just after it."""
    _, end = figure_span(fig)
    return fig.sentence.block.text[end:min(fig.sentence.end, end + n)]


def between(a: FigureMention, b: FigureMention) -> str:
    """Text from the end of ``a`` to the start of ``b`` (b's qualifier excluded); same block."""
    _, end = figure_span(a)
    return a.sentence.block.text[end:max(end, _qualified_start(b))]


def is_prior(fig: FigureMention, lex: Lexicon) -> bool:
    """The figure is the earlier or compared value of a change ("up from 3,100", "… a year earlier")."""
    p = lex.derive(quantity_patterns)
    return bool(p.prior_before.search(text_before(fig)) or p.prior_after.match(text_after(fig)))


def is_breakdown(fig: FigureMention, lex: Lexicon) -> bool:
    """The figure is a share of a larger count: "including 31 children", "three of them", "600 … alone"."""
    p = lex.derive(quantity_patterns)
    return bool(p.breakdown_before.search(text_before(fig)) or p.breakdown_after.match(text_after(fig)))


# --- what a figure measures --------------------------------------------------------------------

@dataclass(frozen=True)
class Quantity:
    """What a figure measures, as far as the parse tells."""

    unit: str
    weak_unit: bool
    events: frozenset[str]
    topic: tuple[str, frozenset[str]] | None  # head lemma and modifier words of the measured thing
    times: frozenset[str]
    places: frozenset[str]
    set_words: frozenset[str]
    update: bool
    prior: bool
    # lower-case adjectives on the counted noun ("young voters", "rural schools"): a subgroup
    modifiers: frozenset[str] = frozenset()
    # nouns of the prepositional phrases that place the event ("from nine villages", "at its plant")
    frame: frozenset[str] = frozenset()
    # a change rather than a level: "rose by 300", "a cut of 5%"
    delta: bool = False
    # a part of a set named before: "300 of the homes", "three of them"
    breakdown: bool = False
    # the words of the figure's own clause, lower case
    clause: str = ""
    # how: "voted by post", "travelled by train" (a subset of all who voted or travelled)
    manner: frozenset[str] = frozenset()
    # the time markers that name another period (a year, "last year"), not a day of the story
    periods: frozenset[str] = frozenset()


_NOMINAL_UP = {"pobj", "prep", "nsubj", "nsubjpass", "dobj", "attr", "appos", "npadvmod", "nmod",
               "compound", "amod", "nummod", "quantmod", "oprd", "dative", "conj", "cc", "advmod",
               "pcomp", "poss"}
_SEPARATE = {"ccomp", "parataxis", "conj", "relcl", "csubj"}


def _governor(anchor: Token) -> tuple[Token | None, list[Token]]:
    """The clause head (verb) the figure's phrase belongs to, and the nouns passed on the way."""
    t = anchor
    nouns: list[Token] = []
    for _ in range(8):
        if t.dep_ not in _NOMINAL_UP or t.head.i == t.i:
            break
        t = t.head
        if t.pos_ in {"VERB", "AUX"}:
            return t, nouns
        if t.pos_ in {"NOUN", "PROPN"}:
            nouns.append(t)
    return (t if t.pos_ in {"VERB", "AUX"} else None), nouns


def _clause_tokens(gov: Token, anchor: Token, separate: frozenset[str] | set[str] = _SEPARATE) -> list[Token]:
    """The governing verb's clause, without separate predications that do not hold the figure.

    Built from the kept children's subtrees, never by cutting from the whole: in a list of a
    thousand conjoined figures each figure's subtree holds all that follow it."""
    on_path = anchor
    while on_path.i != gov.i and on_path.head.i != gov.i and on_path.head.i != on_path.i:
        on_path = on_path.head
    kept = [gov]
    for c in gov.children:
        if c.dep_ not in separate or c.i == on_path.i:
            kept.extend(c.subtree)
    return sorted(kept, key=lambda t: t.i)


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _topic(gov: Token | None, anchor: Token, nouns: list[Token],
           lex: Lexicon) -> tuple[str, frozenset[str]] | None:
    """The thing a share or amount is of: "38% of grocery sales", "prices … rose 4%"."""
    for c in anchor.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [p for p in c.children if p.dep_ == "pobj" and p.pos_ in {"NOUN", "PROPN"}]
            if objs:
                return _phrase(objs[0])
    for n in nouns:
        if n.pos_ == "NOUN" and _lemma(n) not in lex["weak-units"]:
            return _phrase(n)
    if gov is not None:
        subj = [c for c in gov.children if c.dep_ in {"nsubj", "nsubjpass"} and c.i != anchor.i
                and anchor.i not in {t.i for t in c.subtree}]
        if subj and subj[0].pos_ in {"NOUN", "PROPN"}:
            return _phrase(subj[0])
    return None


def _phrase(head: Token) -> tuple[str, frozenset[str]]:
    words = {_lemma(t) for t in head.subtree
             if t.i != head.i and t.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"} and not t.like_num}
    return _lemma(head), frozenset(words)


def _times(tokens: list[Token], lex: Lexicon) -> frozenset[str]:
    out = set()
    weekdays, months = lex["weekdays"], {m.rstrip(".") for m in lex["months"]}
    for t in tokens:
        w = t.lower_.rstrip(".")
        if _YEAR.match(t.text):
            out.add(t.text)
        elif w in weekdays or (t.pos_ == "PROPN" and w in months):
            out.add(w)
    text = " ".join(t.lower_ for t in tokens)
    for m in lex.derive(quantity_patterns).relative_times.finditer(text):
        out.add(m.group(0))
    return frozenset(out)


def _time_names(lex: Lexicon) -> frozenset[str]:
    return lex["weekdays"] | frozenset(m.rstrip(".") for m in lex["months"])


def _places(tokens: list[Token], lex: Lexicon) -> frozenset[str]:
    """Proper names in "in/at/across/near …" phrases: "prices in Marisca", "jobs at its Lyon plant"."""
    skip = _time_names(lex)
    return frozenset(t.lower_ for t in tokens
                     if t.pos_ == "PROPN" and t.dep_ in {"pobj", "compound"}
                     and t.lower_.rstrip(".") not in skip
                     and any(a.dep_ == "prep" and a.lower_ in lex["place-prepositions"]
                             for a in t.ancestors))


def quantity_of(fig: FigureMention, lex: Lexicon) -> Quantity:
    """Describe what ``fig`` measures (from the parse of its sentence)."""
    unit = fig.unit or ("%" if fig.value.percent else "")
    weak = not unit or unit.split()[-1] in lex["weak-units"] or bool(fig.value.currency) or fig.value.percent
    plain = {"unit": unit, "weak_unit": weak, "prior": is_prior(fig, lex),
             "breakdown": is_breakdown(fig, lex),
             "delta": lex.derive(quantity_patterns).delta_before.search(text_before(fig)) is not None}
    anchor = anchor_token(fig)
    if anchor is None:
        return Quantity(events=frozenset(), topic=None, times=frozenset(), places=frozenset(),
                        set_words=frozenset(), update=False, clause=fig.sentence.text.lower(), **plain)
    gov, nouns = _governor(anchor)
    # With no verb above it, the figure's clause is its own phrase: not the phrases conjoined to it.
    clause = _clause_tokens(gov, anchor) if gov is not None else _clause_tokens(anchor, anchor, {"conj"})
    verbs = [t for t in clause if t.pos_ == "VERB"]
    verbs += [c for c in anchor.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
    synonyms = dict(e.rsplit(" ", 1) for e in lex["event-synonyms"])
    events = {synonyms.get(_lemma(t), _lemma(t)) for t in verbs if _lemma(t) not in lex["light-verbs"]}
    # event nouns the figure hangs from: "the recall of 90,000 cars"
    events |= {_lemma(n) for n in nouns if n.i != anchor.i}
    sets, updates = lex["set-words"], lex["update-words"]
    set_words = {t.lower_ for c in anchor.lefts for t in c.subtree if t.lower_ in sets and t.i < anchor.i}
    set_words |= {w for w in unit.split() if w in sets}
    words = {t.lower_ for t in clause} | {_lemma(t) for t in clause}
    text = " ".join(t.lower_ for t in clause)
    times = _times(clause, lex)
    return Quantity(
        events=frozenset(events),
        topic=_topic(gov, anchor, nouns, lex) if weak else None,
        times=times,
        periods=frozenset(t for t in times if lex.derive(quantity_patterns).period.search(t)),
        places=_places(clause, lex),
        set_words=frozenset(set_words),
        update=bool(words & updates) or any(" " in w and w in text for w in updates),
        modifiers=frozenset(_lemma(c) for c in anchor.children
                            if c.dep_ == "amod" and c.pos_ == "ADJ" and c.text[:1].islower()
                            and c.lower_ not in sets),
        frame=_frame(gov, anchor, lex, lex["non-frame-prepositions"], exclude=True),
        manner=_frame(gov, anchor, lex, lex["manner-prepositions"], exclude=False),
        clause=text,
        **plain,
    )


def _frame(gov: Token | None, anchor: Token, lex: Lexicon, preps: frozenset[str],
           exclude: bool) -> frozenset[str]:
    """Nouns of the prepositional phrases on the event and on the counted noun: place and
    circumstance ("from nine villages", "at its plant"; ``exclude`` the given prepositions), or
    manner ("by post", "by train"; only the given ones). Dates and times are left out."""
    skip = _time_names(lex) | lex["frame-time-words"]
    heads = [anchor] + ([gov] if gov is not None else [])
    heads += [c for c in anchor.children if c.dep_ in {"acl", "relcl"}]
    out = set()
    for h in heads:
        for prep in h.children:
            # the parser often reads a manner "by" as a passive agent: "voted by post"
            if prep.dep_ not in {"prep", "agent"} or (prep.lower_ in preps) == exclude:
                continue
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ in {"NOUN", "PROPN"} and obj.lower_.rstrip(".") \
                        not in skip and not obj.like_num:
                    out.add(_lemma(obj))
    return frozenset(out)


def _topics_agree(a: tuple[str, frozenset[str]] | None, b: tuple[str, frozenset[str]] | None) -> bool:
    if a is None or b is None:
        return False
    return a[0] == b[0] and a[1] == b[1]


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Strictly: the same counted thing, the same event, no differing time, place or set."""
    if not a.unit or not b.unit or not unit_matches(a.unit, b.unit):
        return False
    if a.prior or b.prior or b.update:
        return False
    if a.set_words != b.set_words or a.modifiers != b.modifiers:
        return False
    if (a.delta, a.breakdown, a.manner) != (b.delta, b.breakdown, b.manner):
        return False
    if a.frame and b.frame and not (a.frame & b.frame):
        return False
    if not (a.events & b.events):
        return False
    if (a.weak_unit or b.weak_unit) and not _topics_agree(a.topic, b.topic):
        return False
    if a.times and b.times and not (a.times & b.times):
        return False
    if a.periods != b.periods:  # "in 2019" is another count than today's
        return False
    if a.places and b.places and not (a.places & b.places):
        return False
    return True


def one_count(a: Quantity, b: Quantity) -> bool:
    """Looser than ``same_quantity``, for a count one body owns and another speaker cites ("the
    agency's tally of 57 closures" after the agency's "75 shops had closed"): the same counted
    noun, or the noun of the earlier figure's event ("closures" of "closed"), and nothing that
    makes either a change, an update, a part or another period or set."""
    if not a.unit or not b.unit:
        return False
    if a.prior or b.prior or b.update or a.delta or b.delta or a.breakdown or b.breakdown:
        return False
    if a.set_words != b.set_words or a.periods != b.periods:
        return False
    return unit_matches(a.unit, b.unit) or _names_event(b.unit, a.events) or _names_event(a.unit, b.events)


def _names_event(unit: str, events: frozenset[str]) -> bool:
    """"closures" names the event "close"; "arrests" names "arrest"."""
    head = unit.split()[-1].lower() if unit.split() else ""
    return any(len(e) >= 4 and head.startswith(e.rstrip("e")) for e in events)


def transposed(x: float, y: float) -> bool:
    """Two integers written with the same digits in another order (318 / 381, 57 / 75)."""
    if x == y or not (float(x).is_integer() and float(y).is_integer()):
        return False
    a, b = str(int(abs(x))), str(int(abs(y)))
    return len(a) == len(b) >= 2 and sorted(a) == sorted(b)


def looks_like_slip(x: float, y: float) -> bool:
    """Transposed digits, or values within a quarter of each other: one count written two ways."""
    return transposed(x, y) or (x > 0 and y > 0 and abs(x - y) <= 0.25 * max(x, y))


# --- values ------------------------------------------------------------------------------------

def lenient(fig: FigureMention) -> bool:
    """Headlines and approximations round: compare them at their written precision."""
    return fig.value.approx or not fig.sentence.block.kind.is_prose


def interval(v: NumberValue, rounded: bool) -> tuple[float, float]:
    """The values a written figure allows: bounds open one side, rounding widens both."""
    lo, hi = v.low, v.high
    if rounded:
        lo, hi = lo - v.precision / 2, hi + v.precision / 2
    if v.bound == "min":
        hi = math.inf
    elif v.bound == "max":
        lo = -math.inf
    return lo, hi


def values_agree(a: FigureMention, b: FigureMention) -> bool:
    """Could both figures state the same number (overlap, bounds, rounding of approximations)?"""
    if a.value.percent != b.value.percent:
        return True  # not comparable: say nothing
    la, ha = interval(a.value, lenient(a))
    lb, hb = interval(b.value, lenient(b))
    eps = 1e-9 * max(1.0, abs(la) if math.isfinite(la) else 1.0, abs(lb) if math.isfinite(lb) else 1.0)
    return la <= hb + eps and lb <= ha + eps


