"""Documents that speak: "the poll found", "records show", "leaked documents from the audit
show it paid …", a specific document's terms ("the licence allows up to 40,000", "under the
plan, 300 jobs go"), and reporting clauses set off by a comma whose parse missed the cue: a
sentence ending "…, council records show." or opening "As the Gazette noted, …"."""

from __future__ import annotations

import re

from attrlint.analysis.credit import leave_narration
from attrlint.analysis.cues.base import Cue, is_vague, make_cue, unnamed_document
from attrlint.analysis.cues.owners import attribution_noun, owner
from attrlint.analysis.cues.registry import ATTRIBUTION, DOCUMENT, Probe, Scan, sentence_finder, token_finder
from attrlint.analysis.tokenindex import doc_text
from attrlint.analysis.tokens import FINITE, SUBJECTS, word_forms
from attrlint.lexicon import Lexicon
from attrlint.model import How


def _orphan_document_noun(sent, tok, lex: Lexicon):
    """The document noun a subjectless document verb follows, or None."""
    if tok.lemma_.lower() not in lex["document-verbs"] or tok.tag_ not in {"VBP", "VBZ", "VBD", "VB", "NN", "NNS"} \
            or any(c.dep_ in SUBJECTS for c in tok.children) or not any(c.dep_ == "ccomp" for c in tok.children):
        return None
    for j in range(tok.i - 1, max(sent.start, tok.i - 10) - 1, -1):
        t = tok.doc[j]
        if t.tag_ in FINITE or t.text in {";", ":"}:
            return None
        if t.pos_ in {"NOUN", "PROPN"} and word_forms(t) & lex["attribution-nouns"]:
            return t
    return None


@token_finder(DOCUMENT)
def orphan_document_verb(p: Probe, scan: Scan) -> None:
    """ "after leaked documents from the authority's audit show it paid …": a document verb the
    parser left without a subject, right after a document noun, still reports what that
    document says."""
    tok = p.tok
    orphan = _orphan_document_noun(scan.sent, tok, scan.lex)
    if orphan is None:
        return
    # the words up to the verb say whose documents they are ("from the authority's 2021 audit")
    between = tok.doc[orphan.i + 1:tok.i]
    owned = any(t.dep_ == "poss" or t.pos_ == "PROPN" for t in between)
    c = make_cue(orphan, tok, How.DOCUMENT, scan.lex, scope_root=tok, vague=False if owned else None)
    if owned:
        phrase = tok.doc[orphan.left_edge.i:tok.i]
        c.source_text, c.source_start, c.source_end = phrase.text, phrase.start_char, phrase.end_char
    c.scope = {t.i for c_ in tok.children if c_.dep_ == "ccomp" for t in c_.subtree}
    scan.add(c)


@token_finder(ATTRIBUTION)
def document_subject(p: Probe, scan: Scan) -> None:
    """ "the poll found", "a survey shows": an attribution noun with no owner, subject of a
    document verb, is itself the source (vague when bare and plural: "surveys show")."""
    tok, lemma = p.tok, p.lemma
    if not (tok.dep_ in SUBJECTS and attribution_noun(p, scan.lex) and owner(p, scan.lex)[0] is None
            and tok.head.lemma_.lower() in scan.lex["document-verbs"] and tok.head.pos_ in {"VERB", "AUX"}
            and not any(c.head_lemma == lemma for c in scan.cues)):
        return
    c = make_cue(tok, tok.head, How.DOCUMENT, scan.lex, scope_root=tok.head, vague=unnamed_document(tok, scan.lex))
    leave_narration(c, tok.head, scan.lex)
    scan.add(c)


# The source phrase after the last comma, or after the last two for an apposition
# ("…, the ship's operator, SeaBridge, said.").
# The verb ends the sentence ("…, council records show.") or takes one word ("…, the IMF said Tuesday.").
_END = r"\s*[.!?\"”’']*\s*$"
_TAILS = tuple(re.compile(src + verb + _END) for src in (r",\s+([^,;:]{1,80}?)",
                                                       r",\s+([^,;:]{1,80}?,\s+[^,;:]{1,60}?),?")
               for verb in (r"\s+([a-z]+)()", r"\s+([a-z]+)(\s+\w+)"))


