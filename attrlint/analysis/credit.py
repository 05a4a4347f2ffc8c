"""Which cue credits what: the reporter's narration a cue leaves out, sentence-level credit and
its carry-over, blocks introduced by "X said:", and a figure's credit (policy §2).

One place decides which cue wins, in this order: a cue whose scope holds the figure (a named
source before a vague one, then the first found); the speaker of the quotation the figure is
in; the sentence's own credit (its main clause's cue, or one carried over from the sentence
before) unless the figure is in the source's words or the reporter's narration; the statement
a "X went on:" block introduces.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from attrlint.analysis.tokenindex import doc_text
from attrlint.analysis.tokens import SUBJECTS, word_forms
from attrlint.lexicon import Lexicon, alternation
from attrlint.model import Attribution, Block, BlockKind, Credit, Document, FigureMention, How, Quote, Sentence

if TYPE_CHECKING:
    from attrlint.analysis.cues.base import Cue


def subordinators(lex: Lexicon) -> frozenset[str]:
    """Words that open a subordinate clause a report can sit in ("after Okafor complained …")."""
    return lex["circumstance-marks"] | lex["subordinate-marks"]


# -- the narration a cue leaves to the reporter ----------------------------------------------

def _fronted(verb, lex: Lexicon) -> set[int]:
    """A phrase set off before the speaker is the reporter's scene-setting: "Like many of the 12
    million factory workers, Moreau says …", "After watching for two hours, Moreau said …"."""
    subj = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subj or not any(c.dep_ in {"ccomp", "xcomp"} for c in verb.children):
        return set()
    out: set[int] = set()
    doc = verb.doc
    for c in verb.children:
        end, first = c.right_edge.i, c.left_edge.i
        # inside a quotation the phrase is the quoted speaker's words ("“In taking 40 lives, …")
        quoted = first > 0 and doc[first - 1].text in {"“", '"', "‘", "'"}
        # "In a poll of 800 voters, the group found …": the medium of the report is not scenery
        medium = any(word_forms(o) & lex["attribution-nouns"] for o in c.children if o.dep_ == "pobj")
        if c.dep_ == "prep" and end < subj[0].left_edge.i and c.lower_ not in lex["content-prepositions"] \
                and end + 1 < len(doc) and doc[end + 1].text == "," and not (quoted or medium):
            out |= {t.i for t in c.subtree}
    return out


def _circumstances(verb, lex: Lexicon) -> set[int]:
    """Where and when the source spoke is the reporter's narration, not the source's report:
    "Speaking to 2,000 dockers, Moreau said …", "…, Moreau said as 500 dockers marched",
    "… cited the backlog at a rally attended by 4,000 dockers"."""
    out: set[int] = set()
    # "warned officials to boost security after hackers targeted …": the timing hangs on the
    # instruction but narrates the warning
    heads = [verb, *(x for x in verb.children if x.dep_ == "xcomp")]
    for c in (k for h in heads for k in h.children):
        if c.dep_ == "dobj" and word_forms(c) & (lex["audience-nouns"] | lex["event-nouns"]):
            out |= {t.i for t in c.subtree}  # "told a crowd of 2,000 that …", "told a rally of 3,000": the hearers
            continue
        if c.dep_ == "prep":
            if _phrase_names(c, lex["event-prepositions"], lex["event-nouns"]) or \
                    _phrase_names(c, lex["audience-prepositions"], lex["audience-nouns"]):
                out |= {t.i for t in c.subtree}
            continue
        if c.dep_ != "advcl":
            continue
        marks = {m.lower_ for m in c.children if m.dep_ == "mark"}
        participle = c.tag_ in {"VBG", "VBN"} and not marks and c.i < verb.i and not any(
            s.dep_ in SUBJECTS for s in c.children)
        if participle or marks & lex["circumstance-marks"]:
            out |= {t.i for t in c.subtree}
    return out


