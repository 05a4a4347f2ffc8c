"""AT301–AT302: an accused party's denial or response missing from the draft (policy §4).

Decisions where the policy is silent:
- Topic coverage is searched in the text of prose blocks (not headlines, captions or code), whole
  words, case-insensitive, singular or plural of every word of an `about` term.
- A response answers the topic unless what it answers plainly is something else: its object
  names an `about` term, refers back to the claim ("the report", "the allegations"), names a
  noun the topic's sentences use, or names nothing specific ("declined to comment", "denied any
  wrongdoing"). "Denied arms transfers" does not answer a claim about troops.
- A statement verb ("said", "told", "insisted", "according to X") is only a response when its
  content is about the accusation: an `about` term, a claim noun ("said the allegations were
  false"), a denial word with nothing off-topic ("said it had done nothing wrong"), or — for a
  statement after the accusation — a noun of the alleged conduct (or of the `about` terms) that
  at most three sentences of the draft use ("subcontractor", not the "strike" of a strike story).
- A pronoun, or "the company"-style second reference, answers for a party named earlier in its
  sentence with no other name in between, or in the sentence before it ("… accused Brightwell
  of … It denied the claim."). A phrase that speaks for the party is the party ("a spokesman
  for Brightwell", "Brightwell's lawyer"); with a fact file, a phrase the fact file gives to
  another source never is ("Marovia's state news agency" when that is its own [[source]]).
- The finding sits on the accused's name in the first sentence that reports an accusation
  against it and covers the topic; else on its name in the first covering sentence; else on the
  `about` term there. The message names the party as the fact file does and as written there.
- Without a fact file (AT302) any denial, refusal to comment or unanswered request by the
  accused counts, whatever its topic (precision first); so does a counter-accusation.
- With a fact file, AT302 stays silent on a party whose [[denial]] the draft owes: AT301 judges it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from attrlint.analysis.accusations import (
    Accusation,
    Response,
    find_accusations,
    find_responses,
    is_proper,
    phrase_names,
    phrase_text,
)
from attrlint.analysis.parties import Party, mentions, name_forms, normalise, party_from_facts, same_party
from attrlint.analysis.tokenindex import doc_text
from attrlint.facts import Denial
from attrlint.model import Block, Document, Sentence
from attrlint.rules.registry import Context, Finding, rule

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


# --- sentences of prose, parsed or not ----------------------------------------------------------

@dataclass
class _Unit:
    """A sentence of a prose block, or a whole prose block that was not parsed; ``sentence`` is the
    parsed Sentence when the block was parsed."""

    block: Block
    start: int
    end: int
    sentence: Sentence | None
    index: int = 0
    words: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return self.block.text[self.start : self.end]


def _forms(word: str) -> set[str]:
    """A word and the singulars it may be the plural of."""
    w = re.sub(r"['’]s?$", "", word.lower())
    out = {w}
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        out.add(w[:-1])
        if w.endswith("ies"):
            out.add(w[:-3] + "y")
        if w.endswith("es"):
            out.add(w[:-2])
    return out


def _units(doc: Document) -> list[_Unit]:
    by_block: dict[int, list[Sentence]] = {}
    for s in doc.sentences:
        by_block.setdefault(id(s.block), []).append(s)
    units: list[_Unit] = []
    for b in doc.blocks:
        if not b.kind.is_prose or not b.text.strip():
            continue
        sents = by_block.get(id(b))
        # A paragraph that was not parsed holds no figure, quotation or accusation or denial word
        # (pipeline.needs_parse): it counts as one sentence where it names the topic or the party.
        if sents:
            units.extend(_Unit(b, s.start, s.end, s) for s in sents)
        else:
            units.append(_Unit(b, 0, len(b.text), None))
    for i, u in enumerate(units):
        u.index = i
        u.words = {f for w in _WORD.findall(u.text) for f in _forms(w)}
    return units


def _term_pattern(term: str) -> re.Pattern[str]:
    """Whole words, any case, each word singular or plural ("troop dispatch" ~ "troops dispatched"
    is not matched: only the number of each word varies)."""
    parts = []
    for w in term.split():
        low = w.lower()
        if low.endswith("ies") and len(low) > 4:
            parts.append(re.escape(low[:-3]) + "(?:y|ies)")
        elif low.endswith("s") and not low.endswith("ss") and len(low) > 3:
            parts.append(re.escape(low[:-1]) + "(?:s|es)?")
        elif low.endswith("y") and len(low) > 2 and low[-2] not in "aeiou":
            parts.append(re.escape(low[:-1]) + "(?:y|ies)")
        elif re.search(r"(s|x|z|ch|sh)$", low):
            parts.append(re.escape(low) + "(?:es)?")
        else:
            parts.append(re.escape(low) + "s?")
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(parts) + r"(?![\w-])", re.IGNORECASE)


# --- what a response answers --------------------------------------------------------------------

@dataclass
class _Topic:
    """What the accusation is about: its terms, the nouns of its sentences, and the rare ones."""

    patterns: list[re.Pattern[str]]
    nouns: set[str]
    rare: set[str]
    about_words: set[str] = field(default_factory=set)
    # Index of the first sentence reporting the topic: a statement made before it is no answer
    # unless it names the claim.
    first: int = 0


def _noun_forms(tokens: list[Any]) -> set[str]:
    return {f for t in tokens if t.pos_ == "NOUN" and not is_proper(t)
            for f in _forms(t.lemma_) | _forms(t.text)}


def _topic(patterns: list[re.Pattern[str]], about: tuple[str, ...], covering: list[_Unit],
           units: list[_Unit], conduct: list[Any] | None = None) -> _Topic:
    """The topic of covering sentences; ``conduct`` holds the tokens stating what the party is
    accused of ("of ignoring warnings about methane"), when an accusation was found."""
    nouns: set[str] = set()
    for term in about:
        for w in term.split():
            nouns |= _forms(w)
    # Only a one-word term stands for the topic by itself ("discharge"); the words of "hold rates
    # until after the budget" do not.
    about_words = {f for term in about if len(term.split()) == 1 for f in _forms(term)}
    for u in covering:
        if u.sentence is not None and u.sentence.doc_span is not None:
            nouns |= _noun_forms(list(u.sentence.doc_span))
        else:
            nouns |= {f for w in _WORD.findall(u.text) if not w[:1].isupper() for f in _forms(w)}
    # A statement ties itself to the accusation through a noun of the alleged conduct that few
    # sentences use (the accusation, the statement and one more): "subcontractor", not the word the
    # whole story uses ("strike" in a strike story, "market" in a market story).
    # Without an accusation to read the conduct from, only the words of the `about` terms count
    # ("the plant" in the accusation's sentence is the setting, not the claim).
    term_words = {f for term in about for w in term.split() for f in _forms(w)}
    pool = term_words | _noun_forms(conduct) if about else (_noun_forms(conduct) if conduct else nouns)
    rare = {n for n in pool if sum(1 for u in units if n in u.words) <= 3}
    first = min((u.index for u in covering), default=0)
    return _Topic(patterns, nouns | _noun_forms(conduct or []), rare, about_words, first)


def _overlaps(tokens: list[Any], pool: set[str]) -> bool:
    return any((_forms(t.lemma_) | _forms(t.text)) & pool for t in tokens)


def _answers(resp: Response, topic: _Topic, lex, position: int) -> bool:
    """Whether what ``resp`` answers is the topic (see the module's decisions); ``position`` is
    the index of the response's sentence among the draft's sentences (``_Unit.index``)."""
    theme = resp.theme
    text = " ".join(t.text for t in theme)
    if any(p.search(text) for p in topic.patterns):
        return True
    # "had not discharged any water" answers a claim about a "discharge"
    if any(t.pos_ in {"NOUN", "VERB"} and _forms(t.lemma_) & topic.about_words for t in theme):
        return True
    claim, generic = lex["claim-nouns"], lex["response-generic-nouns"]
    nouns = [t for t in theme if t.pos_ == "NOUN" and not is_proper(t)]

    def is_claim(t: Any) -> bool:
        framed = t.dep_ == "pobj" and t.head.lower_ in lex["framing-preps"]
        return (t.lemma_.lower() in claim or t.lower_ in claim) and not framed

    specific = [t for t in nouns if not is_claim(t) and t.lemma_.lower() not in generic
                and t.lower_ not in generic]
    spec_ids = {t.i for t in specific}
    for c in nouns:
        if not is_claim(c):
            continue
        own = set()
        for t in c.subtree:
            anc, inside_source = t, False
            while anc.i != c.i:  # "the union's claims", "the claims by Seoul": the claimant, not the topic
                if anc.dep_ == "poss" or (anc.dep_ == "prep" and anc.lower_ in lex["claimant-preps"]):
                    inside_source = True
                    break
                anc = anc.head
            if t.i in spec_ids and not inside_source:
                own.add(t.i)
        if not own:
            return True
    if resp.weak:
        lowered = " " + " ".join(t.lower_ for t in theme) + " "
        denies = any(f" {w} " in lowered for w in lex["denial-words"])
        if denies and (not specific or _overlaps(specific, topic.nouns)):
            return True
        return not resp.sourcing and position > topic.first and _overlaps(specific, topic.rare)
    return not specific or _overlaps(specific, topic.nouns)


# --- who answers ----------------------------------------------------------------------------------

def _previous_text(unit: _Unit, units: list[_Unit]) -> str:
    """The sentence before ``unit`` when it is in the same or the directly preceding paragraph."""
    if unit.index == 0:
        return ""
    prev = units[unit.index - 1]
    if prev.block is unit.block or prev.block.paragraph in (unit.block.paragraph, unit.block.paragraph - 1):
        return prev.text
    return ""


def _is_second_reference(tok: Any, party: Party, lex) -> bool:
    """"the company", "the organiser": a definite generic noun that may stand for a party named just
    before — one of the party's own "the <noun>" forms, or a noun any business goes by."""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) or \
            any(is_proper(t) for t in tok.subtree):
        return False
    noun = tok.lemma_.lower()
    return noun in lex["company-second-references"] or f"the {noun}" in party.keys


def _party_mentions(text: str, party: Party, ctx: Context) -> list[tuple[int, int]]:
    """Mentions of ``party`` that are not part of another fact-file source's longer name
    ("Lindgate" inside "Lindgate Gazette" is the newspaper, not the landlord)."""
    found = mentions(text, party)
    if ctx.facts is None or not found:
        return found
    taken: list[tuple[int, int]] = []
    for ref in ctx.facts.sources:
        if ref == party.ref:
            continue
        full = {re.sub(r"^[Tt]he\s+", "", n.strip()) for n in ctx.facts.names_for(ref)}
        other = Party(ref, frozenset(n for n in full if n and not n.islower()))
        taken.extend(mentions(text, other))
    return [(a, b) for a, b in found if not any(x <= a and b <= y and (y - x) > (b - a) for x, y in taken)]


def _antecedent_is(r: Any, party: Party, sentence: Sentence, units_of: dict[int, _Unit],
                   units: list[_Unit], ctx: Context) -> bool:
    """A pronoun or "the company" refers to ``party`` when the party is named earlier in its
    sentence with no other name in between, or in the sentence before (when its own sentence names
    nobody else before it: "Port spokesman Ivo Renn said he could not comment" is Renn)."""
    span = sentence.doc_span
    others = [t for t in span if t.i < r.i and is_proper(t) and t.dep_ in {"nsubj", "nsubjpass", "compound",
                                                                             "appos", "poss", "pobj", "dobj"}]
    before = doc_text(span.doc)[span.start_char:r.idx]
    found = _party_mentions(before, party, ctx)
    if found:
        last = found[-1][1] + span.start_char
        return not any(t.idx >= last and not mentions(t.text, party) for t in others)
    if others:
        return False
    unit = units_of.get(sentence.index)
    return bool(unit is not None and _party_mentions(_previous_text(unit, units), party, ctx))


def _by_party(resp: Response, party: Party, ctx: Context, units_of: dict[int, _Unit],
              units: list[_Unit]) -> bool:
    personal = ctx.lexicon["party-pronouns"]
    for r in resp.responders:
        whole = phrase_text(r)
        if ctx.facts is not None and r.lower_ not in personal:
            ref = ctx.facts.resolve(whole)
            if ref is not None:
                if ref == party.ref:
                    return True
                continue  # the fact file names someone else
        if r.lower_ in personal or _is_second_reference(r, party, ctx.lexicon):
            # a pronoun or "the company" stands for a party named just before it
            if _antecedent_is(r, party, resp.sentence, units_of, units, ctx):
                return True
            if r.lower_ in personal:
                continue
        if any(same_party(n, party, ctx.lexicon, ctx.facts) for n in [whole, *phrase_names(r, ctx.lexicon)]):
            return True
    return False


@dataclass
class _Analysis:
    units: list[_Unit]
    units_of: dict[int, _Unit]
    responses: list[Response]
    accusations: list[Accusation]

    def position(self, resp: Response) -> int:
        unit = self.units_of.get(resp.sentence.index)
        return unit.index if unit is not None else 0


def _analyse(ctx: Context) -> _Analysis:
    """The draft's sentences, accusations and responses (derived once per draft: both rules read
    them)."""
    doc = ctx.document
    units = _units(doc)
    units_of = {u.sentence.index: u for u in units if u.sentence is not None}
    sents = [s for s in doc.sentences if s.block.kind.is_prose]
    return _Analysis(units, units_of, list(find_responses(sents, ctx.lexicon)),
                     list(find_accusations(sents, ctx.lexicon)))


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


_Owed = tuple[Denial, Party, _Topic, list[_Unit]]


def _owed(ctx: Context) -> list[_Owed]:
    """Each [[denial]] whose topic the draft covers, with its party, topic and covering sentences
    (derived once per draft: AT301 reports them, AT302 leaves them to AT301)."""
    return list(_owed_denials(ctx, ctx.derive(_analyse)))


def _owed_denials(ctx: Context, an: _Analysis) -> Iterator[_Owed]:
    if ctx.facts is None:
        return
    for d in ctx.facts.denials:
        patterns = [_term_pattern(t) for t in d.about]
        covering = [u for u in an.units if any(p.search(u.text) for p in patterns)]
        if not covering:
            continue
        party = party_from_facts(ctx.facts, d.party, ctx.lexicon)
        covered = {u.sentence.index for u in covering if u.sentence is not None}
        conduct = [t for a in an.accusations if a.sentence.index in covered and _against(a, party, ctx)
                   for t in a.conduct]
        yield d, party, _topic(patterns, d.about, covering, an.units, conduct), covering


@rule("AT301", "missing-denial", "error", "a denial or response on record is missing from the draft",
      needs_facts=True)
def missing_denial(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    With a fact file: when the draft covers a topic on which a party has a denial or response on
    record (a `[[denial]]` whose `about` terms the draft mentions), checks that some sentence
    reports that party's response — the party (or an alias, or a pronoun for it) denying,
    dismissing, rejecting, refuting or disputing the claim, declining to comment, not responding
    to a request for comment, not being reachable, or the passive "was denied by …". The finding
    sits on the party's name in the first sentence that covers the topic.

    ## Why is this bad?
    Reporting an accusation without the accused party's answer is one-sided: it is the first
    thing a fairness complaint, a correction request or a libel lawyer points to. When the desk
    already has the response on record, leaving it out is a choice the story cannot defend.

    ## Example
    ```
    The drivers' union accused Fenwick Buses of hiring untrained agency drivers.
    Fenwick Buses said its new timetable would start in June.
    ```

    ## Use instead
    ```
    The drivers' union accused Fenwick Buses of hiring untrained agency drivers.
    Fenwick Buses denied hiring untrained drivers.
    ```

    ## Decisions
    Any response form answers any response on record ("declined to comment" answers a recorded
    denial). A denial of something else does not ("denied arms transfers" when the claim is
    about troops), nor does a statement on another subject ("said the job cuts were needed").
    Aliases come from the fact file's `[[source]]` entries, plus short forms (surname, "the
    ministry" for "the Defence Ministry").

    ## Word lists
    Response and claim words live in `rules/denials.toml` and can be extended with a lexicon
    file.
    """
    an = ctx.derive(_analyse)
    where = ctx.facts_path or "the fact file"
    for d, party, topic, covering in ctx.derive(_owed):
        if any(_by_party(r, party, ctx, an.units_of, an.units) and
               _answers(r, topic, ctx.lexicon, an.position(r)) for r in an.responses):
            continue
        start, end, written = _where(party, covering, topic, an, ctx)
        name = party.name
        here = f' (named "{written}" here)' if written and normalise(written) != normalise(name) else ""
        if d.statement:
            said = d.statement if d.statement[:1].islower() else None
            record = f'it "{said}"' if said else f'"{d.statement}"'
            msg = (f"{_possessive(name)} response is on record but not in the draft{here}: {record} "
                   f"({where}, denial {d.id})")
            suggestion = f"add {_possessive(name)} response: {'it ' + said if said else d.statement}"
        else:
            msg = (f"{_possessive(name)} response on {', '.join(d.about)} is on record but not in the "
                   f"draft{here} ({where}, denial {d.id})")
            suggestion = f"add {_possessive(name)} response"
        yield Finding(start, end, msg, suggestion, d.id)


def _against(acc: Accusation, party: Party, ctx: Context) -> bool:
    return any(same_party(n, party, ctx.lexicon, ctx.facts) for n in [acc.name, *acc.names])


def _where(party: Party, covering: list[_Unit], topic: _Topic, an: _Analysis,
           ctx: Context) -> tuple[int, int, str | None]:
    """Source span for an AT301 finding, and the party's name as written there.

    The accused's name in the sentence reporting the accusation; else its name in the first
    sentence covering the topic; else an accusation against it elsewhere; else the topic term.
    """
    against = [a for a in an.accusations if _against(a, party, ctx)]
    covered = {u.sentence.index for u in covering if u.sentence is not None}
    inside = [a for a in against if a.sentence.index in covered]
    for acc in inside:
        a, b = acc.sentence.block.source_span(acc.start, acc.end)
        return a, b, acc.name
    for u in covering:
        found = _party_mentions(u.text, party, ctx)
        if found:
            a, b = found[0]
            start, end = u.block.source_span(u.start + a, u.start + b)
            return start, end, u.text[a:b]
    for acc in against:
        a, b = acc.sentence.block.source_span(acc.start, acc.end)
        return a, b, acc.name
    first = covering[0]
    m = next(m for p in topic.patterns if (m := p.search(first.text)))
    start, end = first.block.source_span(first.start + m.start(), first.start + m.end())
    return start, end, None


@rule("AT302", "no-response", "warning", "an accusation with no response from the accused")
def no_response(ctx: Context) -> Iterator[Finding]:
    """
    ## What it does
    Flags an explicit accusation against a named party — "X accused Y of …", "X blamed Y for
    …", "X charged Y with …", "X alleged that Y …", "X said Y had hidden …", "Y is alleged to
    have …", "Y was accused of …" — when the draft carries no response from Y anywhere: no
    denial, no "declined to comment", no "did not respond to a request for comment", no "could
    not be reached", no statement by Y about the accusation. Needs no fact file. Only
    accusations whose target the parse shows are flagged: not an accusation inside a quotation
    (the speaker's own words), not a label ("accused Holm of arrogance", "of being out of
    touch"), not a negated one, not one against a pronoun, a group ("Democrats") or an unnamed
    body ("the agency").

    ## Why is this bad?
    Fairness: a party accused in print is owed the chance to answer, and readers are owed the
    answer or the fact that none came. An accusation left hanging is the commonest ground of
    complaints to editors and press regulators.

    ## Example
    ```
    Councillor Joy Abara accused the organiser, Redfern Live, of opening the gates late.
    ```

    ## Use instead
    ```
    Councillor Joy Abara accused the organiser, Redfern Live, of opening the gates late.
    Redfern Live did not respond to a request for comment.
    ```

    ## Decisions
    The accused is matched by the name as written and its short forms (surname, first word of a
    company name, initials, "the ministry" after "the Defence Ministry", "the mayor" after
    "Mayor Edda Lorne"), pronouns in the next sentence, and phrases that speak for it ("a
    spokesman for Redfern", "the mayor's office", "a spokeswoman for the mayor"). A name joined
    by "&" is one party ("Harbour Tug & Salvage"). With a fact file its
    aliases count too, and a party whose denial on record the draft owes is left to AT301.

    ## Word lists
    Accusation verbs live in `rules/denials.toml` (`accusation-verbs`, `accusation-preps`,
    `accusation-passives`) and can be extended with a lexicon file.
    """
    an = ctx.derive(_analyse)
    owed_refs = {party.ref for _, party, _, _ in ctx.derive(_owed)}
    reported: list[Party] = []
    for acc in an.accusations:
        if _rebutted_in_place(acc, an, ctx):
            continue
        party = _accused_party(acc, ctx)
        if party.ref is not None and party.ref in owed_refs:
            continue
        if any(same_party(acc.name, p, ctx.lexicon) for p in reported):
            continue
        if _responded(party, acc, ctx, an):
            continue
        reported.append(party)
        block = acc.sentence.block
        start, end = block.source_span(acc.start, acc.end)
        name = acc.name
        msg = (f"{name} is accused here but never answers in the draft: report {_possessive(name)} "
               "response, or say that the request for comment was declined or went unanswered")
        yield Finding(start, end, msg, f"add {_possessive(name)} response to the accusation")


def _accused_party(acc: Accusation, ctx: Context) -> Party:
    forms: set[str] = set(name_forms(acc.name, ctx.lexicon))
    for n in acc.names:
        if n.startswith("the ") or normalise(n) != normalise(acc.name):
            forms |= name_forms(n, ctx.lexicon)
    ref = None
    if ctx.facts is not None:
        ref = ctx.facts.resolve(acc.name) or next(filter(None, map(ctx.facts.resolve, acc.names)), None)
        if ref is not None:
            forms |= party_from_facts(ctx.facts, ref, ctx.lexicon).forms
    return Party(acc.name, frozenset(forms), ref)


def _responded(party: Party, acc: Accusation, ctx: Context, an: _Analysis) -> bool:
    unit = an.units_of.get(acc.sentence.index)
    topic = _topic([], (), [unit] if unit else [], an.units, acc.conduct)
    for r in an.responses:
        if r.verb.i == acc.verb.i and r.sentence is acc.sentence:
            continue  # the accusation itself
        if _by_party(r, party, ctx, an.units_of, an.units) and \
                (not r.weak or _answers(r, topic, ctx.lexicon, an.position(r))):
            return True
    return False


def _rebutted_in_place(acc: Accusation, an: _Analysis, ctx: Context) -> bool:
    """"She says the posts accusing Dana Cole of … are lies": the sentence reports the accusation
    only as something another speaker rejects; it does not stand as the draft's claim."""
    for r in an.responses:
        if r.sentence is not acc.sentence or acc.verb.i not in {t.i for t in r.theme}:
            continue
        lowered = " " + " ".join(t.lower_ for t in r.theme) + " "
        if not r.weak or any(f" {w} " in lowered for w in ctx.lexicon["denial-words"]):
            return True
    return False