_PASSIVE_AUX = frozenset({"is", "are", "was", "were", "be", "been", "being"})
# tags of a word that cannot open a trailing tag's source ("…, which the senator proposed …")
_CLAUSE_OPENERS = frozenset({"WDT", "WP", "WP$", "WRB", "IN"})


def _root_covered(scan: Scan) -> bool:
    """A cue already covers the sentence's main clause: the fallbacks below are not needed."""
    return any(scan.sent.root.i in c.scope for c in scan.cues)


@sentence_finder
def reporting_tail(scan: Scan) -> None:
    """A sentence ending "…, the ship's operator, SeaBridge, said." or "…, council records show."
    whose parse missed the cue (only when no cue covers the sentence's main clause)."""
    sent = scan.sent
    if _root_covered(scan):
        return
    for pattern in _TAILS:
        m = pattern.search(sent.text)
        verb = m and next((t for t in sent if t.idx - sent.start_char == m.start(2)), None)
        if verb is not None and verb.lower_ == m.group(2):
            phrase = [t for t in sent if m.start(1) <= t.idx - sent.start_char < m.end(1) and not t.is_punct]
            cue = _tail_match(sent, phrase, verb, scan.lex)
            if cue is not None:
                scan.add(cue)
                return
    cue = _tail_with_adjunct(sent, scan.lex)
    if cue is not None:
        scan.add(cue)


@sentence_finder
def as_reported(scan: Scan) -> None:
    """ "As the Gazette noted, Moreau raised $1.1 million", "As port spokesman Ali Reza explained
    on Friday, …": a sentence opening with "as", a source and its reporting verb, set off by a
    comma, is that source's report, however the parser read it (only when no cue covers the
    sentence's main clause). A passive ("As the votes were counted, …") names no source."""
    sent, lex = scan.sent, scan.lex
    if _root_covered(scan):
        return
    words = [t for t in sent if not t.is_space]
    if len(words) < 5 or words[0].lower_ != "as":
        return
    comma = next((t for t in words[1:16] if t.text == ","), None)
    if comma is None:
        return
    opening = [t for t in words[1:] if t.i < comma.i]
    verb_at = next((k for k in range(len(opening) - 1, 0, -1) if opening[k].tag_ in {"VBD", "VBZ", "VBP", "VBN"}
                    and opening[k].lemma_.lower() in lex["reporting-verbs"]), None)
    if verb_at is None or opening[verb_at - 1].lower_ in _PASSIVE_AUX:
        return
    verb, after = opening[verb_at], opening[verb_at + 1:]
    if len(after) > 4 or any(t.pos_ in {"VERB", "AUX"} or t.lower_ in {"that", "it"} for t in after):
        return  # "As Moreau said it would, …", "As Moreau said the port would, …"
    phrase = [t for t in opening[:verb_at] if t.pos_ not in {"AUX", "ADV", "PART"}]
    cue = _tail_match(sent, phrase, verb, lex)
    if cue is not None:
        cue.scope = {t.i for t in sent if t.i > comma.i}
        scan.add(cue)


# a phrase after the verb, however long, must hang on it as an adjunct ("… wrote in a memo to the
# inspector general"); the cap keeps a long clause the parser misread from passing for one
_MAX_ADJUNCT = 12


def _tail_with_adjunct(sent, lex: Lexicon) -> Cue | None:
    """ "…, data showed on Friday.", "…, the ministry said in a statement.": after the last
    comma, a source and its verb, then only a phrase saying when, where or how it spoke. A clause
    saying when or why after one more comma ("…, the ministry forecast on Friday, as the war cut
    the area sown.") is the reporter's narration, and the tag before it still credits the rest."""
    commas = [t.i for t in sent if t.text == ","]
    if not commas:
        return None
    tail = [t for t in sent if t.i > commas[-1] and not t.is_punct and not t.is_space]
    if len(commas) < 2 or not tail or tail[0].lower_ not in lex["circumstance-marks"]:
        return _tag_after_comma(sent, commas, tail, lex)
    narration = {t.i for t in sent if t.i > commas[-1]}
    tail = [t for t in sent if commas[-2] < t.i < commas[-1] and not t.is_punct and not t.is_space]
    cue = _tag_after_comma(sent, commas[:-1], tail, lex)
    if cue is not None:
        cue.scope -= narration
        cue.outside |= narration
    return cue


