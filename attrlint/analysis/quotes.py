"""Quotations and who speaks them: quote spans, a quotation's speaker (a cue beside it, the
next sentence, a transcript turn "OKAFOR: …", a dash signature "… ― Ada Moreau", the speaker
of the quotation before, or the block's introduction)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from attrlint.analysis.credit import to_attribution
from attrlint.lexicon import Lexicon
from attrlint.model import Attribution, Block, Document, How, Quote, Sentence

QUOTE_PAIRS = {"“": "”", "\"": "\"", "‘": "’", "«": "»", "„": "“"}


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


def find_quotes(doc: Document, block: Block, sents: list[Sentence], prev_speaker: Attribution | None,
                intro: Attribution | None, lex: Lexicon) -> tuple[Attribution | None, list[tuple[Quote, int, int]]]:
    """Find each quotation's speaker and add the quotations to ``doc``. Returns the speaker of
    the block's last quotation and the block's quotations with their block-text offsets."""
    text = block.text
    last: Attribution | None = None
    found: list[tuple[Quote, int, int]] = []
    spans = quote_spans(text)
    only_quote = bool(spans) and text.lstrip()[:1] in "\"“«‘" and spans[0][0] == len(text) - len(text.lstrip())
    for k, (a, b, _closed) in enumerate(spans):
        inside = [s for s in sents if s.start < b and s.end > a]
        speaker = _speaker_beside(block, inside, sents, spans, a, b)
        if speaker is None:
            speaker = transcript_speaker(block, a, b, lex) or signature(block, b)
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


def _speaker_beside(block: Block, inside: list[Sentence], sents: list[Sentence],
                    spans: list[tuple[int, int, bool]], a: int, b: int) -> Attribution | None:
    """A cue outside the quotation in its own sentences ("…," the minister said), else the
    credit of the sentence right before or after it in the paragraph."""
    speaker = None
    for s in inside:
        for c in s.cues:
            if not (a <= c.source_start < b) and c.how in {How.VERB, How.ACCORDING_TO, How.CITING}:
                speaker = to_attribution(block, c) if speaker is None or speaker.vague else speaker
    if speaker is None and inside:
        # the adjacent sentence of the same paragraph names the speaker
        idx = [sents.index(s) for s in inside]
        for j in (min(idx) - 1, max(idx) + 1):
            if 0 <= j < len(sents) and sents[j].attribution is not None and \
                    not _inside_any(sents[j], spans):
                return sents[j].attribution
    return speaker


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
    return Attribution(m.group(1), sa, sb, ":", How.TRANSCRIPT, False)


# A quotation signed with a dash and a name, as in reader testimonials and epigraphs:
# "… never seen the quay so quiet." ― Ada Moreau
_SIGNATURE = re.compile(r"\s*[―—–]\s*((?:[A-Z][\w'’-]*\.?)(?:\s+(?:[A-Z][\w'’-]*\.?|de|da|van|von|del|la)){0,4})"
                        r"\s*(?:[.,;]|$)")


def signature(block: Block, b: int) -> Attribution | None:
    """The name signing the quotation that ends at ``b`` with a dash ("…" ― Ada Moreau), if any."""
    m = _SIGNATURE.match(block.text, b)
    if m is None:
        return None
    sa, sb = block.source_span(m.start(1), m.end(1))
    return Attribution(m.group(1).rstrip("."), sa, sb, "―", How.SIGNATURE, False)


def _inside_any(s: Sentence, spans: Iterable[tuple[int, int, bool]]) -> bool:
    return any(a <= s.start and s.end <= b for a, b, _ in spans)
