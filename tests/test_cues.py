"""Each cue finder on its own, with the real spaCy parse: the construction it recognises
credits the source named, and a sentence without it gets no cue from that finder."""

from __future__ import annotations

import pytest

from attrlint.analysis.cues import adverbs, documents, find_cues, nouns, phrases, verbs
from attrlint.analysis.cues.registry import SENTENCE_FINDERS, TOKEN_FINDERS, Probe, Scan
from attrlint.lexicon import Lexicon
from attrlint.model import How


def run_finder(finder, text: str, nlp, lex: Lexicon) -> list:
    """The cues ``finder`` alone finds in the first sentence of ``text``."""
    sent = next(nlp(text).sents)
    scan = Scan(sent, lex)
    scan.finder = finder.__name__
    if finder in SENTENCE_FINDERS:
        # as in the pipeline, a sentence finder runs after the token finders; only its own cues count
        scan.cues = [c for c in find_cues(sent, lex) if c.finder != finder.__name__]
        finder(scan)
        return [c for c in scan.cues if c.finder == finder.__name__]
    else:
        for tok in sent:
            finder(Probe.of(tok), scan)
    return scan.cues


# (finder, sentence, source credited, how, vague)
FOUND = [
    (phrases.according_to, "According to the harbour master, 40 ships are waiting.", "the harbour master",
     How.ACCORDING_TO, False),
    (phrases.citing, "The union, citing the port's own accounts, put losses at $2 million.",
     "the port's own accounts", How.CITING, False),
    (phrases.citing, "Per the ministry, 40 ships are waiting.", "the ministry", How.CITING, False),
    (verbs.passive_agent, "It was reported by the agency that 40 ships had left.", "the agency", How.VERB, False),
    (verbs.impersonal_passive, "The toll is estimated to be 40.", "is estimated", How.IMPERSONAL, True),
    (verbs.impersonal_passive, "It is believed that 40 ships left.", "it is believed", How.IMPERSONAL, True),
    (verbs.speaker_subject, "The ministry said 40 ships are waiting.", "The ministry", How.VERB, False),
    (verbs.impersonal_discovery, "It is understood that 300 dockers will lose their jobs.", "it is understood",
     How.IMPERSONAL, True),
    (verbs.impersonal_discovery, "It was understood the port had lost $2 million.", "it was understood",
     How.IMPERSONAL, True),
    (verbs.speaker_subject, "The board agreed to cut 40 jobs.", "The board", How.VERB, False),
    (verbs.relative_reporting_clause, "The agency, which said 40 ships were waiting, closed the port.",
     "The agency", How.VERB, False),
    (verbs.governing_subject, "Moreau declined to say how many of the 300 dockers would stay.", "Moreau",
     How.VERB, False),
    (verbs.misread_reporting_noun, "Lindqvist Charges That Port Lost Millions", "Lindqvist", How.VERB, False),
    (documents.orphan_document_verb,
     "Under pressure after files from the authority's review show it paid $2 million, the port backed down.",
     "the authority's review", How.DOCUMENT, False),
    (documents.document_subject, "The poll found 40% of dockers support the strike.", "The poll",
     How.DOCUMENT, False),
    (documents.reporting_tail, "Forty ships are waiting, council records show.", "council records", How.VERB,
     False),
    # the source may stand with its apposition between the last commas, the adjunct run long
    (documents.reporting_tail, "Two cranes sent to Alder and 10 cranes sent to pilots who worked for Brill have been "
     "placed in secure storage, Ali F. Reza, the undersecretary for harbours, wrote in a memo to the inspector "
     "general.", "Ali F. Reza, the undersecretary for harbours", How.VERB, False),
    (documents.as_reported, "As the Harbour Gazette noted, Moreau raised more than $1.1 million from shipping firms.",
     "the Harbour Gazette", How.VERB, False),
    # the tag may end with when, where or how the source spoke
    (documents.reporting_tail, "British retail sales fell 0.8 percent in October, the biggest drop since January, "
     "as shoppers cut back on clothing and fuel, official figures showed on Friday.", "official figures", How.VERB,
     False),
    (documents.document_terms, "The bankruptcy petition lists $3 million in debts.", "The bankruptcy petition",
     How.DOCUMENT, False),
    (documents.document_terms, "Lawmakers debated a bill that would triple the cap to $90,000.", "a bill",
     How.DOCUMENT, False),
    (documents.document_terms, "Under the new regulation, dockers earning up to $35,000 must be paid overtime.",
     "the new regulation", How.IN_DOCUMENT, False),
    (nouns.in_document, "In this poll, the mayor rose 1 point.", "poll", How.IN_DOCUMENT, False),
    (nouns.poll_answers, "In a Harbour Gazette poll, 79 percent said they were satisfied and 60 percent said they "
     "would stay.", "Harbour Gazette", How.NOUN, False),
    (nouns.by_noun, "By some estimates, 40 ships are waiting.", "estimates", How.BY_NOUN, True),
    (nouns.owned_attribution_noun, "The ministry's estimate rose to 3.1%.", "The ministry's", How.NOUN, False),
    (nouns.voiced_claim, "Okafor voiced fears that 300 jobs would go.", "Okafor", How.NOUN, False),
    (adverbs.report_adverb, "The port reportedly lost $2 million.", "reportedly", How.ADVERB, True),
]

