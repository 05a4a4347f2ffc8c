"""The analysis step: parse the blocks that need it and fill sentences, cues, quotes and figures.

read → segment (``attrlint.segment``) → **parse, find figures and who is credited** (here) →
rules. All documents of a run go through one ``nlp.pipe`` call; only blocks that can hold a
finding (a number, a quotation, a denial or accusation cue) are parsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from attrlint.analysis.chunks import cut_long_blocks
from attrlint.analysis.claims import ClaimCase, not_a_claim
from attrlint.analysis.counted import counted_noun
from attrlint.analysis.credit import (
    PASSING_ON,
    continues,
    credit_figure,
    credit_sentences,
    credit_table_sources,
    next_introduction,
)
from attrlint.analysis.cues import find_cues
from attrlint.analysis.figures import why_not_a_figure
from attrlint.analysis.numbers import scan
from attrlint.analysis.quotes import credit_running_quotations, find_quotes, transcript_speaker
from attrlint.analysis.record import public_record
from attrlint.analysis.rubric import cut_rubrics
from attrlint.analysis.tokenindex import doc_text, index_sentences, tokens_overlapping
from attrlint.lexicon import Lexicon
from attrlint.model import (
    Attribution,
    Block,
    BlockKind,
    Credit,
    Document,
    FigureMention,
    NotAFigure,
    Quote,
    Sentence,
)

NEVER_PARSED = {BlockKind.CODE, BlockKind.FRONT_MATTER, BlockKind.HTML}
_NUMBER_HINT = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?"
    r"|millions?|billions?|half|third|quarter|twice|double[ds]?|triple[ds]?|quadrupled|halved)\b"
    r"|[\"“”«»]|''|``", re.IGNORECASE)
# A batch to parse: about 20 paragraphs of wire copy, one long piece of a paragraph, or 128 table cells.
BATCH_CHARS = 4_000
BATCH_DOCS = 128


def _cue_words(lex: Lexicon) -> re.Pattern[str]:
    words = set(lex["denial-verbs"]) | set(lex["accusation-verbs"]) | set(lex["accusation-passives"])
    stems = sorted({w.split()[0][:5] for w in words if len(w) >= 3})
    return re.compile(r"\b(" + "|".join(map(re.escape, stems)) + r")", re.IGNORECASE)


def needs_parse(block: Block, cue_words: re.Pattern[str]) -> bool:
    """Only blocks that can hold a finding are worth a parse."""
    if block.kind in NEVER_PARSED or not block.text.strip():
        return False
    # A block ending in a colon may introduce the quotation that follows ("Moreau went on:").
    return bool(_NUMBER_HINT.search(block.text) or cue_words.search(block.text)
                or block.text.rstrip().endswith(":"))


def analyse(documents: list[Document], nlp, lex: Lexicon) -> None:
    """Parse every block that needs it, in batches over all documents (``parse_batches``), and
    credit figures."""
    cue_words = _cue_words(lex)
    for d in documents:
        cut_long_blocks(d)
        cut_rubrics(d, lex)
    jobs = [(d, b) for d in documents for b in d.blocks if needs_parse(b, cue_words)]
    parsed: dict[int, list[tuple[Block, object]]] = {}
    for (d, b), sdoc in zip(jobs, parse_batches(nlp, [b.text for _, b in jobs]), strict=True):
        # The token vectors are the bulk of a parsed Doc's memory and no rule reads them.
        sdoc.tensor = sdoc.tensor[:0]
        index_sentences(sdoc)
        parsed.setdefault(id(d), []).append((b, sdoc))
    for d in documents:
        analyse_document(d, parsed.get(id(d), []), lex)


def parse_batches(nlp, texts: list[str], max_chars: int = BATCH_CHARS, max_docs: int = BATCH_DOCS) -> Iterator:
    """``nlp.pipe`` over ``texts``, one batch of at most ``max_chars`` characters (or one longer
    text) and ``max_docs`` texts at a time.

    The parser's working memory grows with the tokens of a batch, so a count of texts alone
    either wastes memory on long ones (16 sentence-aligned pieces of 8,000 characters peaked
    at 460 MB, one at a time at 180 MB) or time on short ones (a table's cells: a third of
    the parse time went on per-batch overhead). A parse does not depend on the batch it is in."""
    part: list[str] = []
    size = 0
    for t in texts:
        if part and (len(part) >= max_docs or size + len(t) > max_chars):
            yield from nlp.pipe(part, batch_size=len(part))
            part, size = [], 0
        part.append(t)
        size += len(t)
    if part:
        yield from nlp.pipe(part, batch_size=len(part))


def analyse_document(doc: Document, parsed: list[tuple[Block, object]], lex: Lexicon) -> None:
    """Sentences, cues, quotes and figures of one document, in reading order.

    A later piece of a long paragraph (``Block.continues``, see ``chunks``) keeps its paragraph's
    transcript turn, introduced speaker, credit carried from the sentence before and last
    quotation's speaker, as if the paragraph had been parsed whole."""
    by_block = {id(b): sdoc for b, sdoc in parsed}
    prev_block_quote_speaker: Attribution | None = None
    prev_block: Block | None = None
    intro: Attribution | None = None  # "X said:" / "which read in part:" introducing what follows
    turn = continuing = None
    last_sentence: Sentence | None = None
    for block in doc.blocks:
        sdoc = by_block.get(id(block))
        if not block.continues:
            continuing = intro if prev_block is not None and continues(prev_block, block) else None
            turn = transcript_speaker(block, 0, len(block.text), lex)
        if sdoc is None:
            if block.kind not in NEVER_PARSED and block.text.strip() and not block.continues:
                prev_block, prev_block_quote_speaker = block, None
                if block.kind not in PASSING_ON:
                    intro = None  # a paragraph with nothing to parse still ends an introduction's reach
            last_sentence = None
            continue
        sents = [Sentence(block, len(doc.sentences) + k, s.start_char, s.end_char, s, None)
                 for k, s in enumerate(sdoc.sents)]
        doc.sentences.extend(sents)
        for s in sents:
            s.cues = find_cues(s.doc_span, lex)
        credit_sentences(sents, block, lex, last_sentence if block.continues else None)
        if block.continues:
            speaker, block_quotes = find_quotes(doc, block, sents, None, None, lex)
            speaker = speaker if block_quotes else prev_block_quote_speaker
        else:
            speaker, block_quotes = find_quotes(doc, block, sents, prev_block_quote_speaker, continuing, lex)
        _figures(doc, block, sdoc, sents, lex, turn or continuing, block_quotes)
        prev_block_quote_speaker = speaker
        intro = next_introduction(block, sents, lex, continuing)
        prev_block = block
        last_sentence = sents[-1] if sents else None
    credit_running_quotations(doc)
    credit_table_sources(doc, lex)


