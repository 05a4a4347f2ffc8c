"""Quotations and who speaks them: quote spans, a quotation's speaker (a cue beside it, the
next sentence, a transcript turn "OKAFOR: …", a dash signature "… ― Ada Moreau", the speaker
of the quotation before, or the block's introduction)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from attrlint.analysis.credit import credit_in_quotation, to_attribution
from attrlint.lexicon import Lexicon, alternation
from attrlint.model import Attribution, Block, Credit, Document, How, Quote, Sentence

QUOTE_PAIRS = {"“": "”", "\"": "\"", "‘": "’", "«": "»", "„": "“"}
# Typed and curly double quotes are one family: copy pasted together from several sources opens
# a quotation with one and closes it with the other ("We moved 40 ships,” she said).
_CLOSES = {"“": "”\"", "\"": "\"”", "‘": "’", "«": "»", "„": "“"}
# Marks that are also apostrophes or inch signs: right after a letter or digit they open nothing
# ("12\" gun", "CBS‘ programme"), and a closing ’ right before a letter is an apostrophe ("don’t").
_AMBIGUOUS = frozenset("\"‘’")


def _opens(text: str, i: int) -> bool:
    ch = text[i]
    return ch in QUOTE_PAIRS and (ch not in _AMBIGUOUS or i == 0 or not text[i - 1].isalnum())


def _closing(text: str, ch: str, i: int) -> int:
    """Where the quotation opened by ``ch`` at ``i`` closes, or -1."""
    n = len(text)
    j = i + 1
    while j < n:
        if text[j] in _CLOSES[ch] and not (text[j] in _AMBIGUOUS and j + 1 < n and text[j + 1].isalpha()
                                            and text[j - 1].isalpha()):
            return j
        j += 1
    return -1


# Typewriter digraphs for a double quote, left by systems without curly quotes: two apostrophes,
# or two backquotes to open (''We moved 40 ships,'' she said).
_DIGRAPH_OPENS = ("''", "``")


def _digraph_closing(text: str, i: int) -> int:
    """Where the digraph quotation opened at ``i`` closes (the offset after it), or -1."""
    j = text.find("''", i + 2)
    return -1 if j == -1 else j + 2


def quote_spans(text: str) -> list[tuple[int, int, bool]]:
    """Direct quotations in a block: (start, end, closed); an unclosed quote runs to the end."""
    spans = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith(_DIGRAPH_OPENS, i) and (i == 0 or not text[i - 1].isalnum()):
            j = _digraph_closing(text, i)
            if j == -1:
                spans.append((i, n, False))
                break
            spans.append((i, j, True))
            i = j
            continue
        if _opens(text, i):
            j = _closing(text, text[i], i)
            if j == -1:
                spans.append((i, n, False))
                break
            spans.append((i, j + 1, True))
            i = j + 1
            continue
        i += 1
    return spans


_WORDS = re.compile(r"[A-Za-z']+")


def is_full_quotation(text: str, lex: Lexicon) -> bool:
    """A quotation of a clause (not a scare-quoted phrase such as "fake news", nor a title whose
    every word is capitalised, "Yuge!: 30 Years of Doonesbury on Trump")."""
    words = [w for w in (w.strip("'") for w in _WORDS.findall(text)) if w]
    if len(words) < 5:
        return False
    return not all(w[:1].isupper() or w in lex["title-small-words"] for w in words)


_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


def opens_sentence(text: str, a: int) -> bool:
    """Whether the quotation at ``a`` opens its paragraph or a sentence of its own, rather than
    being woven into the reporter's sentence or introduced by a clause and a colon."""
    before = text[:a].rstrip()
    return not before or bool(_SENTENCE_END.search(before[-4:]))


