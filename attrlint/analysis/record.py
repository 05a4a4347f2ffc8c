"""Figures that are the public record itself (policy §2): the outcome of a public act the
sentence reports as done by a named actor, and market data stated as of a quote time.

"The council voted 7-2", "was sentenced to 12 years", "was charged with nine counts", "the
council adopted a $412 million budget", "The index closed at 4,512, up 1.2 percent": the vote,
the court's judgment, the charge sheet, the adopted budget and the exchange's quote are the
record, and a wire desk credits none of them. An election's results, a forecast, a target, a
company's reported result and a count the reporter compiles over time still need a source.

``public_record`` runs the tests of ``RECORD_TESTS`` in order and names the first that applies.
Word lists: ``rules/record.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from attrlint.analysis.claims import ClaimCase, ClaimTest, first_applying
from attrlint.analysis.tokenindex import up_the_tree
from attrlint.analysis.tokens import SUBJECTS, syntactic_head, word_forms
from attrlint.lexicon import Lexicon, alternation

_TALLY = re.compile(r"\d+\s*[-–]\s*\d+|\d+\s+to\s+\d+")
_TALLY_AROUND = re.compile(r"(\d+)\s+to\s+(\d+)")


def _first(case: ClaimCase, name: str, wanted: Callable[[Any], bool]) -> Any:
    """The first token that is ``wanted`` among the figure's tokens and their heads up to the
    sentence's root, nearest first, or None. Each token's answer is kept per parse under
    ``name``: in a long list of conjoined figures each one's heads are the figures before it."""
    key = ("attrlint.record", name, id(case.lex))
    for i in sorted(case.tokens):
        j = up_the_tree(case.sdoc[i], key, lambda t: t.i if wanted(t) else None, -1)
        if j >= 0:
            return case.sdoc[j]
    return None


def _is_verb(t) -> bool:
    return t.pos_ in {"VERB", "AUX"}


def _in_subject(case: ClaimCase, verb) -> bool:
    """The figure counts who did or underwent the act ("Thousands have been jailed"), not its
    outcome."""
    subj = {t.i for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree}
    return bool(case.tokens & subj)


def _stated(verb, lex: Lexicon) -> bool:
    """The verb states what happened or holds, not what would, could or is wanted to happen."""
    if any(c.dep_ == "aux" and c.lower_ in lex["unstated-modals"] for c in verb.children):
        return False
    if verb.tag_ in {"VBD", "VBZ", "VBP"}:
        return True
    helped = any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
    if verb.tag_ == "VBN" and not helped and any(c.dep_ == "nsubj" for c in verb.children):
        return True  # "The yen traded at 148.5": a past tense the tagger took for a participle
    if verb.dep_ == "conj" and not helped:
        return _stated(verb.head, lex)  # "was sentenced to 12 years and fined $50,000"
    return verb.tag_ in {"VBN", "VBG"} and helped


def _actors(verb, lex: Lexicon) -> list:
    """Who does or undergoes the act: the verb's subject, object and agent, or the subject of
    the verb it hangs on ("The council voted to adopt …")."""
    v = verb
    for _ in range(3):
        subj = [c for c in v.children if c.dep_ in SUBJECTS]
        if subj or v.dep_ not in {"xcomp", "conj", "advcl"}:
            break
        v = v.head
    out = [c for c in v.children if c.dep_ in SUBJECTS]
    out += [c for c in verb.children if c.dep_ in {"dobj", "dative"}]
    out += [o for c in verb.children if c.dep_ in {"agent", "prep"} and c.lower_ in lex["actor-prepositions"]
            for o in c.children if o.dep_ == "pobj"]
    return out


def _names_body(tok, bodies: frozenset[str]) -> bool:
    return bool(word_forms(tok) & bodies or any(
        c.dep_ in {"compound", "amod"} and word_forms(c) & bodies for c in tok.children))


def _agent(verb) -> list:
    return [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]


def _is_tally(case: ClaimCase) -> bool:
    text, ns = case.sent.block.text, case.ns
    if _TALLY.fullmatch(ns.text):
        return True
    for m in _TALLY_AROUND.finditer(text, max(0, ns.start - 12), ns.end + 12):
        if m.start(1) == ns.start or m.start(2) == ns.start:
            return True
    return False


