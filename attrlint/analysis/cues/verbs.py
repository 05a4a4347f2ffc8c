"""Reporting verbs: a verb of saying, finding or deciding with the source as its subject ("the
ministry said", "…, said Lee"), its agent ("was reported by the agency"), a relative pronoun
("the agency, which said …") or the subject of the verb it hangs on ("X declined to say …").

Decisions and undertakings are reports too ("the board agreed to cut 40 jobs", "the council
pledged $3 million"): the verbs are in ``reporting-verbs`` in ``rules/attribution.toml``, with
the complement each needs.
"""

from __future__ import annotations

from attrlint.analysis.credit import leave_narration, subordinators
from attrlint.analysis.cues.base import Cue, inverted, make_cue, scope_root
from attrlint.analysis.cues.registry import IMPERSONAL, REPORTING, Probe, Scan, token_finder
from attrlint.analysis.tokenindex import doc_text
from attrlint.analysis.tokens import FINITE, SUBJECTS, word_forms
from attrlint.lexicon import Lexicon
from attrlint.model import How


def _reports_clause(verb, lemma: str, lex: Lexicon) -> bool:
    """A clause-reporting verb with the complement it needs (see rules/attribution.toml)."""
    if lemma in lex["finite-clause-verbs"]:
        return any(c.dep_ in {"ccomp", "parataxis"} and _finite(c) for c in verb.children)
    return any(c.dep_ in {"ccomp", "xcomp", "parataxis"} or c.lower_ == "with" for c in verb.children)


def _finite(clause) -> bool:
    """The clause carries tense or opens with "that" ("that 40 ships had left", "there are …")."""
    return clause.tag_ in FINITE or any(
        a.dep_ in {"aux", "auxpass", "mark"} and (a.tag_ in FINITE or a.lower_ == "that") for a in clause.children)


def reporting_args(p: Probe, lex: Lexicon) -> tuple[list, list] | None:
    """(subjects, agents) of a token that reports as a verb, or None when it does not."""
    if "report" in p.memo:
        return p.memo["report"]  # type: ignore[return-value]
    tok, lemma = p.tok, p.lemma
    # A particle makes another verb: "called back 300,000 cars", "put off", "found out".
    has_particle = any(c.dep_ == "prt" and c.lower_ not in lex["reporting-particles"] for c in tok.children)
    out = None
    if p.verbal and p.forms & lex["reporting-verbs"] and not has_particle and (
            lemma not in lex["at-reporting-verbs"] or any(c.lower_ == "at" for c in tok.children)) and (
            lemma not in lex["clause-reporting-verbs"] or _reports_clause(tok, lemma, lex)) and not (
            lemma in lex["object-not-reporting-verbs"] and any(c.dep_ == "dobj" for c in tok.children)):
        subj = [c for c in tok.children if c.dep_ in SUBJECTS]
        agent = [obj for c in tok.children if c.dep_ == "agent" for obj in c.children if obj.dep_ == "pobj"]
        out = (subj, agent)
    p.memo["report"] = out
    return out


@token_finder(REPORTING)
def passive_agent(p: Probe, scan: Scan) -> None:
    """ "was reported by the agency that 40 ships …" and "stocks are put at 12 million tonnes by
    the ministry" credit the agent; "a song written by X" does not (the verb needs a clause, a
    level it puts something at, or an attribution noun as its subject)."""
    args = reporting_args(p, scan.lex)
    if args is None or not args[1]:
        return
    tok = p.tok
    if any(c.dep_ in {"ccomp", "xcomp", "parataxis"} or c.dep_ == "prep" and c.lower_ == "at" for c in tok.children) \
            or any(c.dep_ == "nsubjpass" and (word_forms(c) & scan.lex["attribution-nouns"]) for c in tok.children):
        scan.add(make_cue(args[1][0], tok, How.VERB, scan.lex, scope_root=scope_root(tok)))


def _own_subject(p: Probe) -> object | None:
    """The subject of a reporting verb used without an agent, or None."""
    args = p.memo.get("report")
    if args is None or args[1] or not args[0]:  # type: ignore[index]
        return None
    return args[0][0]  # type: ignore[index]