def find_quotes(doc: Document, block: Block, sents: list[Sentence], prev_speaker: Attribution | None,
                intro: Attribution | None, lex: Lexicon) -> tuple[Attribution | None, list[tuple[Quote, int, int]]]:
    """Find each quotation's speaker and add the quotations to ``doc``. Returns the speaker of
    the block's last quotation and the block's quotations with their block-text offsets."""
    text = block.text
    last: Attribution | None = None
    found: list[tuple[Quote, int, int]] = []
    spans = quote_spans(text)
    lead = len(text) - len(text.lstrip())
    only_quote = bool(spans) and spans[0][0] == lead and (text[lead:lead + 1] in "\"“«‘"
                                                          or text.startswith(_DIGRAPH_OPENS, lead))
    for k, (a, b, closed) in enumerate(spans):
        inside = [s for s in sents if s.start < b and s.end > a]
        speaker = _speaker_beside(block, inside, sents, spans, a, b) or transcript_speaker(block, a, b, lex) \
            or signature(block, b, lex) or speech_tag(block, inside, a, b, lex)
        if speaker is None and found:
            speaker = _continuing(found[-1], sents, a)
        if speaker is None and k == 0 and only_quote:
            speaker = prev_speaker or intro  # floating quote continuing the last speaker
        if speaker is None and intro is not None and k == 0:
            speaker = intro
        sa, sb = block.source_span(a, b)
        first = inside[0] if inside else (sents[0] if sents else None)
        if first is None:
            continue
        q = Quote(sa, sb, first, speaker, is_full_quotation(text[a:b], lex), closed, opens_sentence(text, a))
        doc.quotes.append(q)
        found.append((q, a, b))
        last = speaker
    return last, found


def _continuing(before: tuple[Quote, int, int], sents: list[Sentence], a: int) -> Attribution | None:
    """A multi-sentence quotation broken by its speech tag ("“…,” she said. “We are 300 berths
    short.”"): the quotation right after an attributed one in the same paragraph, with no
    sentence of narration between them, continues that speaker (policy §2)."""
    q, _qa, qb = before
    if q.speaker is None or any(qb <= s.start and s.end <= a for s in sents):
        return None
    return q.speaker


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


# -- a speech tag beside a quotation ----------------------------------------------------------
# "“…,” she continued.", "“…?” Hannity pressed.", "He continued, “…”", "Continued Stone: “…”":
# a bare verb with its speaker, set against a quotation by punctuation, introduces the quoted
# words whatever the verb; the reporting-verb list is for reports in the reporter's words.
_TAG_CHILDREN = frozenset({"nsubj", "punct", "advmod", "prep", "npadvmod", "cc", "ccomp", "parataxis",
                           "dobj", "attr", "conj", "xcomp"})
_SPEAKER_POS = frozenset({"PROPN", "PRON"})


def speech_tag(block: Block, inside: list[Sentence], a: int, b: int, lex: Lexicon) -> Attribution | None:
    """The speaker of a bare speech tag right after the quotation or right before it."""
    if not inside:
        return None
    sdoc = inside[0].doc_span.doc
    toks = [t for s in inside for t in s.doc_span if not a <= t.idx < b]
    after = [t for t in toks if t.idx >= b and not t.is_punct]
    before = [t for t in toks if t.idx < a]
    subj = None
    if after and after[0].i <= _first_after(sdoc, b) + 1:
        subj = _tag_subject(after[0], a, b)
    if subj is None and before and before[-1].is_punct and before[-1].text in {",", ":"} and len(before) >= 2:
        subj = _tag_subject(before[-2], a, b) or _label(before, lex)
    if subj is None:
        return None
    words = [t for t in subj.subtree if not a <= t.idx < b and not t.is_punct] or [subj]
    sa, sb = block.source_span(words[0].idx, words[-1].idx + len(words[-1].text))
    verb = subj.head if subj.head.i != subj.i else subj
    return Attribution(block.text[words[0].idx:words[-1].idx + len(words[-1].text)], sa, sb,
                       verb.lemma_.lower(), How.VERB, False)


def _first_after(sdoc, b: int) -> int:
    """The index of the first token at or after offset ``b``."""
    return next((t.i for t in sdoc if t.idx >= b), len(sdoc))


def _tag_subject(tok, a: int, b: int):
    """The speaker when ``tok`` is a bare speech-tag verb or its subject, else None."""
    verb = tok if tok.pos_ in {"VERB", "AUX"} else tok.head if tok.dep_ == "nsubj" else None
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or verb.tag_ not in {"VBD", "VBZ", "VBP"}:
        return None
    outside = [c for c in verb.children if not a <= c.idx < b]
    subj = [c for c in outside if c.dep_ == "nsubj" and c.pos_ in _SPEAKER_POS]
    if not subj or any(c.dep_ not in _TAG_CHILDREN for c in outside):
        return None
    # the tag is the verb and its speaker only, not a clause of its own ("…,” she continued to argue)
    rest = [t for c in outside if c.dep_ not in {"nsubj", "punct", "advmod"} for t in c.subtree
            if not a <= t.idx < b]
    return None if rest else subj[0]