# (finder, sentence) where the finder must find nothing
NOT_FOUND = [
    (phrases.according_to, "The ministry said 40 ships are waiting."),
    (phrases.citing, "Dockers earn $40,000 per year."),  # "per year" names nobody
    (verbs.passive_agent, "The song was written by Moreau in 1990."),  # no clause reported
    (verbs.impersonal_passive, "The dockers were told that 40 ships would leave."),  # "tell" is not impersonal
    (verbs.impersonal_discovery, "It is understood by every docker on the quay."),  # no clause reported
    (verbs.impersonal_discovery, "The dockers understood that 300 jobs would go."),  # a named subject
    (verbs.speaker_subject, "The board agreed a 3% rise."),  # an act narrated, not a decision reported
    (verbs.relative_reporting_clause, "The ministry said 40 ships are waiting."),
    (verbs.governing_subject, "It is fair to say that 40 ships left."),  # "it" is nobody
    (verbs.misread_reporting_noun, "The port charges a 6% levy."),
    (documents.orphan_document_verb, "The poll found 40% of dockers support the strike."),  # has a subject
    (documents.document_subject, "The ministry's poll found 40% of dockers support the strike."),  # owned
    (documents.reporting_tail, "Council records show forty ships are waiting."),
    # a passive names no source, and a report with a clause of its own vouches only for that
    (documents.as_reported, "As the votes were counted, Moreau led by 300."),
    # a clause is not a source: "… to prove what her aides describe as …"
    (documents.reporting_tail, "On Monday the mayor unveiled letters of support from dockers, pilots and crews to "
     "prove what her aides describe as a broad coalition behind the port plan."),
    (documents.as_reported, "As Moreau said she would, the port hired 40 pilots."),
    # a relative clause is not a speech tag, and a tag reporting a clause of its own covers only that
    (documents.reporting_tail, "British retail sales fell 0.8 percent in October, the biggest drop since January, "
     "as shoppers cut back on clothing and fuel, which the ministry reported on Friday."),
    (documents.reporting_tail, "British retail sales fell 0.8 percent in October, the biggest drop since January, "
     "as shoppers cut back on clothing and fuel, the ministry said it expected in May."),
    # "a law" points at no document; "under the programme" at the end reports a result
    (documents.document_terms, "A law allows up to 40,000 spectators at the site."),
    (documents.document_terms, "More than 300 dockers have insurance under the union's programme."),
    (documents.document_terms, "Under a five-year contract, the firm runs about 140 berths."),
    (nouns.in_document, "In a poll taken on Monday, the mayor rose 1 point."),  # "a poll": which one?
    (nouns.poll_answers, "In a Harbour Gazette poll, the mayor rose 1 point."),  # nobody polled speaks
    (nouns.by_noun, "By Monday, 40 ships were waiting."),
    (nouns.owned_attribution_noun, "The estimate rose to 3.1% last week."),
    (nouns.voiced_claim, "The port set a record of 300 ships."),  # an achievement, not a claim
    (adverbs.report_adverb, "The port lost $2 million."),
]


@pytest.mark.parametrize(("finder", "text", "source", "how", "vague"), FOUND,
                         ids=[f"{f.__name__}-{i}" for i, (f, *_rest) in enumerate(FOUND)])
def test_finder_credits_the_source(finder, text, source, how, vague, nlp, lex):
    cues = run_finder(finder, text, nlp, lex)
    assert [(c.source_text, c.how, c.vague, c.finder) for c in cues] == [(source, how, vague, finder.__name__)]


@pytest.mark.parametrize(("finder", "text"), NOT_FOUND,
                         ids=[f"{f.__name__}-{i}" for i, (f, _t) in enumerate(NOT_FOUND)])
def test_finder_finds_nothing_without_its_construction(finder, text, nlp, lex):
    assert run_finder(finder, text, nlp, lex) == []


def test_every_registered_finder_is_tested():
    tested = {f for f, *_ in FOUND} & {f for f, _ in NOT_FOUND}
    assert set(TOKEN_FINDERS) | set(SENTENCE_FINDERS) == tested


def test_every_finder_says_what_it_recognises():
    for finder in TOKEN_FINDERS + SENTENCE_FINDERS:
        assert finder.__doc__ and len(finder.__doc__.split()) >= 6, finder.__name__


def test_a_cue_covers_what_it_reports_not_its_source(nlp, lex):
    cues = run_finder(verbs.speaker_subject, "The ministry said 40 ships are waiting.", nlp, lex)
    doc = cues[0]
    words = {t.i: t.text for t in nlp("The ministry said 40 ships are waiting.")}
    assert {words[i] for i in doc.scope} >= {"40", "ships"}
    assert not {words[i] for i in doc.scope} & {"ministry"}