def _phrase_names(prep, prepositions: frozenset[str], nouns: frozenset[str]) -> bool:
    """A prepositional phrase from ``prepositions`` whose object is one of ``nouns``: "at a
    rally", "to a crowd of about 500", and through a complex preposition of up to three words,
    "in front of an audience of 1,000"."""
    words = [prep.lower_]
    tok = prep
    for _ in range(2):
        objs = [o for o in tok.children if o.dep_ == "pobj"]
        if not objs:
            return False
        obj = objs[0]
        if word_forms(obj) & nouns:
            return " ".join(words) in prepositions
        inner = [k for k in obj.children if k.dep_ == "prep"]
        if not inner:
            return False
        words += [obj.lower_, inner[0].lower_]
        tok = inner[0]
    return False


def _other_actors(verb, lex: Lexicon) -> set[int]:
    """ "The union called for a 6% raise, but the operator would hold pay at 2%": a clause
    joined to the report with a subject of its own is another actor's, not the source's."""
    out: set[int] = set()
    same = lex["same-actor-pronouns"]
    for c in verb.children:
        if c.dep_ == "conj" and any(k.dep_ == "nsubj" and k.lower_ not in same for k in c.children) \
                and not any(k.dep_ == "ccomp" for k in c.children):
            out |= {t.i for t in c.subtree}
    return out


def leave_narration(cue: Cue, verb, lex: Lexicon) -> None:
    """Take the reporter's narration around ``verb`` out of the cue's scope and remember it, so
    the sentence-level credit does not hand it back."""
    cue.outside = _circumstances(verb, lex) | _other_actors(verb, lex) | _fronted(verb, lex)
    cue.scope -= cue.outside


# -- sentence credit and carry-over ----------------------------------------------------------

def to_attribution(block: Block, cue: Cue) -> Attribution:
    """The cue as the document model's credit, in source offsets."""
    a, b = block.source_span(cue.source_start, cue.source_end)
    return Attribution(cue.source_text, a, b, cue.cue, cue.how, cue.vague)


def main_cue(s: Sentence) -> Cue | None:
    """The cue that credits the sentence's main clause, if any (identifiable cues first)."""
    root = s.doc_span.root.i
    covering = [c for c in speaking_cues(s.cues) if root in c.scope or c.how in {How.ACCORDING_TO, How.CITING}]
    covering.sort(key=lambda c: c.vague)
    return covering[0] if covering else None


def _back_reference(lex: Lexicon) -> re.Pattern[str]:
    determiners, nouns = alternation(lex["definite-determiners"]), alternation(lex["carry-over-nouns"])
    return re.compile(rf"^\s*({determiners})\s+({nouns})s?\b", re.IGNORECASE)


def credit_sentences(sents: list[Sentence], block: Block, lex: Lexicon, prev: Sentence | None = None) -> None:
    """Sentence-level credit with carry-over inside one paragraph (policy §2); ``prev`` is the
    sentence before the first when a long paragraph is parsed in pieces."""
    for s in sents:
        cue = main_cue(s)
        if cue is not None:
            s.attribution = to_attribution(block, cue)
        elif prev is not None and prev.attribution is not None and carries(s, lex):
            s.attribution = Attribution(prev.attribution.source, prev.attribution.source_start,
                                        prev.attribution.source_end, prev.attribution.cue, How.CARRY_OVER,
                                        prev.attribution.vague)
        prev = s


def carries(s: Sentence, lex: Lexicon) -> bool:
    """The sentence continues the report before it without a cue of its own: a back-reference
    ("That estimate is twice …"). A pronoun subject alone does not show it ("If the rules
    survive, they will cost thousands of jobs"); "He also said …" carries its own cue."""
    return bool(lex.derive(_back_reference).match(s.text))


# -- blocks introduced by the one before -----------------------------------------------------

# Blocks that pass the introduction they continue on to the next block of their table or list.
PASSING_ON = frozenset({BlockKind.TABLE_CELL, BlockKind.LIST_ITEM})


def _ends_in_colon(block: Block) -> bool:
    return block.text.rstrip().endswith(":")


def continues(prev: Block, block: Block) -> bool:
    """The block directly follows an introducing sentence (same container or right after it).
    An introduction a table or a list passes on reaches only more of that table or list: the
    paragraph after a list is the reporter's again."""
    if not _ends_in_colon(prev) and block.kind != prev.kind:
        return False
    return block.paragraph in (prev.paragraph, prev.paragraph + 1) or (
        block.container != -1 and block.container == prev.container)


