"""What a figure counts and who gives it: the two questions the number rules (AT201–AT204) ask.

``Parties`` resolves the source credited for a figure to one party of the draft: through the
fact file's names and aliases when there is one, through the nearest earlier named source for a
pronoun ("he", "it"), and otherwise by comparing the names as written ("Osei" is "police chief
Martina Osei"; "the ministry" is the last "mines ministry" named before it).

``quantity_of`` describes what a figure measures, from the parse: its counted noun, the events
around it ("evacuated", "recalled"), the thing a share or amount is of ("prices in Marisca"),
and the time and place that pin it down. ``same_quantity`` says whether two figures measure the
same thing, and it is deliberately strict: two figures from one source that merely share a unit
are usually different quantities (38 ships waiting, 5 of them diverted), and calling them
inconsistent would be a false alarm.

The word lists below describe how English states quantities (light verbs, update words, units
that need a subject), not an editorial vocabulary a desk would tune, so they live here rather
than in ``rules/*.toml``, as the number grammar lives in ``attrlint.analysis.numbers``.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from attrlint.facts import FactBase, normalise_name, unit_matches
from attrlint.lexicon import Lexicon
from attrlint.model import Attribution, Credit, Document, FigureMention, NumberValue, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

PERSON_PRONOUNS = frozenset({"he", "she"})
THING_PRONOUNS = frozenset({"it"})
ANY_PRONOUNS = frozenset({"they"})
# First- and second-person sources name nobody by themselves; never guessed.
UNRESOLVABLE = frozenset({"i", "we", "you", "us", "me", "one"})
# Head nouns of a source phrase that name a person's role: "he"/"she" look for these first.
HUMAN_HEADS = frozenset({
    "spokesman", "spokeswoman", "spokesperson", "president", "minister", "chief", "director",
    "official", "executive", "head", "secretary", "leader", "chairman", "chairwoman", "chair",
    "governor", "mayor", "councillor", "councilor", "officer", "manager", "founder", "judge",
    "lawyer", "attorney", "prosecutor", "commissioner", "ambassador", "general", "colonel",
    "captain", "engineer", "analyst", "economist", "auditor", "lawmaker", "senator", "deputy",
})

# People who speak for a body named before them: "council officials" speak for the council.
SPOKES_HEADS = frozenset({"official", "spokesman", "spokeswoman", "spokesperson", "representative",
                          "officials", "representatives"})
# Head words of organisations' names: a proper-noun subject with one of these is not a person.
ORG_HEADS = frozenset({
    "ministry", "agency", "service", "council", "company", "authority", "union", "association",
    "office", "commission", "court", "bank", "police", "government", "department", "party", "group",
    "institute", "federation", "board", "committee", "trust", "organisation", "organization", "army",
    "navy", "university", "hospital", "club", "league", "parliament", "assembly", "kremlin",
    "house", "reuters", "motors", "airways", "airlines", "systems", "corp", "inc", "ltd",
})
# Verbs that say nothing about which quantity a figure is (they stand for "is" or "says").
LIGHT_VERBS = frozenset({
    "be", "have", "do", "get", "make", "say", "tell", "add", "report", "state", "show", "put",
    "place", "give", "include", "reach", "stand", "total", "number", "count", "remain", "become",
    "find", "estimate", "expect", "know", "believe", "think", "note", "confirm", "announce",
    "cite", "record", "list", "indicate", "suggest", "publish", "release", "issue", "accord",
})
# Words that make a figure a different set from the plain noun: "22 other workers", "5 more".
SET_WORDS = frozenset({"other", "more", "additional", "another", "extra", "further", "new",
                       "remaining", "fewer", "less", "only", "first", "last"})
# A figure that has been updated or that measures an earlier period is not a second statement of
# the same quantity: "the toll has risen to 14", "up from 3,100 in 2023".
UPDATE_WORDS = frozenset({
    "now", "latest", "updated", "update", "revised", "revise", "initially", "originally",
    "previously", "earlier", "later", "since", "rise", "climb", "increase", "grow", "fall",
    "drop", "decline", "jump", "surge", "soar", "slip", "dip", "ease", "double", "triple",
    "halve", "correct", "still", "so far", "to date", "yet",
})
PRIOR_BEFORE = re.compile(
    r"\b(?:from|up from|down from|compared with|compared to|against|versus|vs\.?|than)\s+"
    r"(?:(?:a|an|the|its|their)\s+)?(?:(?:peak|high|low|total|average|level|figure|record)\s+of\s+)?$",
    re.IGNORECASE)
PRIOR_AFTER = re.compile(
    r"^\s*(?:[a-z%-]+\s+){0,3}?(?:a|one)\s+(?:year|month|week|quarter|decade)\s+(?:earlier|before|ago)",
    re.IGNORECASE)
# Verbs news copy uses interchangeably for one event: "42 injured" and "48 hurt" are one count.
EVENT_SYNONYMS = {
    "hurt": "injure", "wound": "injure", "die": "kill", "perish": "kill", "flee": "evacuate",
    "scrap": "cancel", "axe": "cut", "shed": "cut", "eliminate": "cut", "detain": "arrest",
    "rescue": "save",
}
# A change, not a level: "rose by 300", "an increase of 5%", "cut 40 jobs" is a level.
DELTA_BEFORE = re.compile(
    r"\bby\s+$|\b(?:increase|rise|drop|fall|decline|gain|jump|cut|reduction|decrease|growth)\s+of\s+$"
    r"|\b(?:up|down)\s+$", re.IGNORECASE)
# Units whose name alone says little about what is measured: a share, an amount of money, a
# length of time or a measure. Two such figures need the same subject to be one quantity.
WEAK_UNITS = frozenset({
    "%", "euro", "euros", "dollar", "dollars", "pound", "pounds", "yen", "money", "percent",
    "point", "points", "year", "month", "week", "day", "hour", "minute", "second", "km",
    "kilometre", "kilometer", "mile", "metre", "meter", "tonne", "ton", "kilogram", "kg",
    "time", "times", "number", "figure", "total", "level", "rate", "share",
})
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")
_RELATIVE_TIMES = re.compile(
    r"\b(this|last|next|previous|a|one|the)\s+(year|month|week|quarter|season|decade)(\s+(earlier|ago|before))?\b",
    re.IGNORECASE)


# --- tokens of a figure ------------------------------------------------------------------------

def figure_tokens(fig: FigureMention) -> list[Token]:
    """The spaCy tokens of the figure itself (empty when its block was not parsed)."""
    span = fig.sentence.doc_span
    if span is None:
        return []
    block = fig.sentence.block
    out = []
    for t in span:
        a = block.to_source(t.idx)
        if fig.start <= a < fig.end:
            out.append(t)
    return out


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
    head = fig.sentence.block.text[:start].rstrip()
    q = fig.qualifier
    if q and head.lower().endswith(q.lower()):
        return len(head) - len(q)
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


def is_prior(fig: FigureMention) -> bool:
    """The figure is the earlier or compared value of a change ("up from 3,100", "… a year earlier")."""
    return bool(PRIOR_BEFORE.search(text_before(fig)) or PRIOR_AFTER.match(text_after(fig)))


_BREAKDOWN_BEFORE = re.compile(r"\b(?:including|among\s+them|of\s+whom|of\s+which|of\s+these|of\s+those)\s+$",
                               re.IGNORECASE)
_BREAKDOWN_AFTER = re.compile(r"^\s*(?:of\s+(?:them|those|whom|which|these|the)\b|alone\b|each\b|apiece\b)"
                              r"|^[^,;.]{0,60}\balone\b", re.IGNORECASE)


def is_breakdown(fig: FigureMention) -> bool:
    """The figure is a share of a larger count: "including 31 children", "three of them", "600 … alone"."""
    return bool(_BREAKDOWN_BEFORE.search(text_before(fig)) or _BREAKDOWN_AFTER.match(text_after(fig)))


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


def _clause_tokens(gov: Token, anchor: Token) -> list[Token]:
    """The governing verb's clause, without separate predications that do not hold the figure."""
    cut: set[int] = set()
    anc = {a.i for a in anchor.ancestors} | {anchor.i}
    for c in gov.children:
        if c.dep_ in _SEPARATE and c.i not in anc:
            cut |= {t.i for t in c.subtree}
    return [t for t in gov.subtree if t.i not in cut]


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _topic(gov: Token | None, anchor: Token, nouns: list[Token]) -> tuple[str, frozenset[str]] | None:
    """The thing a share or amount is of: "38% of grocery sales", "prices … rose 4%"."""
    for c in anchor.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            objs = [p for p in c.children if p.dep_ == "pobj" and p.pos_ in {"NOUN", "PROPN"}]
            if objs:
                return _phrase(objs[0])
    for n in nouns:
        if n.pos_ == "NOUN" and _lemma(n) not in WEAK_UNITS:
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
    for m in _RELATIVE_TIMES.finditer(text):
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
                     and any(a.dep_ == "prep" and a.lower_ in {"in", "at", "across", "near", "outside"}
                             for a in t.ancestors))


