"""Accusations and responses in the parse (policy §4): who is accused of what, and who answers.

Reads the dependency parse of sentences (``Sentence.doc_span``); names go through the party model
of ``attrlint.analysis.parties``. Word lists come from ``rules/denials.toml`` and
``rules/parties.toml``.

Decisions worth knowing:
- A phrase speaking for a party is the party: "a spokesman for Brightwell", "Brightwell's lawyer",
  "Marovia's foreign ministry" (heads in ``party-representatives``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from attrlint.analysis.parties import name_forms, normalise
from attrlint.analysis.quotes import quote_spans
from attrlint.analysis.tokens import SUBJECTS
from attrlint.lexicon import Lexicon

if TYPE_CHECKING:
    from attrlint.model import Sentence

# The doer of an active verb: the parse's subjects without the passive one ("X was accused").
ACTIVE_SUBJECTS = SUBJECTS - {"nsubjpass"}
_VERBS = {"VERB", "AUX"}


# --- noun phrases in the parse ------------------------------------------------------------------

def is_proper(tok: Any) -> bool:
    """A word of a proper name: PROPN, or capitalised inside the sentence ("Redfern" as ADJ)."""
    if not tok.text[:1].isupper():
        return False  # the small model sometimes tags "ministry" PROPN
    if tok.pos_ == "PROPN":
        return True
    if not tok.is_alpha or tok.pos_ in {"PRON", "DET", "VERB", "AUX"}:
        return False
    if tok.i != tok.sent.start:
        return True
    return tok.dep_ in {"compound", "amod"} and tok.head.pos_ == "PROPN"


def name_chain(head: Any) -> list[Any]:
    """The proper-name tokens of the phrase headed by ``head`` ("Bank of Ostland"), or []."""
    if not is_proper(head):
        return []
    doc = head.doc
    chain = [head]
    i = head.i - 1
    while i >= head.sent.start:
        t = doc[i]
        # adjacent name words, wherever the small model hangs them ("Brightwell" as npadvmod)
        if is_proper(t) and t.dep_ in {"compound", "amod", "nmod", "flat", "npadvmod"} and \
                (t.head.i in {c.i for c in chain} or t.pos_ == "PROPN"):
            chain.insert(0, t)
            i -= 1
            continue
        break
    for c in head.children:  # "Port of Calmora", "Bank of Ostland"
        if c.dep_ == "prep" and c.lower_ == "of" and c.i == head.i + 1:
            objs = [p for p in c.children if p.dep_ == "pobj" and is_proper(p)]
            if objs:
                chain.extend([c, *name_chain(objs[0])])
    joined = _ampersand(head)
    if joined is not None:  # "Harbour Tug & Salvage" is one company, not two parties
        chain.extend([doc[head.i + 1], *name_chain(joined)])
    return sorted(chain, key=lambda t: t.i)


def _ampersand(head: Any) -> Any | None:
    """The proper noun joined to ``head`` by a directly following "&" ("Tug & Salvage")."""
    doc = head.doc
    if head.i + 2 >= len(doc) or doc[head.i + 1].text != "&" or doc[head.i + 1].head.i != head.i:
        return None
    conj = [c for c in head.children if c.dep_ == "conj" and c.i > head.i + 1 and is_proper(c)]
    return conj[0] if conj else None


def span_text(tokens: list[Any]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def phrase_names(tok: Any, lex: Lexicon, depth: int = 0) -> list[str]:
    """Names a noun phrase goes by: its proper name, "the <noun>", an apposition, and the party a
    representative speaks for ("a spokesman for Brightwell" → "Brightwell")."""
    out: list[str] = []
    chain = name_chain(tok)
    if chain:
        out.append(span_text(chain))
    elif tok.pos_ in {"NOUN", "PROPN"} and not any(is_proper(t) for t in tok.lefts):
        # "the campaign", but not for "the Varga campaign": that one is Varga's
        out.append("the " + tok.lower_)
        if tok.lemma_.lower() != tok.lower_:
            out.append("the " + tok.lemma_.lower())
    # proper words elsewhere before the head: "Brightwell spokesman Tom Berg"
    left = [t for t in tok.subtree if t.i < tok.i and is_proper(t) and t.dep_ in {"compound", "amod", "nmod"}
            and (not chain or t.i < chain[0].i)]
    if left:
        runs: list[list[Any]] = [[left[0]]]
        for t in left[1:]:
            if t.i == runs[-1][-1].i + 1:
                runs[-1].append(t)
            else:
                runs.append([t])
        out.extend(span_text(r) for r in runs)
    if depth > 1:
        return out
    speaks_for = tok.lemma_.lower() in lex["party-representatives"] or \
        tok.lower_ in lex["party-representatives"]
    for c in tok.children:
        if c.dep_ == "appos" or (c.dep_ == "poss" and c.pos_ != "PRON" and speaks_for):
            out.extend(phrase_names(c, lex, depth + 1))
        elif c.dep_ == "prep" and c.lower_ in lex["representative-preps"] and speaks_for:
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(phrase_names(p, lex, depth + 1))
    return out


def phrase_text(tok: Any) -> str:
    """The noun phrase's own words, without relative clauses, appositions or punctuation."""
    skip: set[int] = set()
    for t in tok.subtree:
        if t.i != tok.i and t.dep_ in {"relcl", "acl", "appos", "punct", "advcl", "conj", "cc"}:
            skip |= {x.i for x in t.subtree}
    toks = [t for t in tok.subtree if t.i not in skip]
    return span_text(toks) if toks else tok.text


