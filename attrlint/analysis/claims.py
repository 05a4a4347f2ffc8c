"""Numbers that are figures but not claims (policy §1): what describes the source ("two senior
officials said"), what is supposed rather than reported ("if 40 ships …", "let alone save $500",
"a 6% levy would add …"), what speaks to the reader or asks ("you'd need $90 a month", "Put
aside $500 a month", "Where is that $40 million?"), and the reporter's sum over such a case
("That's 10 numbers in all.").

``not_a_claim`` runs the tests of ``CLAIM_TESTS`` in order and names the first that applies.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from attrlint.analysis.numbers import NumberSpan
from attrlint.analysis.tokenindex import doc_text, up_the_tree
from attrlint.analysis.tokens import syntactic_head
from attrlint.lexicon import Lexicon, alternation
from attrlint.model import Sentence


@dataclass
class ClaimCase:
    """A figure in its sentence: the parse tokens it covers and the paragraph's sentences."""

    sent: Sentence
    sents: list[Sentence]
    tokens: set[int]
    ns: NumberSpan
    lex: Lexicon

    @property
    def sdoc(self):
        return self.sent.doc_span.doc


def describes_source(case: ClaimCase) -> bool:
    """Numbers that describe the source, not the claim (policy §1): "two senior officials said",
    "Joseph, who has four children, said", "a two-decade veteran of the committee said".

    A count of the source itself is a descriptor when it is small (a reporter's informants);
    "more than 10 women have accused him" and "52 percent agreed" stay figures.
    """
    ns, doc = case.ns, case.sdoc
    for c in case.sent.cues:
        if not case.tokens & c.source_tokens or c.head_i < 0 or ns.kind in {"fraction", "percent"}:
            continue
        if any(_describes(doc[i], doc[c.head_i], ns, case.lex) for i in case.tokens):
            return True
    return False


def _describes(t, head, ns: NumberSpan, lex: Lexicon) -> bool | None:
    if t.dep_ == "compound" and t.text[:1].isupper() and ns.kind == "words":
        return True  # part of the source's name: "Seven Seas asked", "Three Rivers Port said"
    if t.head.i == head.i and t.dep_ == "nummod":
        return not ns.value.percent and ns.value.high < 10 and ns.qualifier not in lex["source-count-qualifiers"]
    # inside a relative clause or apposition of the source: the speaker's credentials
    anc = t
    while anc.i != head.i and anc.head.i != anc.i:
        if anc.dep_ in {"relcl", "appos", "acl"} and anc.head.i == head.i:
            return True
        anc = anc.head
    return False


def describes_poll(case: ClaimCase) -> bool:
    """A poll's or study's own description, not its claim: the sample ("a poll of 1,000 likely
    voters", "interviews with 2,000 adults", "the registered voter sample is 834") and the
    people it reached ("the university surveyed 1,051 voters", "the survey was conducted among
    900 adults"). Its margin of error is a figure: the poll states it, and credits it when the
    sentence says so ("the poll has a margin of error of 3 points")."""
    if not case.tokens or case.ns.value.percent or case.ns.kind == "fraction":
        return False
    top = syntactic_head([case.sdoc[i] for i in sorted(case.tokens)])
    counted = top.head if top.dep_ == "nummod" else top
    return _sample(counted, case.lex, 0)


def _sample(counted, lex: Lexicon, depth: int) -> bool:
    head = counted.head
    if counted.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        # "surveyed 1,051 voters in Florida and 1,077 in Pennsylvania": a second object the
        # parser joins to the verb itself
        return head.lemma_.lower() in lex["polling-verbs"]
    if depth < 3 and (counted.dep_ == "conj" or counted.dep_ == "pobj" and head.lower_ == "including"):
        # "1,051 voters in Florida and 1,077 in Pennsylvania", "1,008 adults, including 848 voters"
        up = head if counted.dep_ == "conj" else head.head
        if up.pos_ in {"VERB", "AUX"}:  # "surveying 1,008 adults, including 848 voters"
            return _polls(up, lex)
        return _sample(up, lex, depth + 1)
    if any(c.dep_ == "acl" and c.lemma_.lower() in lex["polling-verbs"] for c in counted.children):
        return True  # "the 578 likely voters surveyed"
    if counted.dep_ == "pobj" and head.lower_ in lex["poll-sample-prepositions"]:
        if _is_poll(head.head, lex):
            return True
        holder = _phrase_holder(head.head)
        return holder.pos_ in {"VERB", "AUX"} and _polls(holder, lex)
    if counted.dep_ in {"dobj", "nsubjpass"} and head.pos_ in {"VERB", "AUX"}:
        return head.lemma_.lower() in lex["polling-verbs"] or (counted.dep_ == "dobj" and _polls(head, lex))
    if counted.dep_ == "attr" and head.lemma_ == "be":
        return any(c.dep_ == "nsubj" and _is_poll(c, lex) for c in head.children)
    return False


