"""Who is credited for what: reporting clauses, source phrases, quotations and carry-over (policy §2).

Works on the dependency parse of one block (a spaCy ``Doc`` whose text is the block's text). A
*cue* is a construction that credits a source: a reporting verb with its subject, "according to
X", "citing X", an attribution noun with a possessor ("the ministry's estimate"), a document
that speaks ("records show"). Each cue covers a *scope*: the token indices of the content it
credits (the verb's subtree without the source itself).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from attrlint.lexicon import Lexicon

SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
PERSONAL_PRONOUNS = {"he", "she", "they", "we", "i", "you", "it", "who", "which", "that"}
QUOTE_PAIRS = {"“": "”", "\"": "\"", "‘": "’", "«": "»", "„": "“"}


@dataclass
class Cue:
    """A construction crediting a source, with the tokens it covers."""

    source_text: str
    source_start: int  # block-text offsets of the source phrase
    source_end: int
    cue: str
    how: str
    vague: bool
    scope: set[int] = field(default_factory=set)
    source_tokens: set[int] = field(default_factory=set)
    head_lemma: str = ""
    pronoun: bool = False
    head_i: int = -1
    # tokens of the sentence the cue leaves to the reporter ("Speaking to thousands, X said …")
    outside: set[int] = field(default_factory=set)


def _span_of(tokens) -> tuple[int, int]:
    toks = sorted(tokens, key=lambda t: t.i)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _source_phrase(head) -> list:
    """The source's own words: the head with its determiners, modifiers and 'of/at/from' phrases."""
    keep = []
    for t in head.subtree:
        if t.dep_ in {"relcl", "acl", "appos", "punct"} and t.i != head.i:
            continue
        anc = t
        skip = False
        while anc.i != head.i:
            if anc.dep_ in {"relcl", "acl", "appos", "advcl", "punct", "cc"} and anc.head.i == head.i:
                skip = True
                break
            anc = anc.head
        if not skip:
            keep.append(t)
    return keep or [head]


def _has_anonymity_description(head, lex: Lexicon) -> bool:
    text = " ".join(t.lower_ for t in head.subtree)
    return any(m in text for m in lex["anonymity-markers"])


def is_vague(head, lex: Lexicon) -> bool:
    """A bare source with no body named ("officials", "experts", "reports", "some")."""
    lower = head.lower_
    if head.pos_ == "PRON":
        return lower in {"some", "many", "others", "someone", "somebody", "few", "several"}
    # "many Norwegians", "some Liberals": a slice of a people or party named by a quantifier
    # identifies nobody.
    # Any other word naming the group ("some U.S. officials", "many Labour voters") leaves it to
    # the rules below.
    quantifiers = [c for c in head.children if c.dep_ in {"det", "amod"} and c.lower_ in lex["vague-determiners"]]
    if head.tag_ in {"NNS", "NNPS"} and quantifiers and all(
            c in quantifiers or c.dep_ == "punct" for c in head.children):
        return True
    if head.pos_ == "PROPN" or head.text[:1].isupper() and head.i > head.sent.start and head.pos_ != "PRON":
        return False
    if lower not in lex["vague-heads"] and head.lemma_.lower() not in lex["vague-heads"]:
        return False
    for c in head.children:
        if c.dep_ in {"poss", "compound", "nmod"}:
            return False
        if c.dep_ == "amod" and (c.text[:1].isupper() or c.pos_ == "PROPN"):
            return False
        if c.dep_ == "prep" and c.lower_ in {"at", "of", "from", "with", "for", "in", "inside", "on"}:
            if any(p.dep_ == "pobj" and (p.pos_ in {"PROPN", "NOUN"}) for p in c.children):
                return False
        # "the lawmakers", "the report": a definite article points back to a source already named.
        if c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} and \
                lower not in {"authorities", "media", "press", "experts", "sources"}:
            return False
    if _has_anonymity_description(head, lex):
        return False
    # "sources who reviewed the deals": a described source can be identified by the reader
    if any(c.dep_ in {"relcl", "acl"} for c in head.children):
        return False
    return True


