"""Attribution nouns: words that carry a source's content ("estimate", "report", "figures") with
their owner ("the ministry's estimate", "figures from the agency"), the voice that owns them
("Okafor voiced fears that …"), or the document they name ("in the agency's report, …", "by one
estimate"). Word list: ``attribution-nouns`` in ``rules/attribution.toml``."""

from __future__ import annotations

from dataclasses import replace

from attrlint.analysis.cues.base import Cue, inverted, make_cue
from attrlint.analysis.cues.owners import attribution_noun, owner
from attrlint.analysis.cues.registry import ATTRIBUTION, Probe, Scan, sentence_finder, token_finder
from attrlint.analysis.tokens import SUBJECTS, word_forms
from attrlint.model import How


def _whole_sentence_but(tok, scan: Scan) -> set[int]:
    return {t.i for t in scan.sent} - {t.i for t in tok.head.subtree}


@token_finder(ATTRIBUTION)
def in_document(p: Probe, scan: Scan) -> bool:
    """ "In this poll, the mayor rose 1 point", "in the agency's report, …": a document named by
    "in" or "from" with a determiner or owner speaks for the rest of the sentence."""
    tok, lex = p.tok, scan.lex
    if not (tok.dep_ == "pobj" and tok.head.lower_ in lex["document-prepositions"] and tok.head.head.i != tok.i
            and attribution_noun(p, lex) and owner(p, lex)[0] is None
            and any(c.dep_ in {"det", "poss", "compound"} and c.lower_ not in lex["unpointed-determiners"]
                    for c in tok.children)):
        return False
    scan.add(Cue(tok.text, tok.idx, tok.idx + len(tok.text), p.lemma, How.IN_DOCUMENT, False,
                 _whole_sentence_but(tok, scan), set(), p.lemma, False, tok.i))
    return True


@token_finder(ATTRIBUTION)
def by_noun(p: Probe, scan: Scan) -> bool:
    """ "By some estimates, 40 ships are waiting" (a vague source), "by this count": an
    attribution noun after "by" with no owner speaks for the rest of the sentence ("by the
    union's count" is its owner's, see ``owned_attribution_noun``)."""
    tok = p.tok
    if not (tok.dep_ == "pobj" and tok.head.lower_ == "by" and attribution_noun(p, scan.lex)
            and owner(p, scan.lex)[0] is None):
        return False
    vague_det = any(c.lower_ in scan.lex["vague-determiners"] for c in tok.children)
    scan.add(Cue(tok.text, tok.idx, tok.idx + len(tok.text), p.lemma, How.BY_NOUN, vague_det,
                 _whole_sentence_but(tok, scan), set(), p.lemma, False, tok.i))
    return True


@token_finder(ATTRIBUTION)
def owned_attribution_noun(p: Probe, scan: Scan) -> None:
    """ "The ministry's estimate rose to 3.1%", "figures from the agency show …", "council
    records", "Under the union's plan, dockers would get …": the owner is the source."""
    src, voiced = owner(p, scan.lex)
    if src is not None and not voiced:
        scan.add(noun_cue(p, src, scan))


@token_finder(ATTRIBUTION)
def voiced_claim(p: Probe, scan: Scan) -> None:
    """ "Okafor voiced fears that 300 jobs would go", "the union put forward a plan that …":
    whoever voices the claim owns it (``expressing-verbs``); "set a record of 300" does not."""
    src, voiced = owner(p, scan.lex)
    if src is not None and voiced:
        scan.add(noun_cue(p, src, scan))


