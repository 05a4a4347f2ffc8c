"""What the analysis knows about one figure, as named numbers: which construction credited it
and how far it sits from it, whether it is quoted, where it stands in the paragraph and in its
sentence's parse, and what the sentence around it holds.

The signals describe the analysis' own evidence, not the words of the draft: they are what a
model of "does this figure need a source?" is fitted on (``benchmarks/accuracy/learn.py``), and
they let the rules and such a model be compared figure by figure. Every value is a float;
categorical signals are one-hot ("route=cue": 1.0), and a signal that does not apply is absent
(read as 0).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from attrlint.analysis.tokens import syntactic_head
from attrlint.model import Credit, Document, FigureMention, How, Quote, Sentence

# How a figure got its credit, or why it has none, in the order credit.credit_figure decides.
ROUTES = ("cue", "quote", "sentence", "introduction", "record", "none")

# Dependency labels of a figure's ancestors that say which part of the sentence it is in.
_ROLES = {
    "nsubj": "subject", "nsubjpass": "subject", "csubj": "subject",
    "relcl": "relative", "acl": "relative",
    "appos": "apposition",
    "ccomp": "content_clause", "xcomp": "content_clause",
    "advcl": "adverbial",
    "conj": "conjunct",
    "pobj": "prep-object",
    "dobj": "object",
    "parataxis": "parataxis",
}
_OPENING_QUOTES = "\"“«‘"


@dataclass
class FigureContext:
    """A figure with the pieces of its document the signals read."""

    doc: Document
    fig: FigureMention
    tokens: list  # the spaCy tokens the figure covers, in order
    quotes: list[Quote]  # the quotations that hold the figure


def figure_tokens(fig: FigureMention) -> list:
    """The parsed tokens of the figure's sentence that overlap the figure."""
    span = fig.sentence.doc_span
    if span is None:
        return []
    block = fig.sentence.block
    out = []
    for t in span:
        a = block.to_source(t.idx)
        if a < fig.end and a + len(t.text) > fig.start:
            out.append(t)
    return out


def figure_signals(doc: Document, fig: FigureMention) -> dict[str, float]:
    """Every signal of ``fig`` (a figure of the analysed ``doc``), by name."""
    ctx = FigureContext(doc, fig, figure_tokens(fig),
                        [q for q in doc.quotes if q.start <= fig.start < q.end])
    out: dict[str, float] = {}
    out.update(credit_signals(ctx))
    out.update(quote_signals(ctx))
    out.update(position_signals(ctx))
    out.update(syntax_signals(ctx))
    out.update(value_signals(fig))
    out.update(neighbour_signals(ctx))
    return out


# -- credit ----------------------------------------------------------------------------------

def covering_cue(fig: FigureMention, tokens: list):
    """The cue whose scope holds the figure, as credit.credit_figure picks it (named first)."""
    idx = {t.i for t in tokens}
    best = None
    for c in fig.sentence.cues:
        if idx & c.scope and not idx & c.source_tokens:
            if best is None or (best.vague and not c.vague):
                best = c
    return best


def route(fig: FigureMention, tokens: list) -> str:
    """Which step of the credit order gave the figure its credit ("none" if nothing did)."""
    if fig.credit is Credit.NONE:
        return "none"
    if fig.credit is Credit.PUBLIC_RECORD:
        return "record"  # the record itself (attrlint.analysis.record), no source
    if covering_cue(fig, tokens) is not None:
        return "cue"
    if fig.reason.startswith("the quotation"):
        return "quote"
    if fig.reason.startswith("the sentence's credit"):
        return "sentence"
    return "introduction"