def quantity_of(fig: FigureMention, lex: Lexicon) -> Quantity:
    """Describe what ``fig`` measures (from the parse of its sentence)."""
    unit = fig.unit or ("%" if fig.value.percent else "")
    weak = not unit or unit.split()[-1] in WEAK_UNITS or bool(fig.value.currency) or fig.value.percent
    plain = {"unit": unit, "weak_unit": weak, "prior": is_prior(fig), "breakdown": is_breakdown(fig),
             "delta": DELTA_BEFORE.search(text_before(fig)) is not None}
    anchor = anchor_token(fig)
    if anchor is None:
        return Quantity(events=frozenset(), topic=None, times=frozenset(), places=frozenset(),
                        set_words=frozenset(), update=False, clause=fig.sentence.text.lower(), **plain)
    gov, nouns = _governor(anchor)
    clause = _clause_tokens(gov, anchor) if gov is not None else list(anchor.subtree)
    verbs = [t for t in clause if t.pos_ == "VERB"]
    verbs += [c for c in anchor.children if c.dep_ in {"acl", "relcl"} and c.pos_ == "VERB"]
    events = {_event(t) for t in verbs if _lemma(t) not in LIGHT_VERBS}
    # event nouns the figure hangs from: "the recall of 90,000 cars"
    events |= {_lemma(n) for n in nouns if n.i != anchor.i}
    set_words = {t.lower_ for t in anchor.subtree if t.lower_ in SET_WORDS and t.i < anchor.i}
    set_words |= {w for w in unit.split() if w in SET_WORDS}
    words = {t.lower_ for t in clause} | {_lemma(t) for t in clause}
    text = " ".join(t.lower_ for t in clause)
    return Quantity(
        events=frozenset(events),
        topic=_topic(gov, anchor, nouns) if weak else None,
        times=_times(clause, lex),
        places=_places(clause, lex),
        set_words=frozenset(set_words),
        update=bool(words & UPDATE_WORDS) or any(" " in w and w in text for w in UPDATE_WORDS),
        modifiers=frozenset(_lemma(c) for c in anchor.children
                            if c.dep_ == "amod" and c.pos_ == "ADJ" and c.text[:1].islower()
                            and c.lower_ not in SET_WORDS),
        frame=_frame(gov, anchor, lex, _NOT_FRAME, exclude=True),
        manner=_frame(gov, anchor, lex, _MANNER, exclude=False),
        clause=text,
        **plain,
    )