def _phrase_holder(tok):
    """What a prepositional phrase belongs to when the parser hangs it on the noun of an earlier
    phrase: "conducted on cellphones and landlines among 1,358 voters" is the conducting's."""
    for _ in range(4):
        if tok.dep_ == "conj" and tok.head.pos_ in {"NOUN", "PROPN"}:
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep" and tok.head.head.pos_ in {"VERB", "AUX"}:
            return tok.head.head
        elif tok.dep_ == "dobj" and tok.head.pos_ in {"VERB", "AUX"}:
            return tok.head  # "gathering responses from 1,114 adults": the gathering's
        else:
            break
    return tok


def _is_poll(tok, lex: Lexicon) -> bool:
    nouns = lex["poll-sample-nouns"]
    return tok.lower_ in nouns or any(c.dep_ == "compound" and c.lower_ in nouns for c in tok.children)


def _polls(verb, lex: Lexicon) -> bool:
    """A verb that reaches a poll's sample: a polling verb, or one with a poll (or, for a study's
    verbs, its researchers) as its subject."""
    lemma = verb.lemma_.lower()
    if lemma in lex["polling-verbs"]:
        return True
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if verb.dep_ == "relcl" and any(c.lower_ in {"which", "that"} for c in subjects):
        subjects = [verb.head]  # "the voter sample, which consisted of 429 people"
    if not subjects and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        # "The poll was conducted online, gathering responses from 1,114 adults": the participle
        # is the poll's doing
        subjects = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if lemma in lex["poll-reaching-verbs"]:
        return any(_is_poll(c, lex) for c in subjects)
    return lemma in lex["study-verbs"] and any(
        _is_poll(c, lex) or c.lower_ in lex["study-subjects"] for c in subjects)


def _addresses_reader(tok, lex: Lexicon) -> bool:
    readers, yours = lex["reader-words"], lex["reader-possessives"]
    for c in tok.children:
        if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in readers:
            return True
        if c.dep_ == "poss" and c.lower_ in yours:
            return True
        if c.dep_ == "dobj" and any(g.dep_ == "poss" and g.lower_ in yours for g in c.children):
            return True
    return tok.dep_ in {"acl", "relcl"} and tok.head.lower_ in readers


def _on_the_way_up(case: ClaimCase, name: str, holds: Callable[[Any, Lexicon], bool]) -> bool:
    """Whether ``holds`` for a token of the figure or any of its ancestors."""
    lex = case.lex
    key = ("attrlint.claims", name, id(lex))
    return any(up_the_tree(case.sdoc[i], key, lambda t: True if holds(t, lex) else None, False) for i in case.tokens)


_CLAUSE_MARKS = ",;:.!?"


def let_alone(case: ClaimCase) -> bool:
    """ "… can barely pay rent, let alone save $500 a month": what follows "let alone" (or another
    phrase of ``not-done-phrases``) in its clause is not done."""
    if not case.tokens:
        return False
    first = case.sdoc[min(case.tokens)]
    text, begin = doc_text(case.sdoc), first.sent.start_char
    # The phrase must be in the figure's clause, after the last clause mark: searching from there
    # (less the longest phrase, which may hold a mark itself) rather than from the sentence's
    # start keeps a sentence of thousands of figures linear.
    lo = first.idx
    while lo > begin and text[lo - 1] not in _CLAUSE_MARKS:
        lo -= 1
    lo = max(begin, lo - max(map(len, case.lex["not-done-phrases"]), default=0))
    return bool(case.lex.derive(_patterns)[2].search(text, lo, first.idx))


def conditional(case: ClaimCase) -> bool:
    """ "If 40 ships leave, …", "unless the port hires 300 dockers": inside a condition."""
    return _on_the_way_up(case, "condition", _marks_condition)


def _marks_condition(tok, lex: Lexicon) -> bool:
    marks = lex["condition-marks"]
    return any(c.dep_ == "mark" and c.lower_ in marks for c in tok.children)


def addresses_reader(case: ClaimCase) -> bool:
    """ "you'd need $90 a month", "anyone wanting to borrow $4,000", "your $2,000 deposit",
    "… will increase your chances": advice and worked examples speak to the reader."""
    return _on_the_way_up(case, "reader", _addresses_reader)


def _premise(tok, lex: Lexicon) -> bool:
    """Decided at the first subject on the way up."""
    return up_the_tree(tok, ("attrlint.claims", "premise", id(lex)), lambda anc: _supposed_subject(anc, lex), False)


def _supposed_subject(anc, lex: Lexicon) -> bool | None:
    if anc.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    verb = anc.head
    modal = any(c.dep_ == "aux" and c.lower_ in lex["supposing-modals"] for c in verb.children)
    indefinite = any(c.dep_ == "det" and c.lower_ in lex["indefinite-articles"] for c in anc.children)
    return modal and indefinite


def hypothetical_premise(case: ClaimCase) -> bool:
    """ "A 10-10 vote would leave the rules in place", "a 6% levy would add …": an indefinite
    subject of a would/could clause is a supposed case, not a reported one (what the clause
    says would follow still is a figure)."""
    return any(_premise(case.sdoc[i], case.lex) for i in case.tokens)