def vote_tally(case: ClaimCase) -> bool:
    """ "The council voted 7-2", "the Senate passed it 52 to 48", "in a 5-4 ruling the court …":
    the tally of a vote a named body took (an election's results need a source)."""
    lex = case.lex
    if not _is_tally(case) or {t.lower_ for t in case.sent.doc_span} & lex["election-words"]:
        return False
    bodies = lex["record-bodies"]
    t = _first(case, "vote", lambda t: _is_verb(t) or t.pos_ == "NOUN" and t.lemma_.lower() in lex["vote-nouns"])
    if t is None:
        return False
    if _is_verb(t) and t.lemma_ == "be":
        return _stated(t, lex) and _vote_pointed_back(t, case)
    if _is_verb(t):
        return t.lemma_.lower() in lex["vote-verbs"] and _stated(t, lex) and not _in_subject(case, t) \
            and any(_names_body(a, bodies) for a in _actors(t, lex))
    verb = next((h for h in t.ancestors if _is_verb(h)), None)
    return verb is not None and _stated(verb, lex) and any(_names_body(a, bodies) for a in _actors(verb, lex))


def _vote_pointed_back(be, case: ClaimCase) -> bool:
    """ "The vote was 70-29": the vote the story has already reported, pointed back at, in a
    paragraph that says nothing of an election."""
    lex = case.lex
    pointed = any(c.dep_ == "nsubj" and c.lemma_.lower() in lex["vote-nouns"] and any(
        d.dep_ == "det" and d.lower_ in lex["definite-determiners"] for d in c.children) for c in be.children)
    words = {w.lower_ for s in case.sents if s.doc_span is not None for w in s.doc_span}
    return pointed and not words & lex["election-words"]


def court_outcome(case: ClaimCase) -> bool:
    """ "was sentenced to 12 years", "fined $50,000", "a jury awarded the family $4.5 million",
    "was handed a 12-year sentence": a court's sentence, fine or award (a fine an agency imposes
    is not a court's, and "imprisoned without trial" is no sentence)."""
    lex = case.lex
    courts = lex["court-bodies"]
    t = _first(case, "court", lambda t: _is_verb(t) or t.pos_ == "NOUN" and t.lemma_.lower() in lex["court-nouns"])
    if t is None:
        return False
    if _is_verb(t):
        # the verb nearest the figure says what it is
        return bool(word_forms(t) & lex["court-verbs"]) and _stated(t, lex) and not _in_subject(case, t) \
            and _court_act(t, courts, lex)
    # "was handed a 12-year sentence", "sentenced him to five months' probation"
    verb = next((h for h in t.ancestors if _is_verb(h)), None)
    hands = verb is not None and (verb.lemma_.lower() in lex["court-handing-verbs"]
                                  or bool(word_forms(verb) & lex["court-verbs"]))
    return hands and _stated(verb, lex) and _court_act(verb, courts, lex)


def _court_act(verb, courts: frozenset[str], lex: Lexicon) -> bool:
    """One a court, judge or jury did, or a sentence or fine in a passive with no agent ("was
    sentenced"; an award with no one named may be anyone's: "visas are awarded")."""
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    agents = _agent(verb)
    if not subj and not agents:
        return bool(word_forms(verb) & lex["agentless-court-verbs"])
    return any(_names_body(a, courts) for a in subj + agents)


def charges_filed(case: ClaimCase) -> bool:
    """ "was charged with nine counts of fraud", "faces 12 charges", "pleaded guilty to three
    counts": the charges filed, counted as the charge sheet counts them."""
    lex = case.lex
    noun = _first(case, "noun", lambda t: t.pos_ == "NOUN")
    if noun is None or noun.lemma_.lower() not in lex["charge-nouns"]:
        return False
    verb = next((h for h in noun.ancestors if _is_verb(h)), None)
    return verb is not None and verb.lemma_.lower() in lex["charge-verbs"] and _stated(verb, lex)