def _event(t: Token) -> str:
    lemma = _lemma(t)
    return EVENT_SYNONYMS.get(lemma, lemma)


def _frame(gov: Token | None, anchor: Token, lex: Lexicon, preps: frozenset[str],
           exclude: bool) -> frozenset[str]:
    """Nouns of the prepositional phrases on the event and on the counted noun: place and
    circumstance ("from nine villages", "at its plant"; ``exclude`` the given prepositions), or
    manner ("by post", "by train"; only the given ones). Dates and times are left out."""
    skip = _time_names(lex) | {"night", "morning", "evening", "afternoon", "end", "start", "time"}
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


_NOT_FRAME = frozenset({"of", "by", "via", "to", "for", "with", "than"})
_MANNER = frozenset({"by", "via"})
_PERIOD = re.compile(r"^\d{4}$|\b(last|previous|next)\b|\b(earlier|ago|before)$")


def _periods(times: frozenset[str]) -> frozenset[str]:
    """The time markers that name another period (a year, "last year"), not a day of the story."""
    return frozenset(t for t in times if _PERIOD.search(t))


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
    if _periods(a.times) != _periods(b.times):  # "in 2019" is another count than today's
        return False
    if a.places and b.places and not (a.places & b.places):
        return False
    return True


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


# --- who gives a figure ------------------------------------------------------------------------