def test_the_scene_of_a_report_is_the_reporters_narration(nlp, lex):
    text = "Speaking to 2,000 dockers, Moreau said the port would hire 300 more."
    words = {t.i: t.text for t in nlp(text)}
    cue = run_finder(verbs.speaker_subject, text, nlp, lex)[0]
    assert "2,000" in {words[i] for i in cue.outside}
    assert "300" in {words[i] for i in cue.scope} and "2,000" not in {words[i] for i in cue.scope}


def _with(lex: Lexicon, name: str, words: set[str]) -> Lexicon:
    return Lexicon.from_lists({**lex.lists, name: frozenset(words)})


def test_source_phrases_are_the_word_list(nlp, lex):
    text = "Courtesy of the harbour master, 40 ships are listed."
    assert run_finder(phrases.according_to, text, nlp, lex) == []
    more = _with(lex, "source-prepositions", set(lex["source-prepositions"]) | {"courtesy of"})
    assert [c.source_text for c in run_finder(phrases.according_to, text, nlp, more)] == ["the harbour master"]
    fewer = _with(lex, "source-prepositions", set(lex["source-prepositions"]) - {"per"})
    assert run_finder(phrases.citing, "Per the ministry, 40 ships are waiting.", nlp, fewer) == []


def test_report_adverbs_are_the_word_list(nlp, lex):
    more = _with(lex, "report-adverbs", set(lex["report-adverbs"]) | {"apparently"})
    cues = run_finder(adverbs.report_adverb, "The port apparently lost $2 million.", nlp, more)
    assert [(c.source_text, c.vague) for c in cues] == [("apparently", True)]


@pytest.mark.parametrize(("text", "vague"), [
    ("Market watchers said the index could fall 12%.", True),
    ("Oil traders said prices could rise 8%.", True),
    ("On Monday, foreign policy experts said 3,000 troops would stay.", True),
    ("Lawyers said 200 claims had been filed.", True),
    # a body in front of the profession, or after it, identifies them
    ("Goldman Sachs analysts said the index could fall 12%.", False),
    ("Ministry economists said the index could fall 12%.", False),
    ("Lawyers for the union said 200 claims had been filed.", False),
    # a kind of body or poll in common nouns says which kind, not which one
    ("Port officials said 40 ships were waiting.", True),
    ("The rally drew 4,000 people, campaign officials said.", True),
    ("A labour official said 1.8 million workers were owed wages.", True),
    ("One former senior agency official said 20 analysts left.", True),
    # a name, an owner or a definite article identifies them
    ("Marisca port officials said 40 ships were waiting.", False),
    ("The port's officials said 40 ships were waiting.", False),
    ("The campaign officials said the rally drew 4,000 people.", False),
    ("Pentagon officials said 300 troops left.", False),
])
def test_a_trade_or_profession_names_no_body(text, vague, nlp, lex):
    cues = run_finder(verbs.speaker_subject, text, nlp, lex)
    assert [c.vague for c in cues] == [vague]


def test_a_figure_the_document_phrase_qualifies_is_the_documents(nlp, lex):
    text = "Moreau had 58 percent in the Ipsos survey, a lead of 11 points."
    words = {t.i: t.text for t in nlp(text)}
    cue = run_finder(nouns.owned_attribution_noun, text, nlp, lex)[0]
    assert cue.source_text == "Ipsos"
    assert {"58", "11"} <= {words[i] for i in cue.scope}


@pytest.mark.parametrize(("text", "vague"), [
    ("Recent polling shows Moreau ahead by 12 points.", True),
    ("Surveys show Moreau ahead by 12 points.", True),
    ("The Harbour Research poll shows Moreau ahead by 12 points.", False),
    ("The poll shows Moreau ahead by 12 points.", False),
    ("Exit polls showed Moreau ahead by 12 points.", True),
    ("Harbour Research exit polls showed Moreau ahead by 12 points.", False),
])
def test_an_unnamed_poll_is_a_vague_source(text, vague, nlp, lex):
    cues = find_cues(next(nlp(text).sents), lex)
    assert {c.vague for c in cues if c.how in {How.DOCUMENT, How.VERB}} == {vague}


@pytest.mark.parametrize(("text", "source", "polled"), [
    ("About four in 10 dockers said the port was run badly.", "About four in 10 dockers", True),
    ("Fifty-eight percent of dockers said they wanted a raise.", "Fifty-eight percent of dockers", True),
    ("A strong majority of members say they back the strike.", "A strong majority of members", True),
    ("Half of the crews said they would stay home.", "Half of the crews", True),
    ("Seventy-three percent said they would vote for the strike.", "Seventy-three percent", True),
    ("More than half of respondents in the Harbour Institute poll said they would stay.",
     "More than half of respondents in the Harbour Institute poll", False),
    ("Two senior officials said 40 ships were waiting.", "Two senior officials", False),
    ("Minority Leader Ada Moreau said 40 ships were waiting.", "Minority Leader Ada Moreau", False),
    ("The union said six in 10 dockers wanted a raise.", "The union", False),
])
def test_a_share_of_people_polled_is_not_a_source(text, source, polled, nlp, lex):
    cue = next(c for c in find_cues(next(nlp(text).sents), lex) if c.source_text == source)
    assert cue.respondents is polled