def _figures(doc: Document, block: Block, sdoc, sents: list[Sentence], lex: Lexicon,
             intro: Attribution | None, quotes: list[tuple[Quote, int, int]]) -> None:
    text = doc_text(sdoc)
    for ns in scan(text):
        reason, test = why_not_a_figure(text, ns, lex, block.kind == BlockKind.TABLE_CELL)
        if reason is not None:
            _not_a_figure(doc, block, ns, f"not a figure: {reason}", test)
            continue
        sent = next((s for s in sents if s.start <= ns.start < s.end), sents[-1] if sents else None)
        if sent is None:
            continue
        unit, _ = counted_noun(sdoc, ns.start, ns.end, ns, lex)
        tokens = set(tokens_overlapping(sdoc, ns.start, ns.end))
        a, b = block.source_span(ns.start, ns.end)
        fig = FigureMention(ns.text, a, b, ns.value, unit, sent, qualifier=ns.qualifier)
        case = ClaimCase(sent, sents, tokens, ns, lex)
        claim = not_a_claim(case)
        if claim is not None:
            _not_a_figure(doc, block, ns, f"not a claim: {claim[0]}", claim[1])
            continue
        credit_figure(fig, sent, tokens, quotes, ns.start, intro, block)
        if fig.credit is not Credit.ATTRIBUTED:
            record = public_record(case)
            if record is not None:
                fig.credit, fig.attribution, fig.reason = Credit.PUBLIC_RECORD, None, f"{record[0]} ({record[1]})"
        doc.figures.append(fig)


def _not_a_figure(doc: Document, block: Block, ns, reason: str, test: str) -> None:
    a, b = block.source_span(ns.start, ns.end)
    doc.not_figures.append(NotAFigure(ns.text, a, b, reason, test))