def introduction(block: Block, sents: list[Sentence], lex: Lexicon) -> Attribution | None:
    """A block ending "X said:" or "… which read in part:" credits what follows it to X."""
    if not sents or not _ends_in_colon(block):
        return None
    # imported here: the cue finders import this module
    from attrlint.analysis.cues.base import is_vague

    last = sents[-1]
    if last.attribution and not last.attribution.vague:
        return last.attribution
    # "Key facts from the ministry's report:": a named document introduces what follows
    cue = next((c for c in last.cues if c.how is How.NOUN and not (c.vague or c.respondents)), None)
    if cue is not None:
        return to_attribution(block, cue)
    span = last.doc_span
    root = span.root
    subj = [t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}]
    if not subj:
        return None
    head = subj[0]
    named = head.pos_ == "PROPN" or (head.text[:1].isupper() and head.i > span.start) or (
        # "The harbour authority gave these figures:": a body in common nouns that hands over a
        # statement is named as "Moreau" would be; "The bias begins to show …" is no speaker
        head.pos_ == "NOUN" and not is_vague(head, lex) and any(
            c.dep_ == "dobj" and (c.lemma_.lower() in lex["attribution-nouns"] or c.lower_ in lex["introducing-words"])
            for c in root.children))
    # "Moreau made the following comment:" — a named actor introducing a statement
    pronoun = head.lower_ in lex["speaker-pronouns"]
    statement = (named or pronoun or head.lower_ in lex["thing-pronouns"]) and any(
        t.lemma_.lower() in lex["attribution-nouns"] or t.lower_ in lex["introducing-words"] for t in span)
    # "Moreau went on:", "She wrote on Twitter:": a named speaker and a bare verb introduce
    # the words that follow, whatever the verb.
    bare = root.pos_ == "VERB" and not any(
        c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"} for c in root.children)
    speaker = (named or pronoun) and head.i < root.i and bare and len(span) <= 10
    if not (statement or speaker):
        return None
    start = head.left_edge.idx  # "The harbour authority", not "authority"
    a, b = block.source_span(start, head.idx + len(head.text))
    return Attribution(doc_text(span.doc)[start:head.idx + len(head.text)], a, b, root.lemma_.lower(),
                       How.INTRODUCTION, False)


def next_introduction(block: Block, sents: list[Sentence], lex: Lexicon,
                      continuing: Attribution | None) -> Attribution | None:
    """What the block introduces for the next one: its own "X said:", or, in a table or a list,
    the introduction it continues."""
    return introduction(block, sents, lex) or (continuing if block.kind in PASSING_ON else None)


_SOURCE_LABEL = re.compile(r"[\s*_]*(?:Sources?|Data)\s*:\s*")
_SOURCE_NAME = re.compile(r"[\s*_]*(?P<name>[^\n:]{2,120}?)[\s*_.]*")


def credit_table_sources(doc: Document, lex: Lexicon) -> None:
    """A "Source: Harbour Authority" line right under a table credits the figures of that table
    that had no source: a table's credit line, as under a chart, is how a desk labels it. The
    label is read apart from its line (a rubric), so the name is the block after it."""
    blocks = doc.blocks
    cells: dict[int, list[FigureMention]] | None = None  # a table's uncredited figures, gathered once
    for k in range(1, len(blocks) - 1):
        label, line, above = blocks[k], blocks[k + 1], blocks[k - 1]
        if label.kind is not BlockKind.RUBRIC or above.kind is not BlockKind.TABLE_CELL \
                or not _SOURCE_LABEL.fullmatch(label.text):
            continue
        m = _SOURCE_NAME.fullmatch(line.text)
        if m is None:
            continue
        name = m.group("name")
        words = name.split()
        # "Source: official figures" names nobody, as "official figures showed" would not
        vague = not any(w[:1].isupper() for w in words) and words[-1].lower() in lex["vague-heads"]
        att = Attribution(name, *line.source_span(m.start("name"), m.end("name")), "source", How.SOURCE_LINE, vague)
        if cells is None:
            cells = {}
            for fig in doc.figures:
                if fig.sentence.block.kind is BlockKind.TABLE_CELL and fig.credit is Credit.NONE:
                    cells.setdefault(fig.sentence.block.container, []).append(fig)
        for fig in cells.pop(above.container, []):
            _credited(fig, att, describe(How.SOURCE_LINE, "source"))


# -- a figure's credit -----------------------------------------------------------------------

def _credited(fig: FigureMention, attribution: Attribution, reason: str) -> None:
    fig.attribution = attribution
    fig.credit = Credit.VAGUE if attribution.vague else Credit.ATTRIBUTED
    fig.reason = reason


def credit_in_quotation(fig: FigureMention, speaker: Attribution, running_on: bool = False) -> None:
    """Credit ``fig`` to the speaker of the quotation it is in; ``running_on`` when the speaker
    is named in another paragraph of a quotation that runs over several."""
    where = "the quotation it is in, which runs over several paragraphs" if running_on else "the quotation it is in"
    _credited(fig, speaker, f"{where} ({describe(speaker.how, speaker.cue)})")


def credit_figure(fig: FigureMention, sent: Sentence, tokens: set[int], quotes: list[tuple[Quote, int, int]],
                  offset: int, intro: Attribution | None, block: Block) -> None:
    """Credit ``fig`` (its parse ``tokens``, block offset ``offset``) and say why in ``fig.reason``."""
    best: Cue | None = None
    # A figure in a cue's source words ("Six in 10 voters said …, and three-quarters said …") is
    # what that source is: only a cue that reports that source's whole report credits it.
    owners = [c for c in sent.cues if tokens & c.source_tokens]
    in_source = bool(owners)
    doc = sent.doc_span.doc
    speaking = speaking_cues(sent.cues)
    for c in speaking:
        if tokens & c.scope and all(_reports(c, a, doc) for a in owners) and (
                best is None or (best.vague and not c.vague) or _speaks_rather(c, best)):
            best = c
    if best is not None and not best.vague and best.how is How.VERB and best.head_i >= 0:
        # "Moreau said some estimates put the cost at $3 billion": a vague source inside what a
        # named speaker reports is where the figure comes from
        inner = next((c for c in speaking if _relays(best, c, doc) and tokens & c.scope
                      and all(_reports(c, a, doc) for a in owners)), None)
        if inner is not None:
            best = inner
    if best is not None and best.finder == "document_terms":
        # "Critics say the plan will cost 10,000 jobs": what a vague source says a document does
        # is the vague source's account, not the document's terms
        outer = next((c for c in speaking if c.vague and c.how is How.VERB and _said_by(c, best, doc)), None)
        if outer is not None:
            best = outer
    if best is not None and best.pronoun and not best.vague:
        # "Officials say they have found nearly 200": "they" are the vague speaker's own people
        outer = next((c for c in speaking if c.vague and not c.pronoun and best.head_i in c.scope
                      and doc[best.head_i].lower_ in {"they", "we"}), None)
        if outer is not None:
            best = outer
    if best is not None:
        _credited(fig, to_attribution(block, best), f"{describe(best.how, best.cue)} ({best.finder})")
        return
    for q, qa, qb in quotes:
        if qa <= offset < qb and q.speaker is not None:
            credit_in_quotation(fig, q.speaker)
            return
    narrated = any(tokens & c.outside for c in sent.cues)
    if sent.attribution is not None and not (in_source or narrated):
        att = sent.attribution
        _credited(fig, att, f"the sentence's credit ({describe(att.how, att.cue)})")
        return
    # Inside an introduced statement a clause with its own subject is still the statement's words.
    if intro is not None and not in_source:
        fig.attribution = intro
        fig.credit = Credit.ATTRIBUTED
        fig.reason = describe(intro.how, intro.cue)
        return
    speakers = {id(c) for c in speaking}
    polled = any(tokens & c.scope for c in sent.cues if id(c) not in speakers)
    fig.reason = _why_uncredited(in_source, narrated, sent, polled)


def _speaks_rather(c: Cue, best: Cue) -> bool:
    """Of two vague cues, people who speak say more than a passive that names nobody ("… is
    expected to grant 150,000 tonnes, traders said": the traders)."""
    return best.vague and c.vague and best.how is How.IMPERSONAL and c.how is not How.IMPERSONAL


def speaking_cues(cues: list[Cue]) -> list[Cue]:
    """The cues that name a source: not a share of people polled ("nine in 10 said"), nor a
    pronoun inside what they said ("… said they want …"), which relay a poll's answers."""
    polled = [c for c in cues if c.respondents]
    return [c for c in cues if not c.respondents
            and not (c.pronoun and any(c.head_i in p.scope for p in polled))]


def _relays(outer: Cue, inner: Cue, doc) -> bool:
    """``inner`` is a vague source inside what the named speaker of ``outer`` reports ("Moreau
    said some estimates put …", "… said that, by some estimates, …"), not a noun's owner ("75
    witness interviews") nor the subject of a relative clause ("someone who writes a check")."""
    if not inner.vague or inner.how is How.NOUN or not _said_by(outer, inner, doc):
        return False
    return not any(c.dep_ in {"relcl", "acl"} for c in doc[inner.head_i].children)


def _said_by(outer: Cue, inner: Cue, doc) -> bool:
    """The source of ``inner`` stands in what the speaker of ``outer`` says (``_relays`` for a
    vague source, and "Critics say the plan will cost …" for a document)."""
    if outer.head_i < 0 or inner.head_i < 0 or inner.head_i in outer.source_tokens:
        return False
    return doc[outer.head_i].head in doc[inner.head_i].ancestors


def _reports(outer: Cue, inner: Cue, doc) -> bool:
    """``outer`` reports ``inner``'s report ("The union said six in 10 dockers wanted …") rather
    than standing beside it ("…, and three-quarters said …", however the parser hung it)."""
    if outer is inner or outer.head_i < 0 or inner.head_i < 0:
        return False
    if outer.how in {How.ACCORDING_TO, How.CITING} or (outer.polls and inner.respondents):
        return True  # "Six in 10 voters said …, according to the exit poll": the whole sentence
    source = doc[inner.head_i]
    k = source.left_edge.i
    if outer.head_i < k and any(doc[j].text == ":" for j in range(outer.head_i + 1, k)):
        return True  # "… this finding: 27 companies reported …": the colon opens what it reports
    verb = next((a for a in doc[outer.head_i].ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if verb is None or verb not in source.ancestors:
        return False
    return k == 0 or doc[k - 1].dep_ != "cc"


def _why_uncredited(in_source: bool, narrated: bool, sent: Sentence, polled: bool = False) -> str:
    if polled:
        return "no source: the people polled are not the source of their answers; name the poll"
    if in_source:
        return "no source: the figure is part of the words naming a source"
    if narrated:
        return "no source: the figure is the reporter's narration around a report"
    if sent.cues:
        return "no source: the sentence's cues do not cover the figure"
    return "no source in the sentence or paragraph"


_HOW_WORDS = {
    How.ACCORDING_TO: 'source phrase "according to"',
    How.CITING: 'source phrase "{cue}"',
    How.VERB: 'reporting verb "{cue}"',
    How.IMPERSONAL: 'impersonal report "{cue}"',
    How.DOCUMENT: 'document verb "{cue}"',
    How.NOUN: 'attribution noun "{cue}"',
    How.IN_DOCUMENT: 'the document it appears in ("{cue}")',
    How.BY_NOUN: '"by" and an attribution noun ("{cue}")',
    How.ADVERB: 'report adverb "{cue}"',
    How.INTRODUCTION: 'an introduction ending in a colon (verb "{cue}")',
    How.CARRY_OVER: "carry-over from the sentence before",
    How.TRANSCRIPT: "a transcript turn",
    How.SIGNATURE: "a dash-signed quotation",
    How.SOURCE_LINE: 'the "Source:" line under its table',
}


def describe(how: How, cue: str) -> str:
    """The construction that credits, in a reporter's words ('reporting verb "said"')."""
    return _HOW_WORDS[how].format(cue=cue)
