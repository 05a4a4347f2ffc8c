"""What a cue is, and the pieces every cue finder builds one from.

A *cue* is a construction that credits a source: a reporting verb with its subject, "according
to X", an attribution noun with a possessor ("the ministry's estimate"), a document that speaks
("records show"). Each cue covers a *scope*: the token indices of the content it credits (the
verb's subtree without the source itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from attrlint.analysis.tokenindex import doc_text
from attrlint.analysis.tokens import span_of
from attrlint.lexicon import Lexicon
from attrlint.model import How


@dataclass
class Cue:
    """A construction crediting a source, with the tokens it covers."""

    source_text: str
    source_start: int  # block-text offsets of the source phrase
    source_end: int
    cue: str
    how: How
    vague: bool
    scope: set[int] = field(default_factory=set)
    source_tokens: set[int] = field(default_factory=set)
    head_lemma: str = ""
    pronoun: bool = False
    head_i: int = -1
    # tokens of the sentence the cue leaves to the reporter ("Speaking to thousands, X said …")
    outside: set[int] = field(default_factory=set)
    # the cue finder that found it (its function name), for --explain
    finder: str = ""
    # the source is a share of people polled ("58 percent of voters said", "nine in 10 say"):
    # what they say is the poll's result, and the poll is the source it needs
    respondents: bool = False
    # a named poll whose answers the shares of people polled in its sentence give
    polls: bool = False


def source_phrase(head) -> list:
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
        return lower in lex["vague-pronouns"]
    # "a new poll", "a survey published on Monday": one document that names nobody
    if lower in lex["unnamed-single-documents"] and unnamed_document(head, lex):
        return True
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
    if any(_names_a_body(c, lower, lex) for c in head.children):
        return False
    if _has_anonymity_description(head, lex):
        return False
    # "sources who reviewed the deals": a described source can be identified by the reader;
    # "figures published on Monday" says when, not whose
    return not any(c.dep_ in {"relcl", "acl"} and not _names_nobody(c, lex) for c in head.children)


def _names_a_body(c, lower: str, lex: Lexicon) -> bool:
    """A word beside a vague head that says whose it is ("the ministry's officials", "officials
    at the port", "the lawmakers")."""
    if c.dep_ in {"compound", "nmod"} and (_names_a_trade(c, lower, lex) or names_a_kind_of_body(c, lower, lex)):
        return False
    if c.dep_ in {"poss", "compound", "nmod"}:
        return True
    # "European officials"; not "Recent polling", capitalised only as the sentence's first word
    if c.dep_ == "amod" and (c.text[:1].isupper() or c.pos_ == "PROPN") \
            and c.lower_ not in lex["generic-document-modifiers"]:
        return True
    if c.dep_ == "prep" and c.lower_ in lex["body-prepositions"]:
        if any(p.dep_ == "pobj" and (p.pos_ in {"PROPN", "NOUN"} or p.text[:1].isupper()) for p in c.children):
            return True
    # "the lawmakers", "the report": a definite article points back to a source already named.
    return c.dep_ == "det" and c.lower_ in lex["definite-determiners"] and \
        lower not in lex["vague-despite-article"]


def names_a_kind_of_body(c, lower: str, lex: Lexicon, *, lower_case: bool = False) -> bool:
    """ "campaign officials", "border officials", "a labor official", "exit polls": a kind of
    body or poll in front of its people or results, in common nouns, says which kind, not which one.
    With ``lower_case``, a capitalised first word of the sentence is not taken for a common noun
    ("Gallup polls show …" may well be a name)."""
    if lower not in lex["unnamed-kind-heads"]:
        return False
    return all((t.pos_ == "NOUN" or t.dep_ == "amod") and (
        t.text.islower() or (t.i == t.sent.start and not lower_case)) or t.dep_ in {"punct", "hyph"}
        for t in c.subtree)


def unnamed_document(tok, lex: Lexicon) -> bool:
    """ "surveys show", "recent polling shows", "new studies suggest", "a new poll found", "a survey
    published on Monday shows": a document word with no definite article, owner or name, only
    words like "recent", a time it came out or whom it asked (a vague source)."""
    if tok.pos_ == "PROPN":
        return False
    single = tok.lower_ in lex["unnamed-single-documents"] and any(
        c.dep_ == "det" and c.lower_ in lex["unpointed-determiners"] for c in tok.children)
    if not (single or tok.tag_ == "NNS" or tok.lower_ in lex["unnamed-poll-words"]):
        return False
    generic = lex["generic-document-modifiers"]
    # "exit polls show": a kind of poll in common nouns names nobody either
    return all(c.dep_ == "punct" or (c.dep_ in {"amod", "det"} and c.lower_ in generic)
               or (single and c.dep_ == "det")
               or (c.dep_ == "compound" and names_a_kind_of_body(c, tok.lower_, lex, lower_case=True))
               or _names_nobody(c, lex)
               for c in tok.children)


def _names_nobody(c, lex: Lexicon) -> bool:
    """ "published on Monday", "of 1,000 voters": when a document came out or whom it asked says
    nothing of who made it; a name ("by Norland Research", "of Iowa voters") or any agent does."""
    if c.dep_ == "acl":
        if c.lemma_.lower() not in lex["publication-verbs"] or c.tag_ != "VBN":
            return False
    elif not (c.dep_ == "prep" and c.lower_ in lex["population-prepositions"] and c.head.lower_ in lex["poll-nouns"]):
        return False  # "an analysis of her calendar" says what was studied, and often by whom
    dates = lex["weekdays"] | lex["months"]
    return not any(t.dep_ == "agent" or t.lower_ == "by" or t.pos_ == "PROPN" and t.lower_ not in dates
                   or t.text[:1].isupper() and t.lower_ not in dates for t in c.subtree)


def _names_a_trade(c, lower: str, lex: Lexicon) -> bool:
    """ "market watchers", "oil traders", "foreign policy experts": a field of work in front of
    a profession says what they do, not whom they work for."""
    if lower not in lex["profession-heads"]:
        return False
    return all(t.lower_ in lex["trade-fields"] or (t.dep_ == "amod" and t.text.islower())
               or t.dep_ in {"punct", "hyph"} for t in c.subtree)


def make_cue(head, verb, how: How, lex: Lexicon, scope_root=None, vague: bool | None = None) -> Cue:
    """The cue of source ``head`` reported by ``verb``, covering ``scope_root``'s subtree."""
    phrase = source_phrase(head)
    a, b = span_of(phrase)
    src_tokens = {t.i for t in head.subtree}
    if verb.i in src_tokens and verb.i != head.i:
        # "data that showed 40 ships waiting": the relative clause is the report, not the source
        src_tokens -= {t.i for t in verb.subtree}
    root = scope_root if scope_root is not None else verb
    scope = {t.i for t in root.subtree} - src_tokens
    v = is_vague(head, lex) if vague is None else vague
    return Cue(doc_text(head.doc)[a:b], a, b, verb.lemma_.lower(), how, v, scope, src_tokens,
               head.lemma_.lower(), head.pos_ == "PRON", head.i,
               respondents=how is How.VERB and counts_respondents(head, lex))


def counts_respondents(head, lex: Lexicon) -> bool:
    """A source that is a share of a group ("58 percent of voters", "nine in 10", "a strong
    majority of Democrats", "about half of voters"), as a poll reports its answers."""
    words = source_phrase(head)
    if any(t.lower_ in lex["poll-nouns"] for t in words):
        return False  # "half of respondents in the Suffolk poll said": the poll is named
    # not "Minority Leader Harry Reid"
    if any(t.lower_ in lex["share-words"] and t.pos_ != "PROPN"
           and not (t.dep_ == "compound" and t.head.pos_ == "PROPN") for t in words):
        return True
    # "nine in 10", "four out of 10 voters"
    return any(t.like_num and t.i + 2 < len(t.doc) and t.nbor(1).lower_ in {"in", "out"}
               and any(u.like_num for u in t.doc[t.i + 2:t.i + 4]) for t in words)


def scope_root(verb):
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


def inverted(verb, subj) -> bool:
    """"…, the assembly's presiding officer announced." — a reporting clause after a comma with no
    complement of its own credits the whole sentence, however the parser attached it."""
    if any(c.dep_ in {"ccomp", "xcomp", "dobj", "parataxis", "attr"} for c in verb.children):
        return False
    first = min(subj.left_edge.i, verb.i)
    return first > verb.sent.start and verb.doc[first - 1].text in {",", "—", "–", "―"}