def expand_conj(tok: Any) -> list[Any]:
    """"Moscow and Pyongyang": both heads of a coordinated phrase."""
    out = [tok]
    joined = _ampersand(tok) if tok.pos_ == "PROPN" else None
    skip = joined.i if joined is not None else -1
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in {"PROPN", "NOUN", "PRON", "ADJ"} and c.i != skip:
            out.extend(expand_conj(c))
    return out


def negated(tok: Any, lex: Lexicon) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in lex["negation-words"] for c in tok.children)


def is_passive(verb: Any) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children)


def subjects(verb: Any, lex: Lexicon, depth: int = 0) -> list[Any]:
    """Who does ``verb``: its subject, a relative clause's antecedent, or the governing verb's
    subject for "X declined to comment", "X said … and denied …", "denying the claim, X said"."""
    found = [c for c in verb.children if c.dep_ in ACTIVE_SUBJECTS]
    out: list[Any] = []
    for s in found:
        if s.lower_ in lex["relative-pronouns"] and verb.dep_ == "relcl":
            s = verb.head
        out.extend(expand_conj(s))
    if not out and depth < 3 and verb.dep_ in {"xcomp", "conj", "advcl", "pcomp"} and verb.head.i != verb.i:
        head = verb.head
        if head.dep_ == "prep":
            head = head.head
        if head.pos_ in _VERBS:
            if verb.dep_ == "conj" and is_passive(head) and not is_passive(verb):
                return []
            return subjects(head, lex, depth + 1)
    return out


def agents(verb: Any) -> list[Any]:
    out: list[Any] = []
    for c in verb.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by" and is_passive(verb)):
            for p in c.children:
                if p.dep_ == "pobj":
                    out.extend(expand_conj(p))
    return out


# --- accusations ------------------------------------------------------------------------------

@dataclass
class Accusation:
    """"X accused Y of …", "Y is alleged to have …": the accused, as written, and the conduct."""

    sentence: Sentence
    verb: Any  # the accusing verb ("accused", "alleged")
    target: Any  # head token of the accused phrase
    name: str  # the accused's name as written (title dropped)
    start: int  # block-text offsets of ``name``
    end: int
    names: list[str]  # every name the accused phrase gives
    accusers: list[Any]
    conduct: list[Any]  # tokens stating the alleged conduct