@token_finder(REPORTING)
def impersonal_passive(p: Probe, scan: Scan) -> bool:
    """ "The toll is estimated to be 40", "it is believed that …": a passive report names no one
    (a vague cue showing the construction itself); no other passive reporting verb credits."""
    if reporting_args(p, scan.lex) is None:
        return False
    tok = p.tok
    # "there are thought to be 400 fighters": an empty "there" is as impersonal as an empty "it"
    s = _own_subject(p) or next((c for c in tok.children if c.dep_ == "expl"), None)
    if s is None or not (s.dep_ == "nsubjpass" or (
            s.lower_ in {"it", "there"} and any(c.dep_ == "auxpass" for c in tok.children))):
        return False
    if p.lemma in scan.lex["impersonal-verbs"]:
        c = make_cue(s, tok, How.IMPERSONAL, scan.lex, scope_root=scope_root(tok), vague=True)
        empty = s.lower_ in {"it", "there"}
        c.scope |= c.source_tokens if not empty else set()
        # nobody is named: show the construction itself ("it is believed", "is estimated")
        words = ([s] if empty else []) + [a for a in tok.children
                                                      if a.dep_ in {"aux", "auxpass"}] + [tok]
        c.source_text = " ".join(w.text for w in sorted(words, key=lambda w: w.i)).lower()
        scan.add(c)
    return True


@token_finder(IMPERSONAL)
def impersonal_discovery(p: Probe, scan: Scan) -> None:
    """ "It is understood that 300 jobs will go", "it has been learned that …": a passive verb of
    knowing with an empty "it" reports what nobody is named for (a vague cue). Reporting verbs
    ("it is believed") are the impersonal passive's."""
    tok = p.tok
    if not p.forms.isdisjoint(scan.lex["reporting-verbs"]) or tok.pos_ not in {"VERB", "AUX"}:
        return
    it = [c for c in tok.children if c.dep_ in {"nsubjpass", "expl", "nsubj"} and c.lower_ == "it"]
    if not it or not any(c.dep_ == "auxpass" for c in tok.children) or not any(
            c.dep_ in {"ccomp", "xcomp"} for c in tok.children):
        return  # "it is known" with no clause reports nothing
    c = make_cue(it[0], tok, How.IMPERSONAL, scan.lex, scope_root=scope_root(tok), vague=True)
    words = [it[0], *(a for a in tok.children if a.dep_ in {"aux", "auxpass"}), tok]
    c.source_text = " ".join(w.text for w in sorted(words, key=lambda w: w.i)).lower()
    scan.add(c)


def _not_a_speaker(s, lex: Lexicon) -> bool:
    """A subject that cannot be the source: a clause, or a bare "that"/"which"/"this"
    (``non-speaker-pronouns``)."""
    return s.dep_ == "csubj" or s.lower_ in lex["non-speaker-pronouns"] and s.dep_ != "nsubj"


def _counted(s, lex: Lexicon) -> bool:
    """A subject that is a number: poll respondents ("73 percent said" is the claim, not a source)."""
    return s.pos_ == "NUM" or s.like_num or (
        any(c.pos_ == "NUM" or c.like_num for c in s.children) and s.lower_ in lex.derive(_percent_words))


def _percent_words(lex: Lexicon) -> frozenset[str]:
    """The first words of ``percent-units``: the token a parse makes the head of "73 per cent"."""
    return frozenset(e.split()[0] for e in lex["percent-units"])


@token_finder(REPORTING)
def speaker_subject(p: Probe, scan: Scan) -> bool:
    """ "The ministry said 40 ships are waiting", "…, the ministry said.", "The auditor pointed
    out that …": the subject of a reporting verb is the source."""
    if reporting_args(p, scan.lex) is None:
        return False
    s = _own_subject(p)
    if s is None:
        return False
    if _not_a_speaker(s, scan.lex):
        return True
    if _counted(s, scan.lex):
        # "73 percent said they …": a share of people polled, which credits nothing but
        # shows that "they" after it are the same respondents (credit.speaking_cues)
        c = speaker_cue(p.tok, s, p.forms, scan.sent, scan.lex)
        c.respondents = True
        scan.add(c)
        return True
    if not _relative(p, s, scan.lex):
        c = speaker_cue(p.tok, s, p.forms, scan.sent, scan.lex)
        c.scope |= _reported_antecedent(p, scan.lex) - c.source_tokens
        scan.add(c)
    return False