def _label(before: list, lex: Lexicon):
    """ "More from Jones: “…”", "Michael P. McDonald: “…”": a name and a colon before the quotation."""
    if before[-1].text != ":":
        return None
    name = []
    for t in reversed(before[:-1]):
        if t.pos_ != "PROPN" or not t.text[:1].isupper():
            break
        name.insert(0, t)
    if not name or len(name) > 4 or " ".join(t.lower_ for t in name) in lex["non-speaker-labels"] \
            or any(t.is_upper and len(t.text) > 1 for t in name):
        return None
    return name[-1]


# An interview transcript labels each turn with the speaker's name in capitals ("OKAFOR: We …").
_TRANSCRIPT_LABEL = re.compile(r"[\"“«]?\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):\s")


def transcript_speaker(block: Block, a: int, b: int, lex: Lexicon) -> Attribution | None:
    """The speaker whose transcript label ("OKAFOR:") opens ``block.text[a:b]``, if any."""
    m = _TRANSCRIPT_LABEL.match(block.text, a, b)
    if m is None or len(m.group(1)) < 3 or m.group(1).lower() in lex["non-speaker-labels"] \
            or any(w.lower() in lex["rubric-label-words"] for w in m.group(1).split()):
        return None  # "BY THE NUMBERS:", "WHAT WE KNOW:" are rubrics, not speakers
    sa, sb = block.source_span(m.start(1), m.end(1))
    return Attribution(m.group(1), sa, sb, ":", How.TRANSCRIPT, False)


# A quotation signed with a dash and a name, as in reader testimonials and epigraphs:
# "… never seen the quay so quiet." ― Ada Moreau
def _signature(lex: Lexicon) -> re.Pattern[str]:
    particles = alternation(lex["surname-particles"])
    return re.compile(rf"\s*[―—–]\s*((?:[A-Z][\w'’-]*\.?)(?:\s+(?:[A-Z][\w'’-]*\.?|{particles})){{0,4}})"
                      r"\s*(?:[.,;]|$)")


def signature(block: Block, b: int, lex: Lexicon) -> Attribution | None:
    """The name signing the quotation that ends at ``b`` with a dash ("…" ― Ada Moreau), if any;
    lower-case particles of the name are ``surname-particles``."""
    m = lex.derive(_signature).match(block.text, b)
    if m is None:
        return None
    sa, sb = block.source_span(m.start(1), m.end(1))
    return Attribution(m.group(1).rstrip("."), sa, sb, "―", How.SIGNATURE, False)


def _inside_any(s: Sentence, spans: Iterable[tuple[int, int, bool]]) -> bool:
    return any(a <= s.start and s.end <= b for a, b, _ in spans)


# -- a quotation that runs over several paragraphs ------------------------------------------
# Wire style opens every paragraph of a long quotation with a quote mark and closes it only at
# the end of the last; the speaker is usually named in the first paragraph or the last.

def running_quotations(doc: Document) -> list[list[Quote]]:
    """The quotations left open at the end of a paragraph, each with the quotations that open
    the paragraphs after it, up to the one that closes."""
    place = {id(b): k for k, b in enumerate(doc.blocks)}
    chains: list[list[Quote]] = []
    for q in doc.quotes:
        prev = chains[-1][-1] if chains else None
        if prev is not None and not prev.closed and _opens_next_paragraph(doc, place, prev, q):
            chains[-1].append(q)
        else:
            chains.append([q])
    return [c for c in chains if len(c) > 1]


def _opens_next_paragraph(doc: Document, place: dict[int, int], prev: Quote, q: Quote) -> bool:
    block, k = q.sentence.block, place.get(id(q.sentence.block), -1)
    if block.continues or k < 1 or doc.blocks[k - 1] is not prev.sentence.block:
        return False
    lead = len(block.text) - len(block.text.lstrip())
    return block.source_span(lead, lead + 1)[0] == q.start


def credit_running_quotations(doc: Document) -> None:
    """Give every paragraph of a running quotation the speaker named at its end, or else at its
    start, and credit the figures in it that had no source."""
    for chain in running_quotations(doc):
        speaker = chain[-1].speaker or next((q.speaker for q in chain if q.speaker is not None), None)
        if speaker is None:
            continue
        for q in chain:
            if q.speaker is not None:
                continue
            q.speaker = speaker
            for fig in doc.figures:
                if q.start <= fig.start < q.end and fig.credit is Credit.NONE:
                    credit_in_quotation(fig, speaker, running_on=True)