def _accused_name(tok: Any, lex: Lexicon) -> tuple[list[Any], list[str]] | None:
    """The proper-name tokens naming an accused phrase and all its names; None when unnamed."""
    if tok.pos_ == "PRON":
        return None
    chain = name_chain(tok)
    names = phrase_names(tok, lex)
    if not chain:
        # "the festival's organiser, Redfern Live": the apposition names it before the possessor;
        # "management at Fenwick Buses" names the party it speaks for
        speaks_for = tok.lemma_.lower() in lex["party-representatives"]
        heads = [c for dep in ("appos", "poss") for c in tok.children if c.dep_ == dep]
        heads += [p for c in tok.children
                  if speaks_for and c.dep_ == "prep" and c.lower_ in lex["management-preps"]
                  for p in c.children if p.dep_ == "pobj"]
        chain = next((name_chain(h) for h in heads if name_chain(h)), [])
    if not chain:
        apposed = _apposed_name(tok)
        if apposed is not None:
            chain = name_chain(apposed)
            names = names + phrase_names(apposed, lex)
    if not chain or any(c.lower_ in lex["no-party-determiners"] and c.dep_ in {"preconj", "det"}
                        for c in tok.children):
        return None
    if len(chain) == 1 and chain[0].tag_ == "NNPS":
        return None  # "Greens", "Democrats": a group, not a party that can answer
    if any(t.lower_ in lex["non-party-names"] for t in chain):
        return None  # "blamed Brexit", "blamed Storm Ciara": nobody to answer
    # drop leading titles from what we point at: "Mayor Edda Lorne" → "Edda Lorne"
    if chain[-1].lower_ not in lex["generic-party-heads"]:
        while len(chain) > 1 and chain[0].lower_.rstrip(".") in lex["person-titles"]:
            chain = chain[1:]
    return chain, names


def _apposed_name(tok: Any) -> Any | None:
    """"accused the organiser, Redfern Live, of …" when the parser hangs the name on the verb: a
    proper noun right after ``tok`` and a comma."""
    doc = tok.doc
    j = tok.right_edge.i + 1
    if j + 1 < len(doc) and doc[j].text == "," and doc[j + 1].pos_ == "PROPN":
        k = j + 1
        while k + 1 < len(doc) and doc[k + 1].pos_ == "PROPN":
            k += 1
        if doc[k].dep_ in {"appos", "npadvmod", "conj", "dobj"}:
            return doc[k]
    return None


def _conduct(verb: Any, preps: AbstractSet[str]) -> list[Any]:
    out: list[Any] = []
    for c in verb.children:
        if (c.dep_ == "prep" and c.lower_ in preps) or c.dep_ in {"xcomp", "ccomp"}:
            out.extend(c.subtree)
    return out


def is_conduct(tokens: list[Any], lex: Lexicon) -> bool:
    """Whether the alleged content states conduct: an action ("of hiding", "to have paid") or a
    wrongdoing noun ("of fraud"); "of being a Democrat" or "of 'arrogance'" is a label."""
    verbs = sorted((t for t in tokens if t.pos_ == "VERB"), key=lambda t: t.i)
    if verbs and verbs[0].lemma_.lower() != "be" and not is_passive(verbs[0]):
        return True  # the first verb says what the party did; "of being misled" was done to it
    for t in tokens:
        if t.pos_ in {"NOUN", "PROPN"} and (t.lemma_.lower() in lex["wrongdoing-nouns"] or
                                           t.lower_ in lex["wrongdoing-nouns"]):
            return True
    return False


def _in_quote(tok: Any, quotes: list[tuple[int, int, bool]]) -> bool:
    return any(a <= tok.idx < b for a, b, _ in quotes)


