"""The analysis stage: parse the blocks that need it and fill sentences, figures, quotes, credits.

read → segment (``attrlint.segment``) → **parse, find figures and attributions** (here) → rules.
All documents of a run go through one ``nlp.pipe`` call; only blocks that can hold a finding
(a number, a quotation, a denial or accusation cue) are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from attrlint.analysis.attribution import Cue, find_cues, is_full_quotation, quote_spans
from attrlint.analysis.figures import counted_noun, find_candidates
from attrlint.lexicon import Lexicon
from attrlint.model import (
    Attribution,
    Block,
    BlockKind,
    Credit,
    Document,
    FigureMention,
    Quote,
    Segment,
    Sentence,
)

NEVER_PARSED = {BlockKind.CODE, BlockKind.FRONT_MATTER, BlockKind.HTML}
_NUMBER_HINT = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?"
    r"|millions?|billions?|half|third|quarter|twice|double[ds]?|triple[ds]?|quadrupled|halved)\b"
    r"|[\"“”«»]", re.IGNORECASE)


def _cue_words(lex: Lexicon) -> re.Pattern[str]:
    words = set(lex["denial-verbs"]) | set(lex["accusation-verbs"]) | set(lex["accusation-passives"])
    stems = sorted({w.split()[0][:5] for w in words if len(w) >= 3})
    return re.compile(r"\b(" + "|".join(map(re.escape, stems)) + r")", re.IGNORECASE)


def needs_parse(block: Block, cue_words: re.Pattern[str]) -> bool:
    """Only blocks that can hold a finding are worth a parse (speed, issue 7)."""
    if block.kind in NEVER_PARSED or not block.text.strip():
        return False
    # A block ending in a colon may introduce the quotation that follows ("Moreau went on:").
    return bool(_NUMBER_HINT.search(block.text) or cue_words.search(block.text)
                or block.text.rstrip().endswith(":"))


# spaCy refuses texts over nlp.max_length (1,000,000 characters) and parses long texts slowly;
# a paragraph longer than this is parsed in pieces cut at sentence ends.
MAX_BLOCK_CHARS = 20_000


def split_long_blocks(doc: Document, limit: int = MAX_BLOCK_CHARS) -> None:
    """Cut blocks longer than ``limit`` at ". " boundaries (hard cut if none) into several blocks."""
    out: list[Block] = []
    for b in doc.blocks:
        if len(b.text) <= limit or b.kind in NEVER_PARSED:
            out.append(b)
            continue
        start = 0
        while start < len(b.text):
            end = min(start + limit, len(b.text))
            if end < len(b.text):
                cut = b.text.rfind(". ", start + limit // 2, end)
                end = cut + 2 if cut != -1 else end
            out.append(_slice_block(b, start, end))
            start = end
    doc.blocks = out


def _slice_block(b: Block, start: int, end: int) -> Block:
    segs = []
    for seg in b.segments:
        a, z = max(seg.start, start), min(seg.start + seg.length, end)
        if a < z:
            segs.append(Segment(a - start, seg.src + (a - seg.start), z - a))
    return Block(b.kind, b.text[start:end], segs, b.paragraph, b.container)


def analyse(documents: list[Document], nlp, lex: Lexicon, batch_size: int = 16) -> None:
    """Parse every block that needs it, in one ``nlp.pipe`` over all documents, and credit figures.

    Blocks are paragraphs, so a small ``batch_size`` costs little speed and bounds the parser's
    working memory (64 took 25 MB more at the peak for 4% less time)."""
    cue_words = _cue_words(lex)
    for d in documents:
        split_long_blocks(d)
    jobs = [(d, b) for d in documents for b in d.blocks if needs_parse(b, cue_words)]
    parsed: dict[int, list[tuple[Block, object]]] = {}
    texts: Iterator[str] = (b.text for _, b in jobs)
    for (d, b), sdoc in zip(jobs, nlp.pipe(texts, batch_size=batch_size), strict=True):
        # The token vectors are the bulk of a parsed Doc's memory and no rule reads them.
        sdoc.tensor = sdoc.tensor[:0]
        parsed.setdefault(id(d), []).append((b, sdoc))
    for d in documents:
        analyse_document(d, parsed.get(id(d), []), lex)


def analyse_document(doc: Document, parsed: list[tuple[Block, object]], lex: Lexicon) -> None:
    """Sentences, cues, quotes and figures of one document, in reading order."""
    by_block = {id(b): sdoc for b, sdoc in parsed}
    prev_block_quote_speaker: Attribution | None = None
    prev_block: Block | None = None
    intro: Attribution | None = None  # "X said:" / "which read in part:" introducing what follows
    for block in doc.blocks:
        sdoc = by_block.get(id(block))
        if sdoc is None:
            if block.kind not in NEVER_PARSED and block.text.strip():
                prev_block, prev_block_quote_speaker = block, None
            continue
        sents = [Sentence(block, len(doc.sentences) + k, s.start_char, s.end_char, s, None)
                 for k, s in enumerate(sdoc.sents)]
        doc.sentences.extend(sents)
        for s in sents:
            s.cues = find_cues(s.doc_span, lex)
        _credit_sentences(sents, block)
        continuing = intro if prev_block is not None and _continues(prev_block, block) else None
        speaker, block_quotes = _quotes(doc, block, sents, prev_block_quote_speaker, continuing, lex)
        turn = transcript_speaker(block, 0, len(block.text), lex)
        _figures(doc, block, sdoc, sents, lex, turn or continuing, block_quotes)
        prev_block_quote_speaker = speaker
        intro = _introduction(block, sents, lex) or (continuing if block.kind == BlockKind.TABLE_CELL else None)
        prev_block = block


def _continues(prev: Block, block: Block) -> bool:
    """The block directly follows an introducing sentence (same container or right after it)."""
    return block.paragraph in (prev.paragraph, prev.paragraph + 1) or (
        block.container != -1 and block.container == prev.container)


def _introduction(block: Block, sents: list[Sentence], lex: Lexicon) -> Attribution | None:
    """A block ending "X said:" or "… which read in part:" credits what follows it to X."""
    if not sents or not block.text.rstrip().endswith(":"):
        return None
    last = sents[-1]
    if last.attribution and not last.attribution.vague:
        return last.attribution
    span = last.doc_span
    root = span.root
    subj = [t for t in root.children if t.dep_ in {"nsubj", "nsubjpass"}]
    if not subj:
        return None
    head = subj[0]
    named = head.pos_ == "PROPN" or (head.text[:1].isupper() and head.i > span.start)
    # "Moreau made the following comment:" — a named actor introducing a statement
    statement = (named or head.lower_ in {"he", "she", "they", "it", "we"}) and any(
        t.lemma_.lower() in lex["attribution-nouns"] or t.lower_ == "following" for t in span)
    # "Moreau went on:", "She wrote on Twitter:": a named speaker and a bare verb introduce
    # the words that follow, whatever the verb.
    bare = root.pos_ == "VERB" and not any(
        c.dep_ in {"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"} for c in root.children)
    speaker = (named or head.lower_ in {"he", "she", "they", "we"}) and head.i < root.i and bare and len(span) <= 10
    if not (statement or speaker):
        return None
    a, b = block.source_span(head.idx, head.idx + len(head.text))
    return Attribution(head.text, a, b, root.lemma_.lower(), "introduction", False)


def _to_attribution(block: Block, cue: Cue) -> Attribution:
    a, b = block.source_span(cue.source_start, cue.source_end)
    return Attribution(cue.source_text, a, b, cue.cue, cue.how, cue.vague)


def _main_cue(s: Sentence) -> Cue | None:
    """The cue that credits the sentence's main clause, if any (identifiable cues first)."""
    root = s.doc_span.root.i
    covering = [c for c in s.cues if root in c.scope or c.how in {"according-to", "citing"}]
    covering.sort(key=lambda c: c.vague)
    return covering[0] if covering else None