def _cue(head, verb, how: str, lex: Lexicon, scope_root=None, vague: bool | None = None) -> Cue:
    phrase = _source_phrase(head)
    a, b = _span_of(phrase)
    src_tokens = {t.i for t in head.subtree}
    if verb.i in src_tokens and verb.i != head.i:
        # "data that showed 40 ships waiting": the relative clause is the report, not the source
        src_tokens -= {t.i for t in verb.subtree}
    root = scope_root if scope_root is not None else verb
    scope = {t.i for t in root.subtree} - src_tokens
    v = is_vague(head, lex) if vague is None else vague
    return Cue(head.doc.text[a:b], a, b, verb.lemma_.lower(), how, v, scope, src_tokens,
               head.lemma_.lower(), head.pos_ == "PRON", head.i)


def _scope_root(verb):
    """Inverted attribution ("…, said Lee" / "…, the ministry said") covers the whole clause; a
    reporting verb with content of its own ("… and he is projecting big profits") does not."""
    if verb.dep_ == "conj" and any(c.dep_ in {"dobj", "ccomp", "xcomp"} for c in verb.children) \
            and any(c.dep_ == "nsubj" for c in verb.children) \
            and any(c.dep_ == "cc" and c.i < verb.i for c in verb.head.children):
        return verb
    top = verb
    while top.head.i != top.i and (top.dep_ == "parataxis" or (
            top.dep_ in {"ccomp", "conj", "advcl"} and top.i > top.head.i)):
        top = top.head
    if top.dep_ == "ROOT" or top is verb:
        return top
    return verb


def _inverted(verb, subj) -> bool:
    """"…, the assembly's presiding officer announced." — a reporting clause after a comma with no
    complement of its own credits the whole sentence, however the parser attached it."""
    if any(c.dep_ in {"ccomp", "xcomp", "dobj", "parataxis", "attr"} for c in verb.children):
        return False
    first = min(subj.left_edge.i, verb.i)
    return first > verb.sent.start and verb.doc[first - 1].text in {",", "—", "–", "―"}


# The source phrase after the last comma, or after the last two for an apposition
# ("…, the ship's operator, SeaBridge, said.").
# The verb ends the sentence ("…, council records show.") or takes one word ("…, the IMF said Tuesday.").
_END = r"\s*[.!?\"”’']*\s*$"
_TAILS = tuple(re.compile(src + verb + _END) for src in (r",\s+([^,;:]{1,80}?)",
                                                       r",\s+([^,;:]{1,80}?,\s+[^,;:]{1,60}?),?")
               for verb in (r"\s+([a-z]+)()", r"\s+([a-z]+)(\s+\w+)"))


def _tail_cue(sent, lex: Lexicon) -> Cue | None:
    """A sentence ending "…, the ship's operator, SeaBridge, said." whose parse missed the cue."""
    for pattern in _TAILS:
        m = pattern.search(sent.text)
        cue = _tail_match(sent, m, lex) if m else None
        if cue is not None:
            return cue
    return None


def _tail_match(sent, m, lex: Lexicon) -> Cue | None:
    verb_word = m.group(2)
    verb = next((t for t in sent if t.idx - sent.start_char == m.start(2)), None)
    if verb is None or verb.lemma_.lower() not in lex["reporting-verbs"] | lex["document-verbs"]:
        return None
    if verb.lower_ != verb_word or verb.tag_ not in {"VBD", "VBZ", "VBP", "VB"} and not (
            verb.tag_ in {"NN", "NNS"} and verb.lower_ in {"show", "shows", "say", "says"}):
        return None
    phrase = [t for t in sent if m.start(1) <= t.idx - sent.start_char < m.end(1) and not t.is_punct]
    nouns = [t for t in phrase if t.pos_ in {"NOUN", "PROPN", "PRON"}]
    if not nouns:
        return None
    head = nouns[-1]
    a, b = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    src = {t.i for t in phrase}
    return Cue(sent.doc.text[a:b], a, b, verb.lemma_.lower(), "verb", is_vague(head, lex),
               {t.i for t in sent} - src, src, head.lemma_.lower(), head.pos_ == "PRON", head.i)