def _tag_after_comma(sent, commas: list[int], tail: list, lex: Lexicon) -> Cue | None:
    """The speech tag ``tail`` after the last of ``commas``, with its source (or None)."""
    if tail and len(commas) >= 2 and _finite_report(tail[0], lex):
        # "…, Ali Reza, the port's spokesman, said in a statement.": the source and its
        # apposition stand between the last commas
        start = commas[-3] if len(commas) >= 3 and commas[-1] - commas[-3] <= 16 else commas[-2]
        phrase = [t for t in sent if start < t.i < commas[-1] and not t.is_punct and not t.is_space]
        if not 2 <= len(tail) - 1 <= _MAX_ADJUNCT or not phrase or not _adjuncts_only(tail[0], tail[1:]) \
                or phrase[0].tag_ in _CLAUSE_OPENERS | {"CC"}:
            return None
        return _tail_match(sent, phrase, tail[0], lex)
    for k, verb in enumerate(tail[1:9], start=1):
        if _finite_report(verb, lex):
            if len(tail) - k - 1 < 2 or len(tail) - k - 1 > _MAX_ADJUNCT or not _adjuncts_only(verb, tail[k + 1:]):
                return None
            # "…, which the senator proposed in March." is a relative clause, not a speech tag;
            # "…, as the Gazette reported on Friday." is one
            if tail[0].tag_ in _CLAUSE_OPENERS and tail[0].lower_ != "as":
                return None
            return _tail_match(sent, tail[:k], verb, lex)
    return None


def _finite_report(tok, lex: Lexicon) -> bool:
    if _noun_tagged_report(tok, lex):
        return True
    return tok.tag_ in {"VBD", "VBZ", "VBP"} and tok.lemma_.lower() in lex["reporting-verbs"] | lex["document-verbs"]


def _noun_tagged_report(verb, lex: Lexicon) -> bool:
    """A reporting verb the parser tagged as a noun ("…, the agriculture ministry forecast.")."""
    return verb.lower_ in lex["noun-tagged-tail-verbs"] and verb.text.islower() and (
        verb.tag_ in {"NN", "NNS", "NNP"}) and _noun_phrase_before(verb, lex)


def _noun_phrase_before(verb, lex: Lexicon) -> bool:
    """ "…, the agriculture ministry forecast", "…, tallies by the agency show": a verb the
    parser took for the last noun of the source, not one that a preposition, a verb or an owner
    makes a noun ("…, below the bank's forecast", "…, matching the IMF forecast")."""
    before = [t for t in verb.sent if t.i < verb.i]
    start = max((k for k, t in enumerate(before) if t.text == ","), default=-1) + 1
    phrase = before[start:]
    return bool(phrase) and phrase[0].pos_ in {"DET", "PROPN", "NOUN", "ADJ"} and phrase[-1].tag_ != "POS" \
        and not any(t.pos_ in {"VERB", "AUX", "ADV", "SCONJ"} or t.pos_ == "PART" and t.tag_ != "POS"
                    or t.pos_ == "ADP" and t.lower_ not in lex["body-prepositions"] for t in phrase)


def _adjuncts_only(verb, after) -> bool:
    """Every word after the verb hangs on it as a time, place or manner phrase ("on Friday",
    "in a statement", "late on Tuesday"), not as what it reports."""
    for t in after:
        while t.head.i != verb.i:
            if t.head.i == t.i or t.head.i < verb.i:
                return False
            t = t.head
        if t.dep_ not in {"prep", "npadvmod", "advmod"}:
            return False
    return True


def _tail_match(sent, phrase, verb, lex: Lexicon) -> Cue | None:
    if verb.lemma_.lower() not in lex["reporting-verbs"] | lex["document-verbs"]:
        return None
    if phrase and phrase[0].lower_ == "as":  # "…, as the Gazette reported."
        phrase = phrase[1:]
    if any(t.tag_ in FINITE or t.tag_ in {"WDT", "WP", "WRB"} or t.tag_ == "VB" and t.nbor(-1).lower_ == "to"
           for t in phrase):
        return None  # "… to prove what her aides describe as …" is a clause, not a source
    if verb.tag_ not in {"VBD", "VBZ", "VBP", "VB"} and not _noun_tagged_report(verb, lex):
        return None
    nouns = [t for t in phrase if t.pos_ in {"NOUN", "PROPN", "PRON"}]
    if not nouns:
        return None
    head = nouns[-1]
    a, b = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    src = {t.i for t in phrase}
    # a document names itself as the subject of its verb does ("…, official figures showed.")
    top = next((t for t in phrase if t.head not in phrase or t.head is t), head)
    document = verb.lemma_.lower() in lex["document-verbs"] and word_forms(top) & lex["attribution-nouns"]
    vague = unnamed_document(top, lex) if document else is_vague(head, lex)
    return Cue(doc_text(sent.doc)[a:b], a, b, verb.lemma_.lower(), How.VERB, vague,
               {t.i for t in sent} - src, src, head.lemma_.lower(), head.pos_ == "PRON", head.i)