def adopted_amount(case: ClaimCase) -> bool:
    """ "The council voted to adopt a $412 million budget", "the Senate passed a $1.1 trillion
    spending bill": the amount of a budget or bill a named body adopted (a proposal, or a bill
    that would do something, is its sponsors' and needs crediting)."""
    lex = case.lex
    if not case.ns.value.currency:
        return False  # "signed 18 bills" counts bills, it is no amount
    first = _first(case, "verb", _is_verb)
    bodies = lex["record-bodies"]
    if first is not None and first.dep_ == "xcomp" and first.head.lemma_.lower() in lex["vote-verbs"] \
            and _stated(first.head, lex) and any(_names_body(a, bodies) for a in _actors(first.head, lex)):
        return True  # "the council voted to pay $5.5 million": the amount it voted
    t = _first(case, "budget", lambda t: _is_verb(t) or t.pos_ == "NOUN" and t.lemma_.lower() in lex["budget-nouns"]
               and t.dep_ in {"dobj", "nsubjpass"})
    if t is None or _is_verb(t):
        return False  # a verb first: the figure belongs to a clause inside the bill ("a bill that would …")
    verb = t.head
    # "voted to adopt": the vote adopted it
    voted = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex["vote-verbs"] and _stated(verb.head, lex)
    return verb.lemma_.lower() in lex["adopt-verbs"] and (voted or _stated(verb, lex)) and any(
        _names_body(a, lex["record-bodies"]) or a.pos_ == "PROPN" for a in _actors(verb, lex) if a.i != t.i)


def _instrument(subj, lex: Lexicon, quote_time: bool) -> bool:
    """A market instrument: a stock, a currency, a commodity, a yield, a named index; an index,
    an average or a price only with a market's name or a quote time ("closed at")."""
    forms = word_forms(subj)
    words = {w.lower_ for w in subj.subtree if w.dep_ not in {"relcl", "acl"}}
    named = bool(words & lex["market-names"])
    if forms & lex["market-instruments"] or (named and subj.pos_ in {"PROPN", "NUM"}):
        return True
    return bool(forms & lex["market-measures"]) and (named or quote_time or bool(
        {c.lower_ for c in subj.children if c.dep_ in {"compound", "amod", "poss"}} & lex["market-instruments"]))


def market_data(case: ClaimCase) -> bool:
    """ "The index closed at 4,512, up 1.2 percent", "Brent crude fell 80 cents to $84.20", "the
    dollar bought 149.30 yen": market data stated as of a close or a quote time (a forecast, a
    target or a company's reported result needs a source)."""
    lex = case.lex
    verb = _first(case, "verb", _is_verb)
    if verb is None:
        return False
    if verb.lemma_.lower() not in lex["market-verbs"] or not _stated(verb, lex):
        return False
    subj = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subj and verb.dep_ == "conj":
        subj = [c for c in verb.head.children if c.dep_ == "nsubj"]
    quote_time = verb.lemma_.lower() in lex["quote-time-verbs"]
    return bool(subj) and _instrument(subj[0], lex, quote_time)


def rate_decision(case: ClaimCase) -> bool:
    """ "The Federal Reserve raised its benchmark rate by a quarter point to 5.5 percent", "the
    central bank held its key rate at 4.5 percent": an interest rate a central bank set, and the
    step it moved it by (an expected or forecast move needs a source)."""
    lex = case.lex
    verb = _first(case, "verb", _is_verb)
    if verb is None or verb.lemma_.lower() not in lex["rate-setting-verbs"] or not _stated(verb, lex):
        return False
    if not any(c.dep_ in {"dobj", "nsubjpass"} and word_forms(c) & lex["policy-rate-nouns"] for c in verb.children):
        return False
    # the rate and its step ("by", "to", "at"), not a record it reached ("the highest level in
    # 22 years") or what an apposition says of it
    t = syntactic_head([case.sdoc[i] for i in sorted(case.tokens)])
    while t.i != verb.i and t.head.i != t.i:
        if t.dep_ in {"appos", "relcl", "acl", "advcl", "ccomp"} or (
                t.dep_ == "prep" and t.lower_ not in lex["rate-prepositions"]):
            return False
        t = t.head
    return any(_central_bank(a, lex) for a in _actors(verb, lex))


def _central_banks(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.])(?:{alternation(lex['central-banks'])})(?!\w)")


def _central_bank(tok, lex: Lexicon) -> bool:
    words = "".join(w.text_with_ws.lower() for w in tok.subtree if w.dep_ not in {"relcl", "acl", "appos"})
    return bool(lex.derive(_central_banks).search(words))


# In order; the first test that applies names why the figure is public record.
RECORD_TESTS: tuple[tuple[str, ClaimTest], ...] = (
    ("the tally of a vote a named body took", vote_tally),
    ("a court's sentence, fine or award", court_outcome),
    ("the charges filed", charges_filed),
    ("the amount of a budget or bill as adopted", adopted_amount),
    ("market data as of a quote time", market_data),
    ("an interest rate a central bank set", rate_decision),
)


def public_record(case: ClaimCase) -> tuple[str, str] | None:
    """(reason, test name) of the first test by which the figure is public record, or None."""
    return first_applying(RECORD_TESTS, case)