_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # tags of a verb that carries tense
_CIRCUMSTANCE_MARKS = frozenset({"as", "while", "when", "after", "before", "since", "until", "though",
                                 "although"})


def _circumstances(verb, lex: Lexicon) -> set[int]:
    """Where and when the source spoke is the reporter's narration, not the source's report:
    "Speaking to 2,000 dockers, Moreau said …", "…, Moreau said as 500 dockers marched",
    "… cited the backlog at a rally attended by 4,000 dockers"."""
    out: set[int] = set()
    # "warned officials to boost security after hackers targeted …": the timing hangs on the
    # instruction but narrates the warning
    heads = [verb, *(x for x in verb.children if x.dep_ == "xcomp")]
    for c in (k for h in heads for k in h.children):
        if c.dep_ == "prep" and c.lower_ in {"at", "during"}:
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if objs and word_forms(objs[0]) & lex["event-nouns"]:
                out |= {t.i for t in c.subtree}
            continue
        if c.dep_ != "advcl":
            continue
        marks = {m.lower_ for m in c.children if m.dep_ == "mark"}
        participle = c.tag_ in {"VBG", "VBN"} and not marks and c.i < verb.i and not any(
            s.dep_ in SUBJECTS for s in c.children)
        if participle or marks & _CIRCUMSTANCE_MARKS:
            out |= {t.i for t in c.subtree}
    return out


def _leave_narration(cue: Cue, verb, lex: Lexicon) -> None:
    """Take the reporter's narration around ``verb`` out of the cue's scope and remember it, so
    the sentence-level credit does not hand it back."""
    cue.outside = _circumstances(verb, lex) | _other_actors(verb)
    cue.scope -= cue.outside


_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})


def _other_actors(verb) -> set[int]:
    """ "The union called for a 6% raise, but the operator would hold pay at 2%": a clause
    joined to the report with a subject of its own is another actor's, not the source's."""
    out: set[int] = set()
    for c in verb.children:
        if c.dep_ == "conj" and any(k.dep_ == "nsubj" and k.lower_ not in _PRONOUNS for k in c.children) \
                and not any(k.dep_ == "ccomp" for k in c.children):
            out |= {t.i for t in c.subtree}
    return out


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
    if v.tag_ not in _FINITE or any(c.dep_ in {"nsubj", "nsubjpass"} for c in v.children):
        return set()
    if v.tag_ == "MD":  # "showed the company would lose …": the modal's verb is the clause
        if v.head.i <= v.i:
            return set()
        v = v.head
    return {t.i for t in v.subtree}


def _orphan_document_verb(sent, tok, lex: Lexicon):
    """ "after leaked documents from the authority's audit show it paid …": a document verb the parser left
    without a subject, right after a document noun, still reports what that document says."""
    if tok.lemma_.lower() not in lex["document-verbs"] or tok.tag_ not in {"VBP", "VBZ", "VBD", "VB", "NN", "NNS"} \
            or any(c.dep_ in SUBJECTS for c in tok.children) or not any(c.dep_ == "ccomp" for c in tok.children):
        return None
    for j in range(tok.i - 1, max(sent.start, tok.i - 10) - 1, -1):
        t = tok.doc[j]
        if t.tag_ in _FINITE or t.text in {";", ":"}:
            return None
        if t.pos_ in {"NOUN", "PROPN"} and word_forms(t) & lex["attribution-nouns"]:
            return t
    return None