@dataclass(frozen=True)
class Party:
    """One source of the draft, however it is named."""

    key: str  # "ref:<fact-file ref>" or "name:<normalised name>"
    label: str  # the naming mention, as written
    ref: str | None = None  # the fact file's ref (a [[source]] id or its free text)
    known: bool = False  # ``ref`` is a [[source]] id


@dataclass
class _Mention:
    start: int  # source offsets of the source phrase
    end: int
    text: str
    head: str
    words: frozenset[str]
    propns: frozenset[str]
    pronoun: str | None
    person: bool
    paragraph: int
    party: Party | None = None


@dataclass
class Parties:
    """Resolve credited sources to parties, in the reading order of one draft."""

    document: Document
    facts: FactBase | None
    lexicon: Lexicon
    _mentions: list[_Mention] = field(init=False, default_factory=list)
    _persons: list[tuple[int, str]] = field(init=False, default_factory=list)  # (offset, last name)
    # Lookups by source offsets: a draft of 50,000 figures must not scan every mention per figure.
    _by_span: dict[tuple[int, int], _Mention] = field(init=False, default_factory=dict)
    _starts: list[int] = field(init=False, default_factory=list)
    _longest: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        seen: set[tuple[int, int]] = set()
        for s in self.document.sentences:
            if s.doc_span is not None:
                self._persons += _person_spans(s)
            for c in s.cues:
                if c.vague or c.how in {"adverb", "impersonal"}:
                    continue
                a, b = s.block.source_span(c.source_start, c.source_end)
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                self._mentions.append(self._mention_from_cue(s, c, a, b))
        self._mentions.sort(key=lambda m: m.start)
        for i, m in enumerate(self._mentions):
            m.party = self._resolve(m, i)
            self._by_span.setdefault((m.start, m.end), m)
        self._starts = [m.start for m in self._mentions]
        self._longest = max((m.end - m.start for m in self._mentions), default=0)

    # -- building mentions --

    def _mention_from_cue(self, s: Sentence, cue, a: int, b: int) -> _Mention:
        doc = s.doc_span.doc
        toks = sorted((doc[i] for i in cue.source_tokens if cue.source_start <= doc[i].idx < cue.source_end),
                      key=lambda t: t.i)
        inside = {t.i for t in toks}
        root = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), None)
        head = root.lower_ if root is not None else (cue.source_text.split() or [""])[-1].lower()
        words = _name_words(cue.source_text)
        if root is not None and _lemma(root) in SPOKES_HEADS:
            # "council officials", "ministry spokesman": the body they speak for
            body = [c for c in root.children if c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"}]
            if body:
                head, words = body[-1].lower_, words - {root.lower_}
        # the head's own name chain, not a possessor's: "Vesnia's defence ministry" is a ministry
        chain = [root] + [t for t in root.children if t.dep_ in {"compound", "flat", "amod"}] if root else []
        propns = frozenset(t.lower_ for t in chain if t.pos_ == "PROPN")
        person = any(_lemma(t) in HUMAN_HEADS for t in toks) or (
            root is not None and root.pos_ == "PROPN" and _lemma(root) not in ORG_HEADS
            and not any(_lemma(t) in ORG_HEADS for t in toks))
        low = cue.source_text.strip().lower()
        pronoun = low if cue.pronoun or low in UNRESOLVABLE else None
        return _Mention(a, b, cue.source_text, head, words, propns, pronoun, person, s.block.paragraph)

    def _mention_from_text(self, att: Attribution, paragraph: int) -> _Mention:
        words = _name_words(att.source)
        low = att.source.strip().lower()
        pronoun = low if low in PERSON_PRONOUNS | THING_PRONOUNS | ANY_PRONOUNS | UNRESOLVABLE else None
        caps = frozenset(w.lower().strip(".,'’") for w in att.source.split()[1:] if w[:1].isupper())
        norm = normalise_name(att.source).split()
        head = norm[-1] if norm else low
        return _Mention(att.source_start, att.source_end, att.source, head, words, caps, pronoun,
                        False, paragraph)

    # -- resolution --

    def _earlier(self, count: int) -> Iterator[_Mention]:
        """The first ``count`` mentions, nearest first (no copy: drafts hold thousands)."""
        mentions = self._mentions
        return (mentions[k] for k in range(count - 1, -1, -1))

    def _resolve(self, m: _Mention, count: int) -> Party | None:
        """The party of ``m``, given the first ``count`` mentions come before it."""
        if m.pronoun is not None:
            if m.pronoun in UNRESOLVABLE:
                return None
            return self._antecedent(m, count)
        if self.facts is not None:
            ref = self.facts.resolve(m.text)
            if ref is not None:
                return Party("ref:" + ref, m.text, ref, ref in self.facts.sources)
        for e in self._earlier(count):
            if e.pronoun is None and e.party is not None and _same_name(m, e):
                return e.party
        key = normalise_name(m.text)
        return Party("name:" + key, m.text) if key else None

    def _antecedent(self, m: _Mention, count: int) -> Party | None:
        """The nearest earlier named source of a fitting kind, at most two paragraphs back."""
        near = itertools.takewhile(lambda e: m.paragraph - e.paragraph <= 2, self._earlier(count))
        pool = [e for e in near if e.pronoun is None and e.party is not None]
        if m.pronoun in PERSON_PRONOUNS:
            fit = [e for e in pool if e.person]
        elif m.pronoun in THING_PRONOUNS:
            fit = [e for e in pool if not e.person]
        else:
            fit = pool
        chosen = (fit or pool)[:1]
        if not chosen:
            return None
        e = chosen[0]
        if m.pronoun in PERSON_PRONOUNS and any(e.end <= a < m.start and name not in e.words
                                                for a, name in self._persons):
            return None  # another person was named in between: "The mayor visited. She said …"
        return e.party

    def of(self, att: Attribution | None, paragraph: int = 0) -> Party | None:
        """The party an attribution credits (None: vague, unnamed or unresolvable)."""
        if att is None or att.vague:
            return None
        exact = self._by_span.get((att.source_start, att.source_end))
        if exact is not None:
            return exact.party
        inside = self._containing(att.source_start)
        if inside is not None:
            return inside.party
        m = self._mention_from_text(att, paragraph)
        return self._resolve(m, bisect.bisect_left(self._starts, att.source_start))

    def _containing(self, offset: int) -> _Mention | None:
        """The first mention (in reading order) whose source phrase holds ``offset``."""
        lo = bisect.bisect_left(self._starts, offset - self._longest)
        for m in self._mentions[lo:bisect.bisect_right(self._starts, offset)]:
            if m.start <= offset < m.end:
                return m
        return None

    def for_figure(self, fig: FigureMention) -> Party | None:
        """Who gives ``fig``: a reporting clause on its own noun ("the 1,500 troops the agency
        reported") first, else the credit the analysis found."""
        own = self._own_clause_source(fig)
        if own is not None:
            return own
        if fig.credit is not Credit.ATTRIBUTED:
            return None
        return self.of(fig.attribution, fig.sentence.block.paragraph)

    def _own_clause_source(self, fig: FigureMention) -> Party | None:
        anchor = anchor_token(fig)
        if anchor is None:
            return None
        for c in anchor.children:
            if c.dep_ in {"relcl", "acl"} and _lemma(c) in self.lexicon["reporting-verbs"]:
                subj = [s for s in c.children if s.dep_ == "nsubj"]
                if subj:
                    block = fig.sentence.block
                    m = self._containing(block.to_source(subj[0].idx))
                    if m is not None:
                        return m.party
        return None


def _person_spans(s: Sentence) -> list[tuple[int, str]]:
    """People a sentence names as a subject (a name or a role: "Mayor Ida Brenn", "the mayor"),
    as (source offset, lower-case head word). The model has no entity recogniser, so a proper
    noun that is not an organisation's head word counts as a person."""
    out = []
    for t in s.doc_span:
        if t.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        named = t.pos_ == "PROPN" and _lemma(t) not in ORG_HEADS and t.text[:1].isupper()
        if named or _lemma(t) in HUMAN_HEADS:
            out.append((s.block.to_source(t.idx), t.lower_))
    return out


def _name_words(text: str) -> frozenset[str]:
    return frozenset(normalise_name(text).split())


def _same_name(new: _Mention, old: _Mention) -> bool:
    """A later, shorter mention naming an earlier source: "the ministry", "Osei", "Torvik"."""
    if not new.words:
        return False
    if new.head == old.head and new.words <= old.words:
        return True
    return bool(new.propns) and new.propns <= old.propns and new.head in old.propns