_BACKREF = re.compile(r"^\s*(that|this|the|those|these)\s+(estimate|figure|number|count|tally|total|"
                      r"assessment|report|projection|forecast)s?\b", re.IGNORECASE)


def _credit_sentences(sents: list[Sentence], block: Block) -> None:
    """Sentence-level credit with carry-over inside one paragraph (policy §2)."""
    prev: Sentence | None = None
    for s in sents:
        cue = _main_cue(s)
        if cue is not None:
            s.attribution = _to_attribution(block, cue)
        elif prev is not None and prev.attribution is not None and _carries(s):
            s.attribution = Attribution(prev.attribution.source, prev.attribution.source_start,
                                        prev.attribution.source_end, prev.attribution.cue, "carry-over",
                                        prev.attribution.vague)
        prev = s


def _carries(s: Sentence) -> bool:
    """The sentence continues the report before it without a cue of its own: a back-reference
    ("That estimate is twice …"). A pronoun subject alone does not show it ("If the rules
    survive, they will cost thousands of jobs"); "He also said …" carries its own cue."""
    return bool(_BACKREF.match(s.text))


def _quotes(doc: Document, block: Block, sents: list[Sentence], prev_speaker: Attribution | None,
            intro: Attribution | None, lex: Lexicon) -> tuple[Attribution | None, list[tuple[Quote, int, int]]]:
    """Find each quotation's speaker. Returns the speaker of the block's last quotation and the
    block's quotations with their block-text offsets."""
    text = block.text
    last: Attribution | None = None
    found: list[tuple[Quote, int, int]] = []
    spans = quote_spans(text)
    only_quote = bool(spans) and text.lstrip()[:1] in "\"“«‘" and spans[0][0] == len(text) - len(text.lstrip())
    for k, (a, b, _closed) in enumerate(spans):
        inside = [s for s in sents if s.start < b and s.end > a]
        speaker = None
        for s in inside:
            for c in s.cues:
                if not (a <= c.source_start < b) and c.how in {"verb", "according-to", "citing"}:
                    speaker = _to_attribution(block, c) if speaker is None or speaker.vague else speaker
        if speaker is None and inside:
            # the adjacent sentence of the same paragraph names the speaker
            idx = [sents.index(s) for s in inside]
            for j in (min(idx) - 1, max(idx) + 1):
                if 0 <= j < len(sents) and sents[j].attribution is not None and \
                        not _inside_any(sents[j], spans):
                    speaker = sents[j].attribution
                    break
        if speaker is None:
            speaker = transcript_speaker(block, a, b, lex) or _signature(block, b)
        if speaker is None and k == 0 and only_quote:
            speaker = prev_speaker or intro  # floating quote continuing the last speaker
        if speaker is None and intro is not None and k == 0:
            speaker = intro
        sa, sb = block.source_span(a, b)
        first = inside[0] if inside else (sents[0] if sents else None)
        if first is None:
            continue
        q = Quote(sa, sb, first, speaker, is_full_quotation(text[a:b]))
        doc.quotes.append(q)
        found.append((q, a, b))
        last = speaker
    return last, found