def credit_signals(ctx: FigureContext) -> dict[str, float]:
    """The route, the crediting construction and its kind, and the distance to its cue."""
    fig, sent = ctx.fig, ctx.fig.sentence
    out = {f"route={route(fig, ctx.tokens)}": 1.0, f"credit={fig.credit.value}": 1.0}
    if fig.attribution is not None:
        out[f"how={fig.attribution.how.value}"] = 1.0
        out["source_words"] = float(len(fig.attribution.source.split()))
        out["source_capitalised"] = float(fig.attribution.source[:1].isupper())
    idx = {t.i for t in ctx.tokens}
    out["in_source_words"] = float(any(idx & c.source_tokens for c in sent.cues))
    out["in_narration"] = float(any(idx & c.outside for c in sent.cues))
    cue = covering_cue(fig, ctx.tokens) or _nearest_cue(sent, ctx.tokens)
    if cue is not None:
        out[f"finder={cue.finder}"] = 1.0
        out[f"cue_how={cue.how.value}"] = 1.0
        out["cue_vague"] = float(cue.vague)
        out["cue_pronoun"] = float(cue.pronoun)
        out.update(_distance_signals(cue, ctx.tokens))
    return out


def _nearest_cue(sent: Sentence, tokens: list):
    """The sentence's cue nearest the figure, for a figure no cue covers."""
    if not tokens or not sent.cues:
        return None
    i = tokens[0].i
    return min(sent.cues, key=lambda c: abs(_cue_token_i(c, tokens[0].doc) - i))


def _cue_token_i(cue, sdoc) -> int:
    """The index of the cue word itself ("said", "according"), near its source's head."""
    if cue.head_i < 0:
        return min(cue.scope) if cue.scope else 0
    head = sdoc[cue.head_i]
    sent = head.sent
    words = [t.i for t in sent if t.lemma_.lower() == cue.cue or t.lower_ == cue.cue]
    return min(words, key=lambda i: abs(i - cue.head_i)) if words else cue.head_i


def _distance_signals(cue, tokens: list) -> dict[str, float]:
    if not tokens:
        return {}
    sdoc = tokens[0].doc
    ci = _cue_token_i(cue, sdoc)
    fig_head = syntactic_head(tokens)
    before = float(tokens[-1].i < ci)
    return {"cue_token_distance": float(abs(fig_head.i - ci)), "figure_before_cue": before,
            "cue_path_length": float(path_length(fig_head, sdoc[ci]))}


def path_length(a, b) -> int:
    """Edges on the dependency path between tokens ``a`` and ``b`` of one sentence."""
    up_a = [a, *a.ancestors]
    depth = {t.i: k for k, t in enumerate(up_a)}
    for k, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return depth[t.i] + k
    return len(up_a) + len(list(b.ancestors)) + 1


# -- quotation -------------------------------------------------------------------------------

def quote_signals(ctx: FigureContext) -> dict[str, float]:
    """Is the figure quoted, is the quotation a whole clause, does it have a speaker."""
    sent = ctx.fig.sentence
    out = {"in_quote": float(bool(ctx.quotes))}
    if ctx.quotes:
        q = ctx.quotes[-1]
        out["quote_full"] = float(q.full)
        out["quote_has_speaker"] = float(q.speaker is not None)
        if q.speaker is not None:
            out[f"quote_speaker={q.speaker.how.value}"] = 1.0
    out["sentence_has_quote"] = float(any(c in sent.text for c in _OPENING_QUOTES + "”"))
    out["paragraph_opens_quoted"] = float(sent.block.text.lstrip()[:1] in _OPENING_QUOTES)
    return out


# -- where the figure stands -----------------------------------------------------------------