def _misread_report(sent, tok) -> bool:
    """A sentence that opens with a capitalised name, then a reporting word, then "that"."""
    i = tok.i - sent.start
    if i < 1 or i + 1 >= len(sent) or sent[i + 1].lower_ != "that":
        return False
    return all(t.text[:1].isupper() and t.pos_ in {"PROPN", "NOUN"} or t.text in {".", "-"} for t in sent[:i]) \
        and sent[i - 1].text[:1].isupper()


def word_forms(tok) -> set[str]:
    """The lemma and the surface word's plain forms: the small model's lemmatiser slips
    ("rated" → "rat"), and a word list should still match."""
    low = tok.lower_
    forms = {tok.lemma_.lower(), low}
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"),
                         ("d", ""), ("ing", ""), ("ing", "e")):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            forms.add(low[: len(low) - len(suffix)] + repl)
    return forms


# Attribution nouns that also name an achievement or an amount: "set a record of 300 ships",
# "made a count of 40" is the reporter's narration.
_TALLIES = frozenset({"record", "records", "count", "counts", "tally", "figure", "figures", "total"})
def _reports_clause(verb, lemma: str, lex: Lexicon) -> bool:
    """A clause-reporting verb with the complement it needs (see rules/attribution.toml)."""
    if lemma in lex["finite-clause-verbs"]:
        return any(c.dep_ in {"ccomp", "parataxis"} and _finite(c) for c in verb.children)
    return any(c.dep_ in {"ccomp", "xcomp", "parataxis"} or c.lower_ == "with" for c in verb.children)


def _finite(clause) -> bool:
    """The clause carries tense or opens with "that" ("that 40 ships had left", "there are …")."""
    return clause.tag_ in _FINITE or any(
        a.dep_ in {"aux", "auxpass", "mark"} and (a.tag_ in _FINITE or a.lower_ == "that") for a in clause.children)