def find_accusations(sentences: Iterable[Sentence], lex: Lexicon) -> Iterator[Accusation]:
    """Explicit accusations against a named party, in reading order (precision first: the parse
    must show the party as the target)."""
    preps: dict[str, set[str]] = {}
    for entry in lex["accusation-preps"]:
        v, _, p = entry.partition(" ")
        preps.setdefault(v, set()).add(p)
    parse, quotes = None, []
    for s in sentences:
        if s.doc_span is None:
            continue
        # A quoted speaker's accusation is the speaker's rhetoric, reported as such (precision first).
        if s.doc_span.doc is not parse:  # once per block, not per sentence
            parse = s.doc_span.doc
            quotes = quote_spans(parse.text)
        for tok in s.doc_span:
            if tok.pos_ not in _VERBS or negated(tok, lex) or _in_quote(tok, quotes):
                continue
            lemma = tok.lemma_.lower()
            if tok.tag_ == "VBN" and tok.lower_ in lex["accusation-passives"] and \
                    (is_passive(tok) or tok.dep_ == "acl" or _stands_accused(tok, lex)):
                found = _accused_passive(tok, lex)
            elif lemma in lex["accusation-verbs"] and not is_passive(tok):
                found = _accuse_active(tok, lemma, preps.get(lemma, set()), lex)
            elif lemma in lex["said-verbs"] and not is_passive(tok):
                found = _said_misconduct(tok, lex)
            else:
                continue
            targets, conduct, accusers = found
            # Blame always assigns responsibility; "accused X of arrogance" may only label X.
            labels_only = lemma not in lex["blame-verbs"] and not is_conduct(conduct, lex)
            if not targets or not conduct or labels_only:
                continue
            yield from _accusations(s, tok, targets, conduct, accusers, lex)


_Found = tuple[list[Any], list[Any], list[Any]]  # targets, conduct tokens, accusers


def _accuse_active(tok: Any, lemma: str, preps: set[str], lex: Lexicon) -> _Found:
    """"X accused Y of …", "X blamed the flooding on Y", "X alleged that Y …"."""
    accusers = subjects(tok, lex)
    if lemma == "allege":
        for c in tok.children:
            if c.dep_ == "ccomp":
                return [x for x in c.children if x.dep_ in {"nsubj", "nsubjpass"}], list(c.subtree), accusers
        return [], [], accusers
    objs = [c for c in tok.children if c.dep_ in {"dobj", "dative"}]
    # the parser hangs "on Y" / "of …" on the verb or on its object
    on = [c for h in [tok, *objs] for c in h.children if c.dep_ == "prep" and c.lower_ == "on"]
    if "on" in preps and on:
        conduct = [t for o in objs for t in o.subtree if t.i < on[0].i or t.i > on[0].right_edge.i]
        return [p for p in on[0].children if p.dep_ == "pobj"], conduct, accusers
    apposed = [a for o in objs if (a := _apposed_name(o)) is not None]
    conduct = [t for h in [tok, *objs, *apposed] for c in h.children
               if c.dep_ == "prep" and c.lower_ in preps - {"on"} for t in c.subtree]
    return (objs if conduct else []), conduct, accusers


def _said_misconduct(tok: Any, lex: Lexicon) -> _Found:
    """"X said Y had hidden …": misconduct stated about a named third party."""
    for c in tok.children:
        if c.dep_ != "ccomp" or c.lemma_.lower() not in lex["wrongdoing-verbs"] or negated(c, lex):
            continue
        if any(a.dep_ == "aux" and a.lower_ in lex["hypothetical-modals"] for a in c.children):
            continue  # a warning or a hypothesis, not an allegation
        return [x for x in c.children if x.dep_ == "nsubj"], list(c.subtree), subjects(tok, lex)
    return [], [], []


def _stands_accused(tok: Any, lex: Lexicon) -> bool:
    """"Y stands accused of …", "Y remains accused of …"."""
    return tok.dep_ in {"acomp", "oprd", "advcl", "xcomp"} and tok.head.lemma_.lower() in lex["stand-accused-verbs"]


def _accused_passive(tok: Any, lex: Lexicon) -> _Found:
    """"Y is alleged to have …", "Y was accused of …", "Y, accused of …", "it is alleged that Y …"."""
    if tok.dep_ == "acl":
        targets = [tok.head]
    elif _stands_accused(tok, lex):
        targets = [c for c in tok.head.children if c.dep_ == "nsubj"]
    else:
        targets = [c for c in tok.children if c.dep_ == "nsubjpass"]
        if targets and targets[0].lower_ == "it":
            targets = [x for c in tok.children if c.dep_ == "ccomp"
                       for x in c.children if x.dep_ in {"nsubj", "nsubjpass"}]
    by = agents(tok)
    preps = lex["accused-passive-preps"]
    # "accused by fans of hiding …": the parser may hang the conduct on the agent
    conduct = _conduct(tok, preps) or [t for a in by for c in a.children
                                       if c.dep_ == "prep" and c.lower_ in preps for t in c.subtree]
    return targets, conduct, by