# An interview transcript labels each turn with the speaker's name in capitals ("OKAFOR: We …").
_TRANSCRIPT_LABEL = re.compile(r"[\"“«]?\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")


_FUNCTION_WORDS = frozenset("A AN THE BY OF AND OR IN ON AT FOR TO FROM WITH WHAT HOW WHY WHO WHERE WHEN IS ARE "
                            "WE YOU IT THIS THAT".split())


def transcript_speaker(block: Block, a: int, b: int, lex: Lexicon) -> Attribution | None:
    """The speaker whose transcript label ("OKAFOR:") opens ``block.text[a:b]``, if any."""
    m = _TRANSCRIPT_LABEL.match(block.text, a, b)
    if m is None or len(m.group(1)) < 3 or m.group(1).lower() in lex["non-speaker-labels"] \
            or any(w in _FUNCTION_WORDS for w in m.group(1).split()):
        return None  # "BY THE NUMBERS:", "WHAT WE KNOW:" are rubrics, not speakers
    sa, sb = block.source_span(m.start(1), m.end(1))
    return Attribution(m.group(1), sa, sb, ":", "transcript", False)


# A quotation signed with a dash and a name, as in reader testimonials and epigraphs:
# "… never seen the quay so quiet." ― Ada Moreau
_SIGNATURE = re.compile(r"\s*[―—–]\s*((?:[A-Z][\w'’-]*\.?)(?:\s+(?:[A-Z][\w'’-]*\.?|de|da|van|von|del|la)){0,4})"
                        r"\s*(?:[.,;]|$)")


