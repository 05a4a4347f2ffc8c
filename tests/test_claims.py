"""Each "not a claim" test of ``claims.CLAIM_TESTS`` on its own, with the real spaCy parse:
the number it describes is set aside, and a reported figure in similar words is kept."""

from __future__ import annotations

import pytest

from attrlint.analysis import claims
from attrlint.analysis.claims import CLAIM_TESTS, not_a_claim
from tests.helpers import claim_case as case

# (test, text, number, applies)
CASES = [
    (claims.describes_source, "Two senior officials said the port lost $2 million.", "Two", True),
    (claims.describes_source, "Moreau, who has four children, said the port lost $2 million.", "four", True),
    (claims.describes_source, "More than 10 dockers said the port lost $2 million.", "10", False),
    # A poll's sample and the people it reached describe the poll; its margin of error is a figure.
    (claims.describes_poll, "The survey of 1,200 registered dockers was taken online in May.", "1,200", True),
    (claims.describes_poll, "The harbour institute surveyed 950 pilots in March.", "950", True),
    (claims.describes_poll, "The poll was conducted by telephone among 1,031 port workers.", "1,031", True),
    (claims.describes_poll, "The pilot sample is 834, and the crew sample is 651.", "651", True),
    (claims.describes_poll, "Among the 578 pilots surveyed, the support was lower.", "578", True),
    (claims.describes_poll, "The survey found 1,200 dockers had lost shifts in May.", "1,200", False),
    (claims.describes_poll, "Police interviewed 40 witnesses after the fire.", "40", False),
    (claims.describes_poll, "The survey of 1,200 dockers has a margin of error of 3 points.", "3", False),
    # the parser hangs the phrase on an earlier noun, a subset, a second object, a relative clause
    (claims.describes_poll, "The poll was conducted in May on cellphones and landlines among 1,358 dockers.", "1,358",
     True),
    (claims.describes_poll, "The institute polled pilots in May, surveying 1,008 pilots, including 848 captains.",
     "848", True),
    (claims.describes_poll, "The institute surveyed 1,051 pilots in Alder and 1,077 in Brill.", "1,077", True),
    (claims.describes_poll, "The poll collected answers online from 4,060 dockers.", "4,060", True),
    (claims.describes_poll, "They used the crew sample, which consisted of 429 people.", "429", True),
    (claims.describes_poll, "The port collected fees from 4,060 ships.", "4,060", False),
    # a participle after the poll is the poll's doing, and the object's "from" phrase is its reach
    (claims.describes_poll, "The poll was conducted online, gathering responses from 1,114 dockers.", "1,114", True),
    (claims.describes_poll, "The port was closed, gathering fees from 4,060 ships.", "4,060", False),
    (claims.describes_poll, "The vessels, which consisted of 429 trawlers, left at dawn.", "429", False),
    # a study's researchers and the people they followed
    (claims.describes_poll, "The researchers followed 2,110 dockers for a decade.", "2,110", True),
    (claims.describes_poll, "The trial enrolled 1,200 pilots at the harbour clinic.", "1,200", True),
    (claims.describes_poll, "The coastguard followed 40 trawlers into the bay.", "40", False),
    (claims.let_alone, "Dockers can barely pay rent, let alone save $500 a month.", "$500", True),
    (claims.let_alone, "Dockers can barely pay rent, and few save $500 a month.", "$500", False),
    (claims.conditional, "If 40 ships leave, the port will close.", "40", True),
    (claims.conditional, "As 40 ships left, the port closed.", "40", False),
    (claims.addresses_reader, "To rent a berth you'd need $90 a month.", "$90", True),
    (claims.addresses_reader, "To rent a berth dockers need $90 a month.", "$90", False),
    (claims.hypothetical_premise, "A 6% levy would add to the cost of every crossing.", "6%", True),
    (claims.hypothetical_premise, "The 6% levy added to the cost of every crossing.", "6%", False),
    (claims.asks_or_instructs, "Put aside $500 a month for repairs.", "$500", True),
    (claims.asks_or_instructs, "Where is that $40 million supposed to come from?", "$40 million", True),
    (claims.asks_or_instructs, "The port put aside $500 a month for repairs.", "$500", False),
    (claims.works_out, "Send us your last five payslips. That's 10 numbers in all.", "10", True),
    (claims.works_out, "The port sent five payslips. That's 10 numbers in all.", "10", False),
    (claims.whole_as_degree, "The union is 100 percent behind Okafor.", "100 percent", True),
    (claims.whole_as_degree, "Okafor said she was 100% sure of the count.", "100%", True),
    (claims.whole_as_degree, "The trust owns 100% of the port company.", "100%", False),
    (claims.whole_as_degree, "Okafor won 100 percent of the vote in the harbour ward.", "100 percent", False),
    (claims.whole_as_degree, "Okafor earned a 100% rating from the dockers' union.", "100%", False),
]


@pytest.mark.parametrize(("test", "text", "number", "applies"), CASES,
                         ids=[f"{t.__name__}-{'yes' if a else 'no'}-{i}" for i, (t, _x, _n, a) in enumerate(CASES)])
def test_each_claim_test_on_its_own(test, text, number, applies, nlp, lex):
    assert test(case(text, number, nlp, lex)) is applies


def test_every_claim_test_is_tested():
    names = {fn for _r, fn in CLAIM_TESTS}
    assert names == {t for t, *_x, a in CASES if a} == {t for t, *_x, a in CASES if not a}


def test_the_first_test_that_applies_names_the_reason(nlp, lex):
    assert not_a_claim(case("If 40 ships leave, the port will close.", "40", nlp, lex)) == \
        ("inside a condition", "conditional")
    assert not_a_claim(case("The ministry said 40 ships left.", "40", nlp, lex)) is None


def test_a_desk_extends_the_phrases_after_which_nothing_is_done(nlp, lex):
    from attrlint.lexicon import Lexicon

    text = "Dockers can barely pay rent, never mind save $500 a month."
    assert not claims.let_alone(case(text, "$500", nlp, lex))
    wider = Lexicon.from_lists({**lex.lists, "not-done-phrases": lex["not-done-phrases"] | {"never mind"}})
    assert claims.let_alone(case(text, "$500", nlp, wider))