def _accusations(s: Sentence, verb: Any, targets: list[Any], conduct: list[Any], accusers: list[Any],
                 lex: Lexicon) -> Iterator[Accusation]:
    accuser_names = [n for a in accusers for n in phrase_names(a, lex)]
    for target in [x for t in targets for x in expand_conj(t)]:
        if target.lower_ in lex["relative-pronouns"] and verb.dep_ == "relcl":  # "Ostrowski, who is accused of …"
            target = verb.head
        named = _accused_name(target, lex)
        if named is None:
            continue
        chain, names = named
        name = span_text(chain)
        forms = {f.lower() for f in name_forms(name, lex)}
        if any(normalise(a) == normalise(name) or normalise(a) in forms for a in accuser_names):
            continue  # accusing oneself is not a third party
        yield Accusation(s, verb, target, name, chain[0].idx, chain[-1].idx + len(chain[-1].text),
                         names, accusers, conduct)


# --- responses --------------------------------------------------------------------------------

@dataclass
class Response:
    """A sentence's report that someone answered: who, by which verb, and about what.

    ``weak`` responses ("said …") only count when what they say is about the accusation.
    ``theme`` holds the tokens of what was answered ("the report", "arms transfers").
    """

    sentence: Sentence
    verb: Any
    responders: list[Any]
    theme: list[Any] = field(default_factory=list)
    weak: bool = False
    # "According to X, …" mostly sources a fact; it answers only when it names the claim or denies.
    sourcing: bool = False


_THEME_DEPS = {"dobj", "ccomp", "xcomp", "prep", "attr", "oprd", "acomp", "dative", "pcomp", "obj"}


