"""Quotations and who speaks them, and sentence-level credit, on their own."""

from __future__ import annotations

import pytest

from attrlint.analysis.credit import carries, describe
from attrlint.analysis.quotes import is_full_quotation, opens_sentence, quote_spans, signature, transcript_speaker
from attrlint.model import Block, BlockKind, How, Segment, Sentence


def block(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text, [Segment(0, 0, len(text))], 0)


def test_quote_spans_closed_and_unclosed():
    text = 'She said “we moved 40 ships” and then "the rest'
    assert quote_spans(text) == [(9, 28, True), (38, len(text), False)]
    assert quote_spans("The ship's 12\" gun") == []  # an inch mark after a digit opens nothing


def test_two_apostrophes_or_backquotes_make_a_double_quote():
    text = "''We moved 40 ships,'' she said. ``The rest wait,'' he added, and it's ''unclosed"
    assert quote_spans(text) == [(0, 22, True), (33, 51, True), (71, len(text), False)]
    assert quote_spans("the ship's bow and the crew's mess") == []


def test_a_full_quotation_is_a_clause_not_a_scare_quoted_phrase(lex):
    assert is_full_quotation("“We moved 40 ships last week”", lex)
    assert not is_full_quotation("“fake news”", lex)


def test_a_quoted_title_is_not_a_quotation_of_speech(lex):
    assert not is_full_quotation("''Yuge: Thirty Years of the Comic on the Candidate''", lex)
    assert is_full_quotation("''We will not go back to work,''", lex)


@pytest.mark.parametrize(("text", "opens"), [
    ("“We will not go back.”", True),
    ("The talks stalled. “We will not go back.”", True),
    ("“No.” “We will not go back.”", True),
    ("The union attacked “the reckless plan to sell every berth”.", False),
    ("The union put it this way: “We will not go back.”", False),
])
def test_a_quotation_opens_a_sentence_or_is_woven_into_one(text, opens):
    a = text.rindex("“")
    assert opens_sentence(text, a) is opens


def test_transcript_turn_credits_the_speaker_named(lex):
    b = block("OKAFOR: We moved 40 ships in a week.")
    speaker = transcript_speaker(b, 0, len(b.text), lex)
    assert (speaker.source, speaker.how) == ("OKAFOR", How.TRANSCRIPT)


@pytest.mark.parametrize("text", ["BY THE NUMBERS: 40 ships waited.", "UPDATE: 40 ships waited.",
                                  "Okafor: we moved 40 ships."])
def test_rubrics_are_not_transcript_turns(text, lex):
    b = block(text)
    assert transcript_speaker(b, 0, len(b.text), lex) is None


def test_dash_signed_quotation_credits_the_name(lex):
    text = "“I have never seen the quay so quiet.” ― Ada Moreau"
    speaker = signature(block(text), text.index("”") + 1, lex)
    assert (speaker.source, speaker.how) == ("Ada Moreau", How.SIGNATURE)
    plain = "“I have never seen the quay so quiet,” she said."
    assert signature(block(plain), plain.index("”") + 1, lex) is None


@pytest.mark.parametrize(("text", "carried"), [
    ("That estimate is twice last year's.", True),
    ("These figures leave out 300 dockers.", True),
    ("If the rules survive, they will cost thousands of jobs.", False),
    ("He also said 40 ships were waiting.", False),
])
def test_carry_over_needs_a_back_reference(text, carried, lex):
    assert carries(Sentence(block(text), 0, 0, len(text)), lex) is carried


def test_every_construction_has_words_for_explain():
    for how in How:
        assert describe(how, "say")


def test_quote_marks_of_either_style_close_a_quotation():
    text = '"The port is full,” she said. “We turned 40 ships away."'
    assert [(a, b, c) for a, b, c in quote_spans(text)] == [(0, 19, True), (30, len(text), True)]


def test_apostrophes_that_look_like_quote_marks_open_and_close_nothing():
    text = "On CBS‘ programme she said, “we moved 40 ships.” Later: ‘We don’t know,’ he said."
    spans = [text[a:b] for a, b, _ in quote_spans(text)]
    assert spans == ["“we moved 40 ships.”", "‘We don’t know,’"]


# -- drafts, with the real parse ------------------------------------------------------------