def _specific(tok, lex: Lexicon) -> bool:
    """A document the sentence points at: "the licence", "its plan", "the bankruptcy petition",
    "the Ipsos survey" (not "a law", "new rules")."""
    if tok.pos_ == "PROPN":
        return True
    for c in tok.children:
        if c.dep_ in {"poss", "compound"} or (c.dep_ == "det" and c.lower_ in lex["definite-determiners"]):
            return True
        if c.dep_ == "amod" and c.lower_ not in lex["generic-document-modifiers"] and c.i < tok.i:
            return True
    return False


def _opens_under(tok, sent, lex: Lexicon) -> bool:
    """ "Under the plan, 300 jobs go", "Under its new rules, …": the sentence opens by naming
    the document whose terms it sets out ("… have coverage under the programme" reports a
    result, and "Under a five-year contract" names no document the reader knows)."""
    prep = tok.head
    opening = all(t.dep_ in {"cc", "punct", "advmod"} for t in sent if t.i < prep.i)
    pointed = any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in lex["definite-determiners"])
                  for c in tok.children)
    after = prep.right_edge.i + 1
    return prep.lower_ == "under" and opening and pointed and after < sent.end and sent.doc[after].text == ","


def _sets_terms(tok, verbs: frozenset[str], lex: Lexicon) -> bool:
    """The document is the subject of a verb that sets a figure; a poll also "has" its results
    ("the Marist poll has Moreau at 27 percent")."""
    lemma = tok.head.lemma_.lower()
    return lemma in verbs or (lemma == "have" and bool(word_forms(tok) & lex["poll-nouns"]))


def _terms_clause(tok, verbs: frozenset[str], lex: Lexicon):
    """The relative clause by which a document sets a figure ("a bill that would triple the cap")."""
    relatives = lex["back-reference-relatives"]
    for rel in (c for c in tok.children if c.dep_ == "relcl" and c.lemma_.lower() in verbs):
        if any(s.dep_ in SUBJECTS and s.lower_ in relatives for s in rel.children):
            return rel
    return None


@sentence_finder
def document_terms(scan: Scan) -> None:
    """A specific document speaks for itself (policy §2): "the licence allows up to 40,000", "the
    bankruptcy petition lists $3 million in debts", "a bill that would triple the cap", "under the
    new regulation, workers earning up to $35,000 …". Word lists: ``specific-documents``,
    ``document-terms-verbs``."""
    lex = scan.lex
    docs, verbs = lex["specific-documents"], lex["document-terms-verbs"] | lex["document-verbs"]
    for tok in scan.sent:
        if tok.pos_ not in {"NOUN", "PROPN"} or not word_forms(tok) & docs or any(c.head_i == tok.i for c in scan.cues):
            continue
        rel = _terms_clause(tok, verbs, lex)
        if rel is not None:
            c = make_cue(tok, rel, How.DOCUMENT, lex, scope_root=rel, vague=False)
        elif tok.dep_ == "nsubj" and _sets_terms(tok, verbs, lex) and _specific(tok, lex):
            c = make_cue(tok, tok.head, How.DOCUMENT, lex, scope_root=tok.head, vague=False)
            leave_narration(c, tok.head, lex)
        elif tok.dep_ == "pobj" and _opens_under(tok, scan.sent, lex):
            c = make_cue(tok, tok.head, How.IN_DOCUMENT, lex, vague=False)
            c.cue = tok.lemma_.lower()
            c.scope = {t.i for t in scan.sent} - {t.i for t in tok.head.subtree}
        else:
            continue
        scan.add(c)