def _theme(verb: Any, passive: bool, exclude: Iterable[Any] = ()) -> list[Any]:
    deps = _THEME_DEPS | ({"nsubjpass"} if passive else set())
    skip = {t.i for e in exclude for t in e.subtree}
    # "…, the commission said, as the opposition alleged that …": a clause with another speaker of
    # its own is not what the responder said.
    for t in verb.subtree:
        if t.dep_ == "advcl" and t.i != verb.i and \
                any(c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN"} for c in t.children):
            skip |= {x.i for x in t.subtree}
    out = []
    for c in verb.children:
        # "Asked about the claims, X said …": a subjectless adverbial clause frames what X answers
        framing = c.dep_ == "advcl" and not any(x.dep_ in {"nsubj", "nsubjpass"} for x in c.children)
        if (c.dep_ not in deps and not framing) or (c.dep_ == "prep" and c.lower_ == "by" and passive):
            continue
        out.extend(t for t in c.subtree if t.i not in skip)
    return out


def find_responses(sentences: Iterable[Sentence], lex: Lexicon) -> Iterator[Response]:
    """Every report of a denial, a refusal to comment, an unanswered request or a statement."""
    strong = lex["denial-verbs"] - lex["weak-denial-verbs"]
    weak = lex["weak-denial-verbs"]
    # the two-word source phrases ("according to") whose object states a response
    phrases = {tuple(e.split()) for e in lex["source-prepositions"] if len(e.split()) == 2}
    openers = {p[0] for p in phrases}
    for s in sentences:
        if s.doc_span is None:
            continue
        for tok in s.doc_span:
            lemma = tok.lemma_.lower()
            if tok.lower_ in openers:
                # "According to Lindgate, the complaints were inspected": a statement like "said"
                who = [p for c in tok.children if (tok.lower_, c.lower_) in phrases
                       for p in c.children if p.dep_ == "pobj"]
                if who:
                    skip = {t.i for t in tok.subtree}
                    theme = [t for t in tok.head.subtree if t.i not in skip] if tok.head.i != tok.i else []
                    yield Response(s, tok, [x for p in who for x in expand_conj(p)], theme, weak=True,
                                   sourcing=True)
                continue
            if tok.pos_ in _VERBS:
                yield from _verb_response(s, tok, lemma, strong, weak, lex)
            elif tok.pos_ == "ADJ" and lemma in lex["available-words"]:
                # "X was not available for comment"
                for_comment = any(c.dep_ == "prep" and c.lower_ == "for" and
                                  any(p.lemma_.lower() in lex["response-nouns"] for p in c.children)
                                  for c in tok.children)
                off = lemma.startswith("un") or negated(tok, lex) or negated(tok.head, lex)
                if for_comment and off and tok.head.pos_ in _VERBS:
                    yield Response(s, tok, subjects(tok.head, lex), [])
            if tok.pos_ == "NOUN" and tok.lemma_.lower() in lex["response-nouns"]:
                # "There was no immediate comment from Lindgate"
                src = [p for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                       for p in c.children if p.dep_ == "pobj"]
                refused = any(c.dep_ == "det" and c.lower_ in lex["refusal-determiners"] for c in tok.children) \
                    or negated(tok.head, lex)
                if src and refused:
                    yield Response(s, tok, [x for p in src for x in expand_conj(p)], [])
            if tok.dep_ == "dobj" and tok.lemma_.lower() in lex["response-nouns"] and \
                    tok.head.lemma_.lower() in lex["response-noun-verbs"]:
                # "X had no comment", "X issued a denial"
                theme = [t for t in tok.subtree if t.i != tok.i and t.dep_ != "det"]
                yield Response(s, tok.head, subjects(tok.head, lex), theme)


def _verb_response(s: Sentence, tok: Any, lemma: str, strong: frozenset[str], weak: frozenset[str],
                   lex: Lexicon) -> Iterator[Response]:
    passive = is_passive(tok)
    if lemma in lex["decline-verbs"]:
        comps = [c for c in tok.children
                 if c.dep_ == "xcomp" and c.lemma_.lower() in lex["decline-complements"]]
        if comps:
            theme = [t for t in comps[0].subtree if t.i != comps[0].i]
            yield Response(s, tok, subjects(tok, lex), theme)
        return
    if lemma in lex["unreachable-verbs"]:
        if passive and negated(tok, lex):
            who = [x for c in tok.children if c.dep_ == "nsubjpass" for x in expand_conj(c)]
            yield Response(s, tok, who, [])
        return
    unanswered = passive and negated(tok, lex) and lemma in lex["unanswered-verbs"] or \
        any(c.dep_ == "acomp" and c.lower_ in lex["unanswered-words"] for c in tok.children)
    if unanswered:
        # "Messages left for Lindgate were not returned", "Requests sent to Lindgate went unanswered"
        asked = [c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}
                 and c.lemma_.lower() in lex["response-generic-nouns"]]
        who = [p for a in asked for t in a.subtree if t.dep_ == "prep" and t.lower_ in {"for", "to"}
               for p in t.children
               if p.dep_ == "pobj" and p.lemma_.lower() not in lex["response-generic-nouns"]]
        if who:
            yield Response(s, tok, [x for p in who for x in expand_conj(p)], [])
        return
    if lemma in lex["unanswered-verbs"]:  # "did not return calls seeking comment"
        objs = [c for c in tok.children if c.dep_ == "dobj"]
        if negated(tok, lex) and objs and objs[0].lemma_.lower() in lex["response-generic-nouns"]:
            yield Response(s, tok, subjects(tok, lex), [])
        return
    if lemma in lex["decline-complements"] and tok.dep_ == "xcomp" and \
            tok.head.lemma_.lower() in lex["decline-verbs"]:
        return  # reported through the declining verb
    if lemma in strong or lemma in lex["no-comment-verbs"] or \
            (lemma in lex["accusation-verbs"] and not passive):  # a counter-accusation answers too
        is_weak = False
    elif lemma in weak:
        is_weak = True
    else:
        return
    who = agents(tok) if passive else subjects(tok, lex)
    if passive and not who:
        return
    yield Response(s, tok, who, _theme(tok, passive, exclude=who), is_weak)