def find_cues(sent, lex: Lexicon) -> list[Cue]:
    """Every attribution construction in a parsed sentence."""
    cues: list[Cue] = []
    reporting = lex["reporting-verbs"]
    for tok in sent:
        lemma = tok.lemma_.lower()
        low = tok.lower_
        # "according to X", "citing X", "per X", "as reported by X"
        if low == "according":
            for to in tok.children:
                for p in to.children:
                    if p.dep_ == "pobj":
                        cues.append(_cue(p, tok, "according-to", lex, scope_root=sent.root))
        elif low in {"citing", "per"} or (low == "cited" and tok.dep_ in {"acl", "advcl"}):
            objs = [c for c in tok.children if c.dep_ in {"dobj", "pobj"}]
            if low == "per":  # "per the ministry", not "per year"
                objs = [o for o in objs if o.pos_ == "PROPN" or any(d.lower_ == "the" for d in o.children)]
            if not objs and low == "cited":
                objs = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            for o in objs[:1]:
                cues.append(_cue(o, tok, "citing", lex, scope_root=sent.root))
        # A particle makes another verb: "called back 300,000 cars", "put off", "found out".
        has_particle = any(c.dep_ == "prt" and c.lower_ not in {"out"} for c in tok.children)
        forms = word_forms(tok)
        verbal = tok.pos_ in {"VERB", "AUX"} or (
            tok.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in tok.children))  # "Lindqvist charges that …"
        if verbal and forms & reporting and not has_particle and (
                lemma not in lex["at-reporting-verbs"] or any(c.lower_ == "at" for c in tok.children)) and (
                lemma not in lex["clause-reporting-verbs"] or _reports_clause(tok, lemma, lex)) and not (
                lemma in lex["object-not-reporting-verbs"] and any(c.dep_ == "dobj" for c in tok.children)):
            subj = [c for c in tok.children if c.dep_ in SUBJECTS]
            agent = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]
            if agent:
                # "was reported by the agency that …" credits the agency; "a song written by X" does not
                if any(c.dep_ in {"ccomp", "xcomp", "parataxis"} for c in tok.children) or \
                        any(c.dep_ == "nsubjpass" and (word_forms(c) & lex["attribution-nouns"]) for c in tok.children):
                    cues.append(_cue(agent[0], tok, "verb", lex, scope_root=_scope_root(tok)))
            elif subj:
                s = subj[0]
                passive = s.dep_ == "nsubjpass"
                if passive or (s.lower_ == "it" and any(c.dep_ == "auxpass" for c in tok.children)):
                    # "is estimated to", "it is believed that": no one named
                    if lemma in lex["impersonal-verbs"]:
                        c = _cue(s, tok, "impersonal", lex, scope_root=_scope_root(tok), vague=True)
                        c.scope |= c.source_tokens if s.lower_ != "it" else set()
                        # nobody is named: show the construction itself ("it is believed", "is estimated")
                        words = ([s] if s.lower_ == "it" else []) + [a for a in tok.children
                                                                      if a.dep_ in {"aux", "auxpass"}] + [tok]
                        c.source_text = " ".join(w.text for w in sorted(words, key=lambda w: w.i)).lower()
                        cues.append(c)
                    continue
                if s.dep_ == "csubj" or s.pos_ in {"NUM"} or s.lower_ in {"that", "which", "this"} \
                        and s.dep_ != "nsubj":
                    continue
                if any(c.pos_ == "NUM" or c.like_num for c in s.children) and s.lower_ in {"%", "percent", "per"} \
                        or s.like_num:
                    continue  # "73 percent said": poll respondents are the claim, not a source
                if s.lower_ in {"which", "who", "that"} and tok.dep_ == "relcl":
                    s = tok.head  # "the agency, which said …": the antecedent is the source
                inverted = _inverted(tok, s)
                # "The auditor pointed out that …, so thousands …": the parser hung the opening
                # reporting clause under a later verb; a sentence that opens with the source and
                # its reporting verb is that source's report.
                opening = tok.i < sent.root.i and tok.dep_ in {"ccomp", "advcl", "csubj"} and \
                    all(t.dep_ in {"cc", "advmod", "punct"} for t in sent if t.i < s.left_edge.i)
                c = _cue(s, tok, "verb", lex, scope_root=sent.root if inverted else _scope_root(tok))
                if inverted or opening:
                    c.scope = {t.i for t in sent} - c.source_tokens
                c.scope |= _clause_after_object(tok) - c.source_tokens
                if not (inverted or opening):
                    _leave_narration(c, tok, lex)
                before = tok.doc[s.left_edge.i - 1] if s.left_edge.i > sent.start else None
                subordinators = _CIRCUMSTANCE_MARKS | {"because", "once"}
                # a subject that swallowed "… after Okafor, the harbour master," is a misread
                # "after Okafor complained": the subordinator sits inside it, before the verb
                swallowed = [p for p in s.subtree if p.lower_ in subordinators and p.i > s.i
                             and p.dep_ in {"prep", "mark"} and any(o.dep_ == "pobj" and o.pos_ == "PROPN"
                                                                     for o in p.children)]
                if swallowed:
                    name = next(o for o in swallowed[-1].children if o.dep_ == "pobj")
                    c = _cue(name, tok, "verb", lex, scope_root=tok)
                if swallowed or (before is not None and before.lower_ in subordinators):
                    # "… after Okafor complained that …": a report inside a subordinate clause
                    # covers what it reports, not the sentence the parser hung on it
                    if forms & lex["document-verbs"]:  # "though the returns disclosed …": all of it
                        c.scope = {t.i for t in tok.subtree}
                    else:
                        c.scope = {t.i for k in tok.children if k.dep_ in {"ccomp", "xcomp"} for t in k.subtree}
                    c.scope -= c.source_tokens
                cues.append(c)
            elif tok.dep_ in {"xcomp", "conj", "advcl", "acl"}:
                # "X declined to say …", "X said … and added …", "X issued a statement calling …":
                # the nearest governing verb's subject speaks.
                gov = tok.head
                for _ in range(3):
                    gsubj = [c for c in gov.children if c.dep_ == "nsubj"]
                    if gsubj or gov.head.i == gov.i:
                        break
                    gov = gov.head
                # "It is worth noting that …", "it is fair to say": "it" is nobody
                impersonal = gsubj and gsubj[0].lower_ == "it" and gov.lemma_ == "be"
                if gsubj and not impersonal:
                    cues.append(_cue(gsubj[0], tok, "verb", lex, scope_root=_scope_root(tok)))
        elif not verbal and forms & reporting and tok.tag_ in {"NNS", "VBZ", "NNPS"} and _misread_report(sent, tok):
            # "Lindqvist charges that …" read as a noun phrase: the opening name and a reporting
            # word followed by "that" are still a reporting clause.
            name = [t for t in sent if t.i < tok.i and t.text not in {".", "-"}]
            a, b = name[0].idx, name[-1].idx + len(name[-1].text)
            after = {t.i for t in sent if t.i > tok.i}
            cues.append(Cue(tok.doc.text[a:b], a, b, min(forms & reporting), "verb", False, after,
                            {t.i for t in name}, name[-1].lemma_.lower(), False, name[-1].i))
        orphan = _orphan_document_verb(sent, tok, lex)
        if orphan is not None:
            # the words up to the verb say whose documents they are ("from the authority's 2021 audit")
            between = tok.doc[orphan.i + 1:tok.i]
            owned = any(t.dep_ == "poss" or t.pos_ == "PROPN" for t in between)
            c = _cue(orphan, tok, "document", lex, scope_root=tok, vague=False if owned else None)
            if owned:
                phrase = tok.doc[orphan.left_edge.i:tok.i]
                c.source_text, c.source_start, c.source_end = phrase.text, phrase.start_char, phrase.end_char
            c.scope = {t.i for c_ in tok.children if c_.dep_ == "ccomp" for t in c_.subtree}
            cues.append(c)
        # "the ministry's estimate", "figures from the agency", "council records show"
        nominal = tok.pos_ in {"NOUN", "PROPN"} or tok.dep_ in {"dobj", "nsubj", "nsubjpass", "pobj"}
        if nominal and forms & lex["attribution-nouns"]:
            src = None
            for c in tok.children:
                if c.dep_ == "poss":
                    src = c
                elif c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}:
                    objs = [p for p in c.children if p.dep_ == "pobj"]
                    if objs and (objs[0].pos_ == "PROPN" or c.lower_ in {"from", "by"}):
                        src = objs[0]
                elif c.dep_ == "compound" and src is None and (c.pos_ in {"PROPN", "NOUN"}):
                    src = c
            if src is None and tok.dep_ == "dobj" and word_forms(tok.head) & lex["expressing-verbs"] \
                    and not forms & _TALLIES:
                # "Okafor voiced fears that 300 jobs would go", "the union put forward a plan that
                # …": whoever voices the claim owns it
                subj = [c for c in tok.head.children if c.dep_ == "nsubj"]
                if subj and subj[0].lower_ not in {"it", "that", "which", "this"}:
                    src = subj[0]
            if tok.dep_ == "pobj" and tok.head.lower_ in {"in", "from"} and src is None and tok.head.head.i != tok.i \
                    and any(c.dep_ in {"det", "poss", "compound"} and c.lower_ not in {"a", "an", "one", "some"}
                            for c in tok.children):
                # "In this poll, the mayor rose 1 point", "in the agency's report, …": the document speaks
                cues.append(Cue(tok.text, tok.idx, tok.idx + len(tok.text), lemma, "in-document", False,
                                {t.i for t in sent} - {t.i for t in tok.head.subtree}, set(), lemma,
                                False, tok.i))
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ == "by" and src is None:
                # "by one estimate", "by the union's count"
                vague_det = any(c.lower_ in lex["vague-determiners"] for c in tok.children)
                cues.append(Cue(tok.text, tok.idx, tok.idx + len(tok.text), lemma, "by-noun", vague_det,
                                {t.i for t in sent} - {t.i for t in tok.head.subtree}, set(), lemma,
                                False, tok.i))
                continue
            if src is not None:
                # the clause the estimate is subject or object of ("X's estimate rose to 3.1%")
                verb = tok.head
                vforms = word_forms(verb)
                # "X's estimate rose to 3.1%", "it raised its forecast to 1.8%": the clause reports the
                # figure; "the mayor's speech coincided with …" does not.
                reports = (tok.dep_ in SUBJECTS and vforms & (lex["document-verbs"] | lex["figure-verbs"])) or (
                    tok.dep_ == "dobj" and vforms & lex["figure-verbs"])
                root = verb if reports and verb.pos_ in {"VERB", "AUX"} else tok
                c = _cue(src, tok, "noun", lex, scope_root=root)
                own = {t.i for t in tok.subtree}
                for rel in (t for t in tok.children if t.dep_ == "relcl"):
                    # "proposals, which include …" describes the document; a "that" clause (often
                    # misparsed as relative) is usually its content: "a report that $1 billion …"
                    if any(w.lower_ in {"which", "who", "whose"} for w in rel.subtree if w.i < rel.i):
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
                if tok.dep_ in SUBJECTS and _inverted(tok.head, tok):  # "…, council records show."
                    c.scope = {t.i for t in sent} - c.source_tokens
                if tok.dep_ == "pobj" and tok.head.lower_ in {"under", "in"} and tok.head.head.pos_ in {"VERB", "AUX"}:
                    # "Under the union's plan, dockers would get …", "In its report, the agency put …":
                    # the clause sets out what the document says
                    c.scope = {t.i for t in sent} - {t.i for t in tok.head.subtree}
                cues.append(c)
            elif tok.dep_ in SUBJECTS and tok.head.lemma_.lower() in lex["document-verbs"] \
                    and tok.head.pos_ in {"VERB", "AUX"} and not any(c.head_lemma == lemma for c in cues):
                # "the poll found", "a survey shows": the document itself is the source.
                bare = not any(c.dep_ in {"det", "amod", "compound", "poss"} for c in tok.children)
                c = _cue(tok, tok.head, "document", lex, scope_root=tok.head,
                         vague=bare and tok.tag_ in {"NNS"})
                _leave_narration(c, tok.head, lex)
                cues.append(c)
    if not any(sent.root.i in c.scope for c in cues):
        tail = _tail_cue(sent, lex)
        if tail is not None:
            cues.append(tail)
    # "reportedly", "allegedly": a report with nobody named
    for tok in sent:
        if tok.lower_ in {"reportedly", "allegedly", "purportedly", "supposedly"}:
            head = tok.head
            cues.append(Cue(tok.text, tok.idx, tok.idx + len(tok.text), tok.lower_, "adverb", True,
                            {t.i for t in head.subtree}, set(), tok.lower_))
    return cues


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Direct quotations in a block: (start, end, closed); an unclosed quote runs to the end."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in QUOTE_PAIRS and (ch != "\"" or i == 0 or not text[i - 1].isalnum()):
            close = QUOTE_PAIRS[ch]
            j = text.find(close, i + 1)
            if j == -1:
                spans.append((i, n, False))
                break
            spans.append((i, j + 1, True))
            i = j + 1
            continue
        i += 1
    return spans


_WORDS = re.compile(r"[A-Za-z']+")


def is_full_quotation(text: str) -> bool:
    """A quotation of a clause (not a scare-quoted phrase such as "fake news")."""
    return len(_WORDS.findall(text)) >= 5