def asks_or_instructs(case: ClaimCase) -> bool:
    """A worked example ("Let's say …"), an instruction ("Save a quarter of the cost …") or a
    question ("Where is that $40 million supposed to come from?") states nothing."""
    if not case.tokens:
        return False
    return states_nothing(case.sdoc[min(case.tokens)].sent, case.lex)


def _patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(worked-example opening, the reporter's sum, a phrase of what is not done), built once per lexicon."""
    opening = re.compile(rf"(?:{alternation(lex['worked-example-openers'], ' ')})\b")
    glued = [e for e in lex["summing-links"] if e[:1] in "'’"]
    spaced = alternation(set(lex["summing-links"]) - set(glued), " ")
    qualifiers = alternation(lex["summing-qualifiers"], " ")
    works_out = re.compile(rf"\s*({alternation(lex['summing-pronouns'])})({alternation(glued)}| (?:{spaced}))"
                           rf"\s+((?:{qualifiers}) )?", re.IGNORECASE)
    not_done = re.compile(rf"\b(?:{alternation(lex['not-done-phrases'], ' ')})\b[^{re.escape(_CLAUSE_MARKS)}]*$",
                          re.IGNORECASE)
    return opening, works_out, not_done


def states_nothing(sent, lex: Lexicon) -> bool:
    """The parsed sentence is a worked example, an instruction or a question (remembered per
    sentence: it is asked once for each of the sentence's figures)."""
    memo = sent.doc.user_data.setdefault(("attrlint.claims", "states-nothing", id(lex)), {})
    found = memo.get((sent.start, sent.end))
    if found is None:
        found = memo[(sent.start, sent.end)] = _states_nothing(sent, lex)
    return found


def _states_nothing(sent, lex: Lexicon) -> bool:
    sent_text = sent.text.lstrip("\"“ ").lower()
    if lex.derive(_patterns)[0].match(sent_text):
        return True
    # discourse openers do not make a statement of an instruction ("So just send us …")
    openers = lex["discourse-openers"]
    first = next((w for w in sent if not w.is_punct and w.lower_ not in openers), None)
    root = sent.root
    # An instruction opens with a bare verb and has no subject ("Put aside $500 a month").
    if first is not None and first.i == root.i and root.tag_ == "VB" and root.lower_ not in lex["past-forms"] \
            and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children):
        return True
    # A question asks rather than states ("Where is that $40 million supposed to come from?").
    return sent.text.rstrip("\"”’' ").endswith("?") and not any(q in sent.text for q in "\"“”")


def works_out(case: ClaimCase) -> bool:
    """ "Send us your last five payslips. That's 10 numbers in all.": the reporter's sum over a
    request, a question or a worked example is part of it, not a claim."""
    sent = case.sent
    # "That's 10 …", "This comes to a total of $600 …": the figure is what the sentence sums up to
    m = case.lex.derive(_patterns)[1].match(sent.text)
    if m is None or sent.start + m.end() not in {case.ns.start, case.ns.qualifier_start}:
        return False
    k = case.sents.index(sent)
    return k > 0 and states_nothing(case.sents[k - 1].doc_span, case.lex)


def _degree(tok) -> bool:
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return False  # "100% of the company", "100 percent of the vote": a share
    if tok.dep_ in {"npadvmod", "advmod", "appos"}:
        return True  # "100 percent sure", "agrees with him 100%"
    # "100 percent behind him"; "turnout was 100 percent" is a figure
    return tok.dep_ in {"attr", "acomp"} and any(c.dep_ == "prep" for c in tok.children)


def whole_as_degree(case: ClaimCase) -> bool:
    """ "100 percent sure", "100% behind him", "I agree 100%": a round hundred percent that grades
    a word is a manner of speaking; "owns 100% of the company", "won 100 percent of the vote" and
    "a 100% rating" are shares, figures."""
    ns = case.ns
    if not (ns.value.percent and ns.value.low == ns.value.high == 100 and not ns.qualifier and case.tokens):
        return False
    return _degree(case.sdoc[max(case.tokens)])


ClaimTest = Callable[[ClaimCase], bool]

# In order; the first test that applies names why the figure is not a claim.
CLAIM_TESTS: tuple[tuple[str, ClaimTest], ...] = (
    ("describes the source", describes_source),
    ("describes the poll or study: its sample", describes_poll),
    ("after 'let alone'", let_alone),
    ("inside a condition", conditional),
    ("speaks to the reader", addresses_reader),
    ("a supposed case", hypothetical_premise),
    ("a question, instruction or worked example", asks_or_instructs),
    ("the reporter's sum over an example", works_out),
    ("a manner of speaking", whole_as_degree),
)


def first_applying(tests: tuple[tuple[str, ClaimTest], ...], case: ClaimCase) -> tuple[str, str] | None:
    """(reason, test name) of the first of the ordered ``tests`` that applies to ``case``, or None."""
    for reason, test in tests:
        if test(case):
            return reason, test.__name__
    return None


def not_a_claim(case: ClaimCase) -> tuple[str, str] | None:
    """(reason, test name) of the first test by which the figure is not a claim, or None."""
    return first_applying(CLAIM_TESTS, case)