@pytest.fixture(scope="module")
def analysed(lex, nlp):
    """analysed(draft) -> the draft's Document after the analysis stage."""
    from attrlint.analysis.pipeline import analyse
    from attrlint.engine import build_document

    def run(source: str):
        doc = build_document("draft.txt", source)
        analyse([doc], nlp, lex)
        return doc

    return run


def credit_of(doc, figure: str):
    fig = next(f for f in doc.figures if f.text == figure)
    return fig.credit.value, fig.attribution.source if fig.attribution else None


def unattributed_quotes(doc) -> list[str]:
    return [doc.source[q.start:q.end][:25] for q in doc.quotes if q.speaker is None and q.full]


RUNNING_ON = """The harbour board met on Monday.

“The queue is longer than it has ever been, with 70 ships at anchor on Monday alone.

“By Friday another 90 had arrived, and nobody at the board expected it,” said harbour master Ilse Marchetti.
"""

RUNNING_ON_NAMED_FIRST = """The harbour board met on Monday.

Union secretary Jan Okafor said the strike would go on. “The port shed 200 jobs last year and nobody listened.

“This year it could be 400 and we will not accept that.”
"""

# two quotations in a row, each closed, with no speaker for the second: not a running quotation
CLOSED_THEN_NEW = """The harbour board met on Monday.

“The queue is longer than it has ever been, with 70 ships at anchor,” said harbour master Ilse Marchetti.

The board published its accounts on Tuesday.

“By Friday another 90 ships had arrived at the anchorage.”
"""


def test_a_quotation_running_over_paragraphs_is_credited_to_the_speaker_named_at_its_end(analysed):
    doc = analysed(RUNNING_ON)
    assert credit_of(doc, "70") == ("attributed", "harbour master Ilse Marchetti")
    assert unattributed_quotes(doc) == []


def test_a_quotation_running_over_paragraphs_keeps_the_speaker_named_at_its_start(analysed):
    doc = analysed(RUNNING_ON_NAMED_FIRST)
    assert credit_of(doc, "200")[0] == "attributed" and credit_of(doc, "400")[0] == "attributed"
    assert unattributed_quotes(doc) == []


def test_a_closed_quotation_does_not_run_on_past_narration(analysed):
    doc = analysed(CLOSED_THEN_NEW)
    assert credit_of(doc, "90") == ("unattributed", None)
    assert unattributed_quotes(doc) == ["“By Friday another 90 shi"]


@pytest.mark.parametrize(("draft", "figure", "speaker"), [
    # the quotation after an attributed one in the same paragraph continues that speaker
    ("The board met on Monday.\n\n“This comes on top of the repairs,” she said. “That is only the start. "
     "We are 300 berths short.”\n", "300", "she"),
    # a speech tag with a verb that is not a reporting verb
    ("The board met on Monday.\n\n“We waited 20 years for this,” Okafor continued. “And then 500 dockers "
     "were at the gate.”\n", "500", "Okafor"),
    ("The board met on Monday.\n\nHe continued, “I have never seen 34,000 containers stuck on the quay.”\n",
     "34,000", "He"),
    ("The board met on Monday.\n\nMore from Marchetti: “The port turned away 60 ships in a single week.”\n",
     "60", "Marchetti"),
])
def test_a_quotation_tagged_by_its_speaker_is_credited(analysed, draft, figure, speaker):
    doc = analysed(draft)
    assert credit_of(doc, figure) == ("attributed", speaker)


@pytest.mark.parametrize(("draft", "figure"), [
    # narration between the two quotations: the second is nobody's
    ("The board met on Monday.\n\n“This comes on top of the repairs,” she said. The port closed at noon. "
     "“We are 300 berths short.”\n", "300"),
    # a quotation that is the subject of a verb is not tagged by it
    ("The board met on Monday.\n\n“We turned away 500 ships in a week” appeared on banners across the "
     "quay.\n", "500"),
    # a rubric is not a speaker
    ("The board met on Monday.\n\nUpdate: “The port turned away 60 ships in a single week.”\n", "60"),
])
def test_a_quotation_without_its_speaker_beside_it_stays_unattributed(analysed, draft, figure):
    doc = analysed(draft)
    assert credit_of(doc, figure)[0] == "unattributed"