def _reported_antecedent(p: Probe, lex: Lexicon) -> set[int]:
    """ "short of the 50 that the authority had predicted", "the 300 jobs the union says were
    lost": what a restrictive relative clause reports is its antecedent, when the antecedent
    fills the clause's gap; not the person a source told ("the dockers she told about the plan"),
    and not an antecedent a clause set off by a comma only says more about ("30 applicants,
    which he said were evenly split"), unless the antecedent is what the verb reports ("a 10
    percent rate, which Cruz proposed")."""
    tok = p.tok
    if tok.dep_ != "relcl" or p.lemma in lex["unreported-object-verbs"]:
        return set()
    rel = lex["relative-pronouns"]
    first = tok.left_edge.i
    if first > 0 and tok.doc[first - 1].text == "," and not any(
            c.dep_ == "dobj" and c.lower_ in rel for c in tok.children):
        return set()
    if any(c.dep_ == "dobj" and c.lower_ not in rel for c in tok.children):
        return set()  # "the ship that Moreau said brought 40 crates": the clause has its own object
    return {t.i for t in tok.head.subtree} - {t.i for t in tok.subtree}


def _relative(p: Probe, s, lex: Lexicon) -> bool:
    return s.lower_ in lex["relative-pronouns"] and p.tok.dep_ == "relcl"


@token_finder(REPORTING)
def relative_reporting_clause(p: Probe, scan: Scan) -> None:
    """ "The agency, which said 40 ships were waiting, …": the antecedent of the relative pronoun
    is the source."""
    if reporting_args(p, scan.lex) is None:
        return
    s = _own_subject(p)
    if s is None or not _relative(p, s, scan.lex):
        return
    scan.add(speaker_cue(p.tok, p.tok.head, p.forms, scan.sent, scan.lex))


def speaker_cue(tok, s, forms: set[str], sent, lex: Lexicon) -> Cue:
    """The cue of reporting verb ``tok`` spoken by ``s``, with the scope its place in the
    sentence gives it."""
    inv = inverted(tok, s)
    # "The auditor pointed out that …, so thousands …": the parser hung the opening
    # reporting clause under a later verb; a sentence that opens with the source and
    # its reporting verb is that source's report.
    opening = tok.i < sent.root.i and tok.dep_ in {"ccomp", "advcl", "csubj"} and \
        all(t.dep_ in {"cc", "advmod", "punct"} for t in sent if t.i < s.left_edge.i)
    c = make_cue(s, tok, How.VERB, lex, scope_root=sent.root if inv else scope_root(tok))
    if inv or opening:
        c.scope = {t.i for t in sent} - c.source_tokens
    c.scope |= _clause_after_object(tok) - c.source_tokens
    if not (inv or opening):
        leave_narration(c, tok, lex)
    wh = _free_relative_word(s, sent, lex)
    if wh is not None:
        c.scope = {i for i in c.scope if i > wh.i}
    return _in_subordinate_clause(c, tok, s, forms, sent, lex)


def _free_relative_word(s, sent, lex: Lexicon):
    """The "what" or "than" right before the speaker, when the report sits in a free relative
    or a comparison ("about double what Moreau said she expected"), through one nested report."""
    doc = s.doc
    k = s.left_edge.i - 1
    for _ in range(3):
        if k < sent.start:
            return None
        w = doc[k]
        if w.lower_ in lex["free-relative-words"]:
            return w
        subj = [c for c in w.children if c.dep_ in SUBJECTS and c.i < w.i]
        if not subj or not word_forms(w) & lex["reporting-verbs"]:
            return None
        k = subj[0].left_edge.i - 1
    return None