def position_signals(ctx: FigureContext) -> dict[str, float]:
    """Paragraph and sentence position, and what the sentence before credited."""
    sent, doc = ctx.fig.sentence, ctx.doc
    block = sent.block
    in_block = [s for s in doc.sentences if s.block is block]
    k = next((n for n, s in enumerate(in_block) if s is sent), 0)
    prev = doc.sentences[sent.index - 1] if sent.index > 0 else None
    same_par = prev is not None and prev.block.paragraph == block.paragraph
    out = {
        "paragraph": float(min(block.paragraph, 30)),
        "first_paragraph": float(block.paragraph <= 1),
        "sentence_in_paragraph": float(min(k, 10)),
        "first_sentence": float(k == 0),
        "sentences_in_paragraph": float(len(in_block)),
        f"block={block.kind.value}": 1.0,
        "sentence_tokens": float(len(sent.doc_span)) if sent.doc_span is not None else 0.0,
        "sentence_cues": float(len(sent.cues)),
        "sentence_named_cues": float(sum(not c.vague for c in sent.cues)),
        "sentence_vague_cues": float(sum(c.vague for c in sent.cues)),
        "sentence_credited": float(sent.attribution is not None),
        "sentence_question": float(sent.text.rstrip("\"”’' ").endswith("?")),
        "previous_credited": float(same_par and prev.attribution is not None),
        "previous_has_cues": float(same_par and bool(prev.cues)),
    }
    if sent.attribution is not None and sent.attribution.how is How.CARRY_OVER:
        out["carried_over"] = 1.0
    return out


def syntax_signals(ctx: FigureContext) -> dict[str, float]:
    """Which part of the sentence the figure is in: subject, relative clause, fronted
    adverbial, parenthesis, main clause …, and its depth in the parse."""
    if not ctx.tokens:
        return {}
    head = syntactic_head(ctx.tokens)
    out = {f"dep={head.dep_}": 1.0}
    root = head.sent.root
    depth = 0
    for anc in [head, *head.ancestors]:
        role = _ROLES.get(anc.dep_)
        if role is not None:
            out[f"in_{role}"] = 1.0
        if anc.dep_ == "advcl" and anc.i < anc.head.i:
            out["in_fronted_adverbial"] = 1.0
        depth += 1
    out["parse_depth"] = float(depth)
    out["before_root"] = float(head.i < root.i)
    out["in_parenthesis"] = float(_in_parenthesis(head))
    nominal = head.head if head.dep_ in {"nummod", "quantmod", "compound", "amod"} else head
    out[f"nominal_dep={nominal.dep_}"] = 1.0
    return out


def _in_parenthesis(tok) -> bool:
    depth = 0
    for t in tok.sent:
        if t.i >= tok.i:
            break
        depth += {"(": 1, ")": -1}.get(t.text, 0)
    return depth > 0


def value_signals(fig: FigureMention) -> dict[str, float]:
    """The figure's own form: a share, money, an estimate, a bound, a range, words or digits."""
    v = fig.value
    out = {
        "percent": float(v.percent), "money": float(v.currency is not None), "approx": float(v.approx),
        "bounded": float(v.bound is not None), "range": float(v.is_range), "multiplier": float(v.multiplier),
        "digits": float(any(ch.isdigit() for ch in fig.text)), "has_unit": float(bool(fig.unit)),
        "qualified": float(bool(fig.qualifier)),
    }
    high = abs(v.high)
    out["log_magnitude"] = math.log10(high) if high >= 1 else 0.0
    # what the not-a-figure tests look at, for the numbers that passed them: a small count
    # (often a determiner, "the two men") and a bare four-digit number (often a year)
    out["small_count"] = float(high <= 10 and not v.percent and v.currency is None)
    out["year_like"] = float(fig.text.isdigit() and len(fig.text) == 4 and 1900 <= high <= 2099)
    return out


def neighbour_signals(ctx: FigureContext) -> dict[str, float]:
    """The sentence's and paragraph's other figures, and how they were credited."""
    fig = ctx.fig
    same_sent = [f for f in ctx.doc.figures if f.sentence is fig.sentence and f is not fig]
    same_par = [f for f in ctx.doc.figures if f.sentence.block is fig.sentence.block and f is not fig]
    return {
        "other_figures_sentence": float(len(same_sent)),
        "other_figures_sentence_uncredited": float(sum(f.credit is Credit.NONE for f in same_sent)),
        "other_figures_paragraph": float(len(same_par)),
        "set_aside_in_document": float(min(len(ctx.doc.not_figures), 50)),
    }