def _signature(block: Block, b: int) -> Attribution | None:
    m = _SIGNATURE.match(block.text, b)
    if m is None:
        return None
    sa, sb = block.source_span(m.start(1), m.end(1))
    return Attribution(m.group(1).rstrip("."), sa, sb, "―", "signature", False)


def _inside_any(s: Sentence, spans: Iterable[tuple[int, int, bool]]) -> bool:
    return any(a <= s.start and s.end <= b for a, b, _ in spans)


def _figures(doc: Document, block: Block, sdoc, sents: list[Sentence], lex: Lexicon,
             intro: Attribution | None, quotes: list[tuple[Quote, int, int]]) -> None:
    for ns, reason in find_candidates(sdoc, lex):
        if reason is not None:
            continue
        sent = next((s for s in sents if s.start <= ns.start < s.end), sents[-1] if sents else None)
        if sent is None:
            continue
        unit, tok_i = counted_noun(sdoc, ns.start, ns.end, ns)
        tokens = {t.i for t in sdoc if t.idx < ns.end and t.idx + len(t.text) > ns.start}
        a, b = block.source_span(ns.start, ns.end)
        fig = FigureMention(ns.text, a, b, ns.value, unit, sent, qualifier=ns.qualifier)
        if _describes_source(sent, tokens, ns, lex) or _hypothetical(sdoc, tokens, lex) \
                or _works_out(sent, sents, {ns.start, ns.qualifier_start}, lex):
            continue
        _credit(fig, sent, tokens, quotes, ns.start, intro, block)
        doc.figures.append(fig)


def _describes_source(sent: Sentence, tokens: set[int], ns, lex: Lexicon) -> bool:
    """Numbers that describe the source, not the claim (policy §1): "two senior officials said",
    "Joseph, who has four children, said", "a two-decade veteran of the committee said".

    A count of the source itself is a descriptor when it is small (a reporter's informants);
    "more than 10 women have accused him" and "52 percent agreed" stay figures.
    """
    doc = sent.doc_span.doc
    for c in sent.cues:
        if not tokens & c.source_tokens or c.head_i < 0 or ns.kind in {"fraction", "percent"}:
            continue
        head = doc[c.head_i]
        for i in tokens:
            t = doc[i]
            if t.dep_ == "compound" and t.text[:1].isupper() and ns.kind == "words":
                return True  # part of the source's name: "Seven Seas asked", "Three Rivers Port said"
            if t.head.i == head.i and t.dep_ == "nummod":
                if not ns.value.percent and ns.value.high < 10 and ns.qualifier not in {"more than", "over"}:
                    return True
                continue
            # inside a relative clause or apposition of the source: the speaker's credentials
            anc = t
            while anc.i != head.i and anc.head.i != anc.i:
                if anc.dep_ in {"relcl", "appos", "acl"} and anc.head.i == head.i:
                    return True
                anc = anc.head
    return False


_READERS = frozenset({"you", "anyone", "anybody"})


def _addresses_reader(tok) -> bool:
    """ "you'd need $90 a month", "anyone wanting to borrow $4,000", "your $2,000 deposit",
    "… will increase your chances": advice and worked examples speak to the reader."""
    for c in tok.children:
        if c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in _READERS:
            return True
        if c.dep_ == "poss" and c.lower_ == "your":
            return True
        if c.dep_ == "dobj" and any(g.dep_ == "poss" and g.lower_ == "your" for g in c.children):
            return True
    return tok.dep_ in {"acl", "relcl"} and tok.head.lower_ in _READERS


def _hypothetical_premise(tok) -> bool:
    """ "A 10-10 vote would leave the rules in place", "a 6% levy would add …": an
    indefinite subject of a would/could clause is a supposed case, not a reported one (what the
    clause says would follow still is a figure)."""
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ in {"nsubj", "nsubjpass"}:
            verb = anc.head
            modal = any(c.dep_ == "aux" and c.lower_ in {"would", "could", "might"} for c in verb.children)
            indefinite = any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in anc.children)
            return modal and indefinite
    return False


