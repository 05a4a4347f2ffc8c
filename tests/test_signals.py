"""attrlint.analysis.signals: what the analysis knows about each figure, as named numbers."""

from __future__ import annotations

import pytest

from attrlint.analysis.pipeline import analyse
from attrlint.analysis.signals import ROUTES, figure_signals, figure_tokens, path_length
from attrlint.engine import build_document
from attrlint.model import Credit, Document, FigureMention


def _analysed(text: str, nlp, lex) -> Document:
    doc = build_document("story.txt", text)
    analyse([doc], nlp, lex)
    return doc


def _signals(text: str, figure: str, nlp, lex) -> tuple[FigureMention, dict[str, float]]:
    doc = _analysed(text, nlp, lex)
    fig = next(f for f in doc.figures if f.text == figure)
    return fig, figure_signals(doc, fig)


def test_a_named_reporting_verb_is_the_route_with_its_finder_and_distance(nlp, lex) -> None:
    fig, s = _signals("The port authority said 41 ships were waiting at anchor on Tuesday.", "41", nlp, lex)
    assert fig.credit is Credit.ATTRIBUTED
    assert s["route=cue"] == 1.0 and s["cue_how=verb"] == 1.0 and s["how=verb"] == 1.0
    finder = fig.reason.rsplit("(", 1)[1].rstrip(")")
    assert s[f"finder={finder}"] == 1.0
    assert s["cue_vague"] == 0.0 and s["figure_before_cue"] == 0.0
    # "41" → "ships" → "waiting" → "said": three edges, three words apart
    assert s["cue_path_length"] == 3.0
    assert s["cue_token_distance"] == 1.0


def test_an_inverted_reporting_clause_puts_the_figure_before_its_cue(nlp, lex) -> None:
    _, s = _signals("About 1,200 dockers marched through the harbour district, the union said.", "1,200", nlp, lex)
    assert s["route=cue"] == 1.0
    assert s["figure_before_cue"] == 1.0
    assert s["cue_token_distance"] > 5


def test_a_figure_in_a_sentence_with_no_cue_has_no_cue_signals(nlp, lex) -> None:
    fig, s = _signals("Some 300 dockers walked out on Monday morning.", "300", nlp, lex)
    assert s["small_count"] == 0.0 and s["digits"] == 1.0 and s["approx"] == 1.0
    assert fig.credit is Credit.NONE
    assert s["route=none"] == 1.0 and s["credit=unattributed"] == 1.0
    assert s["sentence_cues"] == 0.0
    assert not any(k.startswith(("finder=", "cue_", "how=")) for k in s)


def test_a_vague_source_is_marked_vague(nlp, lex) -> None:
    fig, s = _signals("Analysts say the queue costs shipping lines $1.5 million a day.", "$1.5 million", nlp, lex)
    assert fig.credit is Credit.VAGUE
    assert s["cue_vague"] == 1.0 and s["sentence_vague_cues"] == 1.0 and s["sentence_named_cues"] == 0.0
    assert s["money"] == 1.0 and s["log_magnitude"] == pytest.approx(6.176, abs=0.01)
    assert s["small_count"] == 0.0 and s["year_like"] == 0.0


def test_a_quoted_figure_knows_its_quotation_and_speaker(nlp, lex) -> None:
    _, s = _signals('"We moved 300 containers in a single week and nobody noticed," Okafor said.', "300", nlp, lex)
    assert s["in_quote"] == 1.0 and s["quote_full"] == 1.0 and s["quote_has_speaker"] == 1.0
    assert s["sentence_has_quote"] == 1.0 and s["paragraph_opens_quoted"] == 1.0


def test_carry_over_and_paragraph_position(nlp, lex) -> None:
    text = ("Harbour queue grows\n\nThe ministry said 41 ships were waiting. "
            "That estimate is twice the 20 counted in March.\n")
    doc = _analysed(text, nlp, lex)
    twenty = next(f for f in doc.figures if f.text == "20")
    s = figure_signals(doc, twenty)
    assert s["carried_over"] == 1.0 and s["route=sentence"] == 1.0 and s["how=carry-over"] == 1.0
    assert s["previous_credited"] == 1.0 and s["previous_has_cues"] == 1.0
    assert s["sentence_in_paragraph"] == 1.0 and s["first_sentence"] == 0.0 and s["sentences_in_paragraph"] == 2.0
    first = figure_signals(doc, next(f for f in doc.figures if f.text == "41"))
    assert first["first_sentence"] == 1.0 and first["previous_credited"] == 0.0 and "carried_over" not in first
    assert first["other_figures_paragraph"] == 2.0  # "twice" and "20"
    assert s["small_count"] == 0.0 and figure_signals(doc, next(f for f in doc.figures if f.text == "twice"))[
        "small_count"] == 1.0


@pytest.mark.parametrize("text, figure, signal", [
    ("About 1,200 dockers marched on Tuesday.", "1,200", "in_subject"),
    ("Ships that carried 4,000 tonnes of grain were turned away.", "4,000", "in_relative"),
    ("After the port shed 300 jobs last year, the union called a strike.", "300", "in_fronted_adverbial"),
    ("The port handled more cargo (about 12% more) than it did the year before.", "12%", "in_parenthesis"),
])
def test_the_part_of_the_sentence_a_figure_is_in(nlp, lex, text: str, figure: str, signal: str) -> None:
    _, s = _signals(text, figure, nlp, lex)
    assert s.get(signal) == 1.0
    # and the same figure in a plain main clause has none of these
    _, plain = _signals(f"The port reported {figure} more crates.", figure, nlp, lex)
    assert not plain.get(signal)


def test_other_figures_in_the_sentence_and_their_credit(nlp, lex) -> None:
    _, s = _signals("Some 41 ships and 300 barges waited outside the harbour.", "41", nlp, lex)
    assert s["other_figures_sentence"] == 1.0 and s["other_figures_sentence_uncredited"] == 1.0
    _, alone = _signals("Some 41 ships waited outside the harbour.", "41", nlp, lex)
    assert alone["other_figures_sentence"] == 0.0


def test_path_length_counts_dependency_edges(nlp) -> None:
    sdoc = nlp("The port said 41 ships were waiting.")
    said, ships, forty_one = sdoc[2], sdoc[4], sdoc[3]
    assert path_length(said, said) == 0
    assert path_length(forty_one, ships) == 1
    assert path_length(forty_one, said) == path_length(said, forty_one) == 3


def test_every_figure_has_one_route_agreeing_with_its_credit(nlp, lex) -> None:
    text = ("Dock strike spreads\n\n"
            "The port authority said 41 ships were waiting. Some 300 dockers walked out on Monday.\n\n"
            '"We lost 2,000 hours of work," Okafor said. Experts say repairs will cost $4 million.\n\n'
            "That figure is double the 2019 budget of $2 million, according to the council.\n")
    doc = _analysed(text, nlp, lex)
    assert len(doc.figures) >= 5
    for fig in doc.figures:
        s = figure_signals(doc, fig)
        routes = [r for r in ROUTES if s.get(f"route={r}")]
        assert len(routes) == 1, (fig.text, s)
        assert (routes[0] == "none") == (fig.credit is Credit.NONE)
        assert s[f"credit={fig.credit.value}"] == 1.0
        assert figure_tokens(fig) and all(isinstance(v, float) for v in s.values())
