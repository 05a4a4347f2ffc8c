"""Quotations and who speaks them, and sentence-level credit, on their own."""

from __future__ import annotations

import pytest

from attrlint.analysis.credit import carries, describe
from attrlint.analysis.quotes import is_full_quotation, quote_spans, signature, transcript_speaker
from attrlint.model import Block, BlockKind, How, Segment, Sentence


def block(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text, [Segment(0, 0, len(text))], 0)


def test_quote_spans_closed_and_unclosed():
    text = 'She said “we moved 40 ships” and then "the rest'
    assert quote_spans(text) == [(9, 28, True), (38, len(text), False)]
    assert quote_spans("The ship's 12\" gun") == []  # an inch mark after a digit opens nothing


def test_a_full_quotation_is_a_clause_not_a_scare_quoted_phrase():
    assert is_full_quotation("“We moved 40 ships last week”")
    assert not is_full_quotation("“fake news”")


def test_transcript_turn_credits_the_speaker_named(lex):
    b = block("OKAFOR: We moved 40 ships in a week.")
    speaker = transcript_speaker(b, 0, len(b.text), lex)
    assert (speaker.source, speaker.how) == ("OKAFOR", How.TRANSCRIPT)


@pytest.mark.parametrize("text", ["BY THE NUMBERS: 40 ships waited.", "UPDATE: 40 ships waited.",
                                  "Okafor: we moved 40 ships."])
def test_rubrics_are_not_transcript_turns(text, lex):
    b = block(text)
    assert transcript_speaker(b, 0, len(b.text), lex) is None


def test_dash_signed_quotation_credits_the_name():
    text = "“I have never seen the quay so quiet.” ― Ada Moreau"
    speaker = signature(block(text), text.index("”") + 1)
    assert (speaker.source, speaker.how) == ("Ada Moreau", How.SIGNATURE)
    plain = "“I have never seen the quay so quiet,” she said."
    assert signature(block(plain), plain.index("”") + 1) is None


@pytest.mark.parametrize(("text", "carried"), [
    ("That estimate is twice last year's.", True),
    ("These figures leave out 300 dockers.", True),
    ("If the rules survive, they will cost thousands of jobs.", False),
    ("He also said 40 ships were waiting.", False),
])
def test_carry_over_needs_a_back_reference(text, carried):
    assert carries(Sentence(block(text), 0, 0, len(text))) is carried


def test_every_construction_has_words_for_explain():
    for how in How:
        assert describe(how, "say")