def _hypothetical(sdoc, tokens: set[int], lex: Lexicon) -> bool:
    """Inside an "if"/"unless" clause, a worked example ("Let's say …"), advice to the reader, an
    instruction ("Save a quarter of the cost …") or a question: not a claim."""
    if not tokens:
        return False
    first = sdoc[min(tokens)]
    # "… can barely pay rent, let alone save $500 a month": what follows "let alone" is not done
    if _LET_ALONE.search(sdoc.text[first.sent.start_char:first.idx]):
        return True
    for i in tokens:
        t = sdoc[i]
        for anc in [t, *t.ancestors]:
            if any(c.dep_ == "mark" and c.lower_ in {"if", "unless", "suppose", "supposing"} for c in anc.children):
                return True
            if _addresses_reader(anc):
                return True
        if _hypothetical_premise(t):
            return True
    return _asks_or_instructs(first.sent, lex)


_LET_ALONE = re.compile(r"\blet alone\b[^,;:.!?]*$", re.IGNORECASE)
_OPENERS = frozenset({"so", "and", "then", "now", "just", "please", "simply", "first", "next", "also"})
# "That's 10 …", "This comes to a total of $600 …": the figure is what the sentence sums up to
_WORKS_OUT = re.compile(r"\s*(that|this)(’s|'s| is| comes to| works out to| adds up to| would be| means)"
                        r"\s+(a total of |in all |about |roughly |just |only |some |nearly |almost )?",
                        re.IGNORECASE)


def _works_out(sent: Sentence, sents: list[Sentence], starts: set[int], lex: Lexicon) -> bool:
    """ "Send us your last five payslips. That's 10 numbers in all.": the reporter's sum over a
    request, a question or a worked example is part of it, not a claim."""
    m = _WORKS_OUT.match(sent.text)
    if m is None or sent.start + m.end() not in starts:
        return False
    k = sents.index(sent)
    return k > 0 and _asks_or_instructs(sents[k - 1].doc_span, lex)


def _asks_or_instructs(sent, lex: Lexicon) -> bool:
    """A worked example ("Let's say …"), an instruction or a question states nothing."""
    sent_text = sent.text.lstrip("\"“ ").lower()
    if sent_text.startswith(("let's say", "let’s say", "suppose ", "say you", "imagine ")):
        return True
    # discourse openers do not make a statement of an instruction ("So just send us …")
    first = next((w for w in sent if not w.is_punct and w.lower_ not in _OPENERS), None)
    root = sent.root
    # An instruction opens with a bare verb and has no subject ("Put aside $500 a month").
    if first is not None and first.i == root.i and root.tag_ == "VB" and root.lower_ not in lex["past-forms"] \
            and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children):
        return True
    # A question asks rather than states ("Where is that $40 million supposed to come from?").
    return sent.text.rstrip("\"”’' ").endswith("?") and not any(q in sent.text for q in "\"“”")


def _credit(fig: FigureMention, sent: Sentence, tokens: set[int], quotes, offset: int,
            intro: Attribution | None, block: Block) -> None:
    best: Cue | None = None
    for c in sent.cues:
        if tokens & c.scope and not tokens & c.source_tokens:
            if best is None or (best.vague and not c.vague):
                best = c
    if best is not None:
        fig.attribution = _to_attribution(block, best)
        fig.credit = Credit.VAGUE if best.vague else Credit.ATTRIBUTED
        return
    for q, qa, qb in quotes:
        if qa <= offset < qb and q.speaker is not None:
            fig.attribution = q.speaker
            fig.credit = Credit.VAGUE if q.speaker.vague else Credit.ATTRIBUTED
            return
    in_source = any(tokens & c.source_tokens for c in sent.cues)
    narrated = any(tokens & c.outside for c in sent.cues)
    if sent.attribution is not None and not (in_source or narrated):
        fig.attribution = sent.attribution
        fig.credit = Credit.VAGUE if sent.attribution.vague else Credit.ATTRIBUTED
        return
    # Inside an introduced statement a clause with its own subject is still the statement's words.
    if intro is not None and not in_source:
        fig.attribution = intro
        fig.credit = Credit.ATTRIBUTED