def _in_subordinate_clause(c: Cue, tok, s, forms: set[str], sent, lex: Lexicon) -> Cue:
    """ "… after Okafor complained that …": a report inside a subordinate clause covers what it
    reports, not the sentence the parser hung on it."""
    before = tok.doc[s.left_edge.i - 1] if s.left_edge.i > sent.start else None
    marks = subordinators(lex)
    # a subject that swallowed "… after Okafor, the harbour master," is a misread
    # "after Okafor complained": the subordinator sits inside it, before the verb
    swallowed = [p for p in s.subtree if p.lower_ in marks and p.i > s.i
                 and p.dep_ in {"prep", "mark"} and any(o.dep_ == "pobj" and o.pos_ == "PROPN"
                                                         for o in p.children)]
    if swallowed:
        name = next(o for o in swallowed[-1].children if o.dep_ == "pobj")
        c = make_cue(name, tok, How.VERB, lex, scope_root=tok)
    if swallowed or (before is not None and before.lower_ in marks):
        if forms & lex["document-verbs"]:  # "though the returns disclosed …": all of it
            c.scope = {t.i for t in tok.subtree}
        else:
            c.scope = {t.i for k in tok.children if k.dep_ in {"ccomp", "xcomp"} for t in k.subtree}
        c.scope -= c.source_tokens
    return c


def _clause_after_object(verb) -> set[int]:
    """ "accounts that showed the port company lost $2.4 million": the parser takes "the port company" for
    the object and hangs "lost" elsewhere; a finite verb with no subject right after the object
    is the reported clause."""
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    if not objs:
        return set()
    nxt = objs[0].right_edge.i + 1
    doc = verb.doc
    if nxt >= len(doc) or nxt >= verb.sent.end:
        return set()
    v = doc[nxt]
    if v.tag_ not in FINITE or any(c.dep_ in {"nsubj", "nsubjpass"} for c in v.children):
        return set()
    if v.tag_ == "MD":  # "showed the company would lose …": the modal's verb is the clause
        if v.head.i <= v.i:
            return set()
        v = v.head
    return {t.i for t in v.subtree}


@token_finder(REPORTING)
def governing_subject(p: Probe, scan: Scan) -> None:
    """ "X declined to say …", "X said … and added …", "X issued a statement calling …": a
    reporting verb with no subject of its own is spoken by the nearest governing verb's subject
    ("It is worth noting that …" names nobody)."""
    args = reporting_args(p, scan.lex)
    tok = p.tok
    if args is None or args[0] or args[1] or tok.dep_ not in {"xcomp", "conj", "advcl", "acl"}:
        return
    gov = tok.head
    for _ in range(3):
        gsubj = [c for c in gov.children if c.dep_ == "nsubj"]
        if gsubj or gov.head.i == gov.i:
            break
        gov = gov.head
    impersonal = gsubj and gsubj[0].lower_ == "it" and gov.lemma_ == "be"
    if gsubj and not impersonal:
        scan.add(make_cue(gsubj[0], tok, How.VERB, scan.lex, scope_root=scope_root(tok)))


def _misread_report(sent, tok) -> bool:
    """A sentence that opens with a capitalised name, then a reporting word, then "that"."""
    i = tok.i - sent.start
    if i < 1 or i + 1 >= len(sent) or sent[i + 1].lower_ != "that":
        return False
    return all(t.text[:1].isupper() and t.pos_ in {"PROPN", "NOUN"} or t.text in {".", "-"} for t in sent[:i]) \
        and sent[i - 1].text[:1].isupper()


@token_finder(REPORTING)
def misread_reporting_noun(p: Probe, scan: Scan) -> None:
    """ "Lindqvist charges that …" read as a noun phrase: the opening name and a reporting word
    followed by "that" are still a reporting clause."""
    tok, sent = p.tok, scan.sent
    reporting = scan.lex["reporting-verbs"]
    if p.verbal or not p.forms & reporting or tok.tag_ not in {"NNS", "VBZ", "NNPS"} \
            or not _misread_report(sent, tok):
        return
    name = [t for t in sent if t.i < tok.i and t.text not in {".", "-"}]
    a, b = name[0].idx, name[-1].idx + len(name[-1].text)
    after = {t.i for t in sent if t.i > tok.i}
    scan.add(Cue(doc_text(tok.doc)[a:b], a, b, min(p.forms & reporting), How.VERB, False, after,
                 {t.i for t in name}, name[-1].lemma_.lower(), False, name[-1].i))
