"""Parties of a draft: one model of who someone is, and the names they go by, for every rule.

A ``Party`` is a display name, every form the draft may write it in, and the fact file's ref
when the fact file knows it. The denial rules (AT301/AT302, with ``attrlint.analysis.accusations``)
ask whether a name written in the draft is a party (``same_party``); the number rules
(AT201–AT204) ask which party a figure is credited to (``Parties``). Names are compared after one
normaliser, ``facts.normalise_name``. Word lists come from ``rules/parties.toml`` and
``rules/denials.toml``.

Decisions worth knowing:
- A party goes by its name, the name without a title ("Mayor Edda Lorne" → "Edda Lorne"),
  its last word (a surname, "Korea"), its first word when that is distinctive ("Brightwell" for
  "Brightwell Terminals"), its initials, and "the <noun>" when it ends in a second-reference noun
  ("the ministry" for "the Defence Ministry"). With a fact file its [[source]] names and aliases
  count too, and a name the fact file gives to *another* source never matches.
- Two names refer to the same party when one's full name is among the other's short forms, so
  "Lorne" matches "Edda Lorne" but "South Korea" never matches "North Korea".
- A phrase speaking for a party is the party: "a spokesman for Brightwell", "Brightwell's lawyer",
  "Marovia's foreign ministry" (heads in ``party-representatives``).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from attrlint.analysis.quantities import anchor_token
from attrlint.facts import FactBase, normalise_name
from attrlint.lexicon import Lexicon
from attrlint.model import Attribution, Credit, Document, FigureMention, Sentence

if TYPE_CHECKING:
    from spacy.tokens import Token

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


# --- names ------------------------------------------------------------------------------------

def _words(name: str) -> list[str]:
    out = []
    for raw in name.split():
        w = _POSSESSIVE.sub("", raw.strip(".,;:!?\"“”()[]"))
        if w:
            out.append(w)
    return out


def name_forms(name: str, lex: Lexicon) -> set[str]:
    """Every way a draft may write ``name`` again (original case; compare lower-cased)."""
    words = _words(name)
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words:
        return set()
    generic = lex["generic-party-heads"]
    if all(w.islower() for w in words):  # "the operator", "the plant's operator": only with "the"
        return {"the " + " ".join(words), *({"the " + words[-1]} if words[-1] in generic else set())}
    forms = {" ".join(words)}
    core = list(words)
    # Titles go only from person-like names: "Defence Ministry" keeps its "Defence".
    if core[-1].lower() not in generic:
        while len(core) > 1 and core[0].lower().rstrip(".") in lex["person-titles"]:
            # "Mayor Edda Lorne" is "the mayor" too: "the mayor's office", "a spokeswoman for
            # the mayor" answer for her
            forms.add("the " + core[0].lower().rstrip("."))
            core = core[1:]
    forms.add(" ".join(core))
    if len(core) >= 2:
        last, first = core[-1], core[0]
        if last.lower() in generic:
            forms.add("the " + last.lower())
        elif last[:1].isupper():
            forms.add(last)
        joiners = lex["name-joiners"]
        if first[:1].isupper() and first.lower() not in lex["weak-name-words"] and \
                first.lower() not in generic and first.lower() not in joiners:
            forms.add(first)
        caps = [w for w in core if w[:1].isupper() and w.lower() not in joiners]
        if len(caps) >= 3 or (len(caps) == 2 and last.lower() in generic):  # not "PL" for a person
            forms.add("".join(w[0] for w in caps).upper())
    return forms


@dataclass(frozen=True)
class Party:
    """Someone who may give a figure, be accused or answer: a display name and every form it
    goes by.

    ``ref`` is the fact file's id (or free text) when the party is known there; ``known`` says
    the ref is a [[source]] id.
    """

    name: str
    forms: frozenset[str] = frozenset()
    ref: str | None = None
    known: bool = False

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(f.lower() for f in self.forms)

    @property
    def full(self) -> str:
        return normalise(self.name)

    @property
    def key(self) -> str:
        """One string per party: its fact-file ref, else its normalised name."""
        return "ref:" + self.ref if self.ref is not None else "name:" + normalise(self.name)


def normalise(name: str) -> str:
    """The one name normaliser (``facts.normalise_name``): lower case, no possessives, no
    leading "the"."""
    return normalise_name(name)


def party_from_name(name: str, lex: Lexicon, ref: str | None = None) -> Party:
    """A party named in the draft, with every short form of its name."""
    return Party(name, frozenset(name_forms(name, lex)), ref)


def party_from_facts(facts: FactBase, ref: str, lex: Lexicon) -> Party:
    """A party of the fact file, with the forms of its name and every alias."""
    forms: set[str] = set()
    for n in facts.names_for(ref):
        forms |= name_forms(n, lex)
    return Party(facts.display_name(ref), frozenset(forms), ref, ref in facts.sources)


def same_party(name: str, party: Party, lex: Lexicon, facts: FactBase | None = None) -> bool:
    """Whether a name written in the draft refers to ``party``."""
    if facts is not None and party.ref is not None:
        ref = facts.resolve(name)
        if ref is not None:
            return ref == party.ref
    full = normalise(name)
    if not full:
        return False
    if full in party.keys or ("the " + full) in party.keys:
        return True
    own = {f.lower() for f in name_forms(name, lex)}
    return party.full in own or any(normalise(f) in own for f in party.forms if " " in f)


def mentions(text: str, party: Party) -> list[tuple[int, int]]:
    """Where ``text`` names ``party`` (whole words; proper names case-sensitive), in order."""
    found: list[tuple[int, int]] = []
    for form in sorted(party.forms, key=len, reverse=True):
        generic = form.lower().startswith("the ") and form[4:].islower()
        flags = re.IGNORECASE if generic or form.islower() else 0
        # "plant operator" is how "the plant's operator" is stored: let a possessive back in
        body = r"(?:['’]s?)?\s+".join(re.escape(w) for w in form.split())
        for m in re.finditer(r"(?<![\w-])" + body + r"(?![\w-])", text, flags):
            if not any(a <= m.start() < b for a, b in found):
                found.append((m.start(), m.end()))
    return sorted(found)


# --- who gives a figure (AT201–AT204) --------------------------------------------------------------------

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
                self._persons += _person_spans(s, self.lexicon)
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
        lex = self.lexicon
        if root is not None and _lemma(root) in lex["spokes-heads"]:
            # "council officials", "ministry spokesman": the body they speak for
            body = [c for c in root.children if c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"}]
            if body:
                head, words = body[-1].lower_, words - {root.lower_}
        # the head's own name chain, not a possessor's: "Vesnia's defence ministry" is a ministry
        chain = [root] + [t for t in root.children if t.dep_ in {"compound", "flat", "amod"}] if root else []
        propns = frozenset(t.lower_ for t in chain if t.pos_ == "PROPN")
        orgs = organisation_heads(lex)
        person = any(_lemma(t) in lex["person-role-heads"] for t in toks) or (
            root is not None and root.pos_ == "PROPN" and _lemma(root) not in orgs
            and not any(_lemma(t) in orgs for t in toks))
        low = cue.source_text.strip().lower()
        pronoun = low if cue.pronoun or low in lex["unresolvable-pronouns"] else None
        return _Mention(a, b, cue.source_text, head, words, propns, pronoun, person, s.block.paragraph)

    def _mention_from_text(self, source: str, start: int, end: int, paragraph: int) -> _Mention:
        words = _name_words(source)
        low = source.strip().lower()
        lex = self.lexicon
        pronouns = lex["person-pronouns"] | lex["thing-pronouns"] | lex["any-pronouns"] | \
            lex["unresolvable-pronouns"]
        pronoun = low if low in pronouns else None
        caps = frozenset(w.lower().strip(".,'’") for w in source.split()[1:] if w[:1].isupper())
        norm = normalise_name(source).split()
        head = norm[-1] if norm else low
        return _Mention(start, end, source, head, words, caps, pronoun, False, paragraph)

    # -- resolution --

    def _earlier(self, count: int) -> Iterator[_Mention]:
        """The first ``count`` mentions, nearest first (no copy: drafts hold thousands)."""
        mentions = self._mentions
        return (mentions[k] for k in range(count - 1, -1, -1))

    def _resolve(self, m: _Mention, count: int) -> Party | None:
        """The party of ``m``, given the first ``count`` mentions come before it."""
        if m.pronoun is not None:
            if m.pronoun in self.lexicon["unresolvable-pronouns"]:
                return None
            return self._antecedent(m, count)
        if self.facts is not None:
            ref = self.facts.resolve(m.text)
            if ref is not None:
                return Party(m.text, ref=ref, known=ref in self.facts.sources)
        for e in self._earlier(count):
            if e.pronoun is None and e.party is not None and _same_name(m, e):
                return e.party
        key = normalise_name(m.text)
        return Party(m.text) if key else None

    def _antecedent(self, m: _Mention, count: int) -> Party | None:
        """The nearest earlier named source of a fitting kind, at most two paragraphs back."""
        near = itertools.takewhile(lambda e: m.paragraph - e.paragraph <= 2, self._earlier(count))
        pool = [e for e in near if e.pronoun is None and e.party is not None]
        person = m.pronoun in self.lexicon["person-pronouns"]
        if person:
            fit = [e for e in pool if e.person]
        elif m.pronoun in self.lexicon["thing-pronouns"]:
            fit = [e for e in pool if not e.person]
        else:
            fit = pool
        chosen = (fit or pool)[:1]
        if not chosen:
            return None
        e = chosen[0]
        if person and any(e.end <= a < m.start and name not in e.words
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
        m = self._mention_from_text(att.source, att.source_start, att.source_end, paragraph)
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

    def named(self) -> list[tuple[Party, list[str]]]:
        """Every named source of the draft with the names it goes by there, in reading order."""
        out: dict[str, tuple[Party, list[str]]] = {}
        for m in self._mentions:
            if m.party is None or m.pronoun is not None:
                continue
            _, names = out.setdefault(m.party.key, (m.party, []))
            text = " ".join(m.text.split())
            if text not in names:
                names.append(text)
        return list(out.values())

    def owner(self, fig: FigureMention) -> Party | None:
        """The body whose count ``fig`` is, whoever cites it (policy §3): "the agency's tally of
        57 closures", "the 318 claims the insurer has logged", "the 71 boats the coastguard
        counted". None when the figure names no owner of its own."""
        anchor = anchor_token(fig)
        if anchor is None:
            return None
        lex = self.lexicon
        verbs = lex["count-verbs"] | lex["reporting-verbs"]
        for c in anchor.children:
            if c.dep_ in {"relcl", "acl"} and _lemma(c) in verbs:
                subj = [x for x in c.children if x.dep_ == "nsubj" and x.pos_ != "PRON"]
                subj += [x for b in c.children if b.dep_ == "agent" for x in b.children  # "logged by X"
                         if x.dep_ == "pobj" and x.pos_ != "PRON"]
                if subj:
                    return self._party_of_phrase(fig, subj[0])
        # "the agency's tally of 57 closures": the number's noun hangs from "of" on a count noun
        t = anchor
        if t.dep_ == "pobj" and t.head.lower_ == "of" and _lemma(t.head.head) in lex["count-nouns"]:
            poss = [x for x in t.head.head.children if x.dep_ == "poss" and x.pos_ != "PRON"]
            if poss:
                return self._party_of_phrase(fig, poss[0])
        return None

    def _party_of_phrase(self, fig: FigureMention, head: Token) -> Party | None:
        """The party a noun phrase of the figure's sentence names."""
        block = fig.sentence.block
        toks = [t for t in head.subtree if t.dep_ != "case" and not t.is_punct]
        if not toks:
            return None
        a = block.to_source(toks[0].idx)
        inside = self._containing(a)
        if inside is not None:
            return inside.party
        text = head.doc[toks[0].i:toks[-1].i + 1].text
        b = block.to_source(toks[-1].idx + len(toks[-1].text))
        m = self._mention_from_text(text, a, b, block.paragraph)
        return self._resolve(m, bisect.bisect_left(self._starts, a))


def organisation_heads(lex: Lexicon) -> frozenset[str]:
    """Last words of an organisation's name: its generic heads ("ministry") and name words
    ("Airways", "Ltd")."""
    return lex["generic-party-heads"] | lex["organisation-name-words"]


def _person_spans(s: Sentence, lex: Lexicon) -> list[tuple[int, str]]:
    """People a sentence names as a subject (a name or a role: "Mayor Ida Brenn", "the mayor"),
    as (source offset, lower-case head word). The model has no entity recogniser, so a proper
    noun that is not an organisation's head word counts as a person."""
    out = []
    orgs, roles = organisation_heads(lex), lex["person-role-heads"]
    for t in s.doc_span:
        if t.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        named = t.pos_ == "PROPN" and _lemma(t) not in orgs and t.text[:1].isupper()
        if named or _lemma(t) in roles:
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


def _lemma(t: Token) -> str:
    return t.lemma_.lower()