def noun_cue(p: Probe, src, scan: Scan) -> Cue:
    """The cue of attribution noun ``p.tok`` owned by ``src``: the clause the noun is subject or
    object of when that clause carries its figure, else the noun's own phrase."""
    tok, lex, sent = p.tok, scan.lex, scan.sent
    verb = tok.head
    vforms = word_forms(verb)
    # "X's estimate rose to 3.1%", "it raised its forecast to 1.8%": the clause reports the
    # figure; "the mayor's speech coincided with …" does not.
    reports = (tok.dep_ in SUBJECTS and vforms & (lex["document-verbs"] | lex["figure-verbs"])) or (
        tok.dep_ == "dobj" and vforms & lex["figure-verbs"])
    root = verb if reports and verb.pos_ in {"VERB", "AUX"} else tok
    c = make_cue(src, tok, How.NOUN, lex, scope_root=root)
    own = {t.i for t in tok.subtree}
    for rel in (t for t in tok.children if t.dep_ == "relcl"):
        # "proposals, which include …" describes the document; a "that" clause (often
        # misparsed as relative) is usually its content: "a report that $1 billion …"
        if any(w.lower_ in lex["describing-relatives"] for w in rel.subtree if w.i < rel.i):
            own -= {t.i for t in rel.subtree}
    if tok.dep_ == "dobj" and not reports:
        # "The ad features a Times report that …": the parser hangs the report's
        # "that" clause on the verb; what the clause says is still the report's.
        for comp in tok.head.children:
            if comp.dep_ == "ccomp" and comp.i > tok.i and comp.left_edge.lower_ == "that" \
                    and comp.left_edge.dep_ == "mark":
                own |= {t.i for t in comp.subtree}
    c.scope = (c.scope - {t.i for t in tok.subtree}) | own
    c.scope -= c.source_tokens
    if tok.dep_ in SUBJECTS and inverted(tok.head, tok):  # "…, council records show."
        c.scope = {t.i for t in sent} - c.source_tokens
    prep = tok.head if tok.dep_ == "pobj" else None
    # "by" only as a phrase set before its verb or off by a comma ("By the Gazette's tally, …"),
    # not as an agent ("the period covered by the campaign's filings")
    by_count = prep is not None and prep.lower_ == "by" and (prep.i < prep.head.i or prep.nbor(-1).text == ",")
    if prep is not None and (prep.lower_ in lex["terms-prepositions"] or by_count) \
            and prep.head.pos_ in {"VERB", "AUX"}:
        # "Under the union's plan, dockers would get …", "In its report, the agency put …",
        # "By the Gazette's tally, Moreau has 739": the clause sets out what the document says
        c.scope = _whole_sentence_but(tok, scan)
    elif prep is not None and prep.lower_ == "in" and prep.head.pos_ in {"NOUN", "NUM"}:
        # "58 percent in the Ipsos survey, a lead of 11 points": the figure the document states
        c.scope |= {t.i for t in prep.head.subtree} - {t.i for t in prep.subtree}
        if p.lemma in lex["poll-nouns"]:
            # "18 percent have a favourable view of her in the Gazette poll": a poll states
            # every result of the clause it is in, wherever the parser hangs it
            verb = _clause_verb(prep)
            if verb is not None:
                c.scope |= {t.i for t in verb.subtree} - {t.i for t in prep.subtree}
    return c


def _clause_verb(tok):
    """The verb of the clause ``tok`` stands in, not through an apposition or a relative clause
    ("Moreau, the leader in the Gazette poll, raised …" is not the poll's), or None."""
    while tok.head.i != tok.i:
        if tok.dep_ in {"appos", "relcl", "acl", "advcl", "ccomp", "parataxis", "conj"}:
            return None
        tok = tok.head
        if tok.pos_ in {"VERB", "AUX"}:
            return tok
    return None


@sentence_finder
def poll_answers(scan: Scan) -> None:
    """ "In a Gazette poll, 79 percent said they were satisfied and 60 percent said …": in a
    sentence that names its poll, every share of people polled gives that poll's answers."""
    polled = [c for c in scan.cues if c.respondents]
    polls = scan.lex["poll-nouns"]
    poll = next((c for c in scan.cues if not (c.respondents or c.vague)
                 and (c.cue in polls or c.head_lemma in polls)), None)
    if not polled or poll is None:
        return
    scope = set().union(*(c.scope | c.source_tokens for c in polled))
    scan.add(replace(poll, scope=scope, source_tokens=set(poll.source_tokens), outside=set(), polls=True))
