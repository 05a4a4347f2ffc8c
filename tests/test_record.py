"""Each public-record test of ``record.RECORD_TESTS`` on its own, with the real spaCy parse: the
figure it describes needs no source (policy §2), and a figure in similar words that still
needs one is left to the attribution rules. Then whole drafts: no AT101/AT102 on the record,
``--explain`` says why, and what is not the record is still flagged."""

from __future__ import annotations

import pytest

from attrlint.analysis import record
from attrlint.analysis.record import RECORD_TESTS, public_record
from attrlint.lexicon import Lexicon
from tests.helpers import claim_case as case
from tests.helpers import run_cli

# (test, text, number, applies)
CASES = [
    (record.vote_tally, "The harbour council voted 7-2 to close the north quay.", "7-2", True),
    (record.vote_tally, "The Senate passed the dredging bill 52-48 on Tuesday.", "52-48", True),
    (record.vote_tally, "The court, in a 5-4 ruling, struck down the port levy.", "5-4", True),
    # an election's result is counted by an electoral authority: it needs a source
    (record.vote_tally, "Moreau won the primary 52-48 over Okafor.", "52-48", False),
    # a vote that has not happened is nobody's record
    (record.vote_tally, "The council will vote 7-2 to close the quay, Moreau predicted.", "7-2", False),
    (record.court_outcome, "Okafor was sentenced to 12 years in prison.", "12", True),
    (record.court_outcome, "A jury awarded the dockers $4.5 million in damages.", "$4.5 million", True),
    (record.court_outcome, "The judge fined the operator $50,000.", "$50,000", True),
    (record.court_outcome, "A judge sentenced Okafor to five months' probation.", "five", True),
    # an agency's fine is not a court's judgment
    (record.court_outcome, "The port authority fined the operator $50,000.", "$50,000", False),
    (record.charges_filed, "Okafor was charged with nine counts of fraud.", "nine", True),
    (record.charges_filed, "The harbour master faces 12 charges of bribery.", "12", True),
    # a compiled count of the actor's acts is the reporter's, not a charge sheet
    (record.charges_filed, "The police have carried out 31 raids since March.", "31", False),
    (record.adopted_amount, "The council voted to adopt a $412 million budget.", "$412 million", True),
    (record.adopted_amount, "The Senate approved a $1.1 billion spending bill.", "$1.1 billion", True),
    (record.adopted_amount, "The harbour council voted to pay $5.5 million to the dockers.", "$5.5 million", True),
    # a budget that is only proposed is its sponsors' figure
    (record.adopted_amount, "The mayor proposed a $412 million budget.", "$412 million", False),
    (record.market_data, "The Nordic port index closed at 4,512, up 1.2 percent.", "4,512", True),
    (record.market_data, "Brent crude fell 80 cents to $84.20 a barrel.", "$84.20", True),
    (record.market_data, "Shares of Harbour Lines rose 8 percent in late trading.", "8 percent", True),
    (record.market_data, "The dollar bought 149.30 yen.", "149.30", True),
    # a forecast, and a company's reported result, need a source
    (record.market_data, "The index could reach 5,000 by the end of the year.", "5,000", False),
    (record.market_data, "Harbour Lines reported a profit of $40 million.", "$40 million", False),
    # an index that is not a market's quote ("consumer confidence") needs a source
    (record.market_data, "An index of consumer confidence rose to 98.", "98", False),
    # a vote the story has reported, pointed back at; not in a paragraph about an election
    (record.vote_tally, "The vote was 70-29, with most of the council in support.", "70-29", True),
    (record.vote_tally, "Okafor won the harbour ward in the election. The vote was 540-460.", "540-460", False),
    (record.vote_tally, "A vote was 70-29 somewhere.", "70-29", False),
    # a past tense the tagger reads as a participle is still stated
    (record.market_data, "The yen traded at 148.5 to the dollar on Friday.", "148.5", True),
    (record.market_data, "The yen is expected to trade at 148.5 to the dollar.", "148.5", False),
    # an interest rate a central bank set, and the step it moved it by
    (record.rate_decision, "The Federal Reserve raised its benchmark rate by a quarter point to 5.5 percent.",
     "5.5 percent", True),
    (record.rate_decision, "The central bank cut interest rates by half a percentage point.", "half", True),
    (record.rate_decision, "The Bank of England held its key rate at 4.5 percent on Thursday.", "4.5 percent", True),
    # a forecast move, a record the rate reached, and a rate nobody set need a source
    (record.rate_decision, "The Federal Reserve will raise its benchmark rate to 5.5 percent.", "5.5 percent", False),
    (record.rate_decision, "The central bank raised rates to 5 percent, the highest level in 22 years.", "22", False),
    (record.rate_decision, "Harbour Lines raised its freight rates by 12 percent.", "12 percent", False),
    # a traded commodity's quote, bare or as its prices; not what a country grows of it
    (record.market_data, "Wheat rose 2 percent to $6.12 a bushel in Chicago.", "$6.12", True),
    (record.market_data, "Cocoa prices on the London exchange fell 3 percent on Friday.", "3 percent", True),
    (record.market_data, "Wheat output fell 3 percent last year.", "3 percent", False),
]


@pytest.mark.parametrize(("test", "text", "number", "applies"), CASES,
                         ids=[f"{t.__name__}-{i}" for i, (t, *_r) in enumerate(CASES)])
def test_each_record_test_on_its_own(test, text, number, applies, nlp, lex):
    assert test(case(text, number, nlp, lex)) is applies


def test_every_record_test_is_tested_both_ways():
    names = {(t, a) for t, _x, _n, a in CASES}
    assert {t for _r, t in RECORD_TESTS} == {t for t, a in names if a} == {t for t, a in names if not a}


def test_the_first_test_that_applies_names_the_record(nlp, lex):
    c = case("The council voted 7-2 to adopt a $412 million budget.", "7-2", nlp, lex)
    assert public_record(c) == ("the tally of a vote a named body took", "vote_tally")


def test_the_record_lists_are_the_word_lists(nlp, lex):
    text = "The harbour syndicate voted 7-2 to close the north quay."
    assert record.vote_tally(case(text, "7-2", nlp, lex)) is False
    more = Lexicon.from_lists({**lex.lists, "record-bodies": lex["record-bodies"] | {"syndicate"}})
    assert record.vote_tally(case(text, "7-2", nlp, more)) is True


PRICES = """Markets close higher

Nordic shares rose for a third day on Thursday.

The Nordic port index closed at 4,512, up 1.2 percent. The Oslo benchmark index rose 212 points, or
0.6 percent, to 34,100. Brent crude fell 80 cents to $84.20 a barrel, and the dollar bought 149.30
yen. The yield on the 10-year Lindqvist bond rose to 4.31 percent from 4.25 percent late Wednesday.

Analysts expect the index to reach 5,000 by the end of the year.

Harbour Lines made a profit of $40 million in the quarter.
"""


def test_a_prices_paragraph_needs_no_source_and_explain_says_why(tmp_path):
    path = tmp_path / "markets.txt"
    path.write_text(PRICES, encoding="utf-8")
    r = run_cli(["check", "--explain", "--no-cache", str(path)], cwd=tmp_path)
    lines = r.stdout.splitlines()
    findings = [line for line in lines if ": AT1" in line]
    # only the forecast (a vague source) and the company's result (no source) are findings
    assert [f.split(": ", 1)[1].split(" ")[0] for f in findings] == ["AT102", "AT101"]
    assert all(":9:" in f or ":11:" in f for f in findings), findings
    record_lines = [line for line in lines if " public record — " in line]
    assert len(record_lines) == 11
    assert all("market data as of a quote time (market_data)" in line for line in record_lines)


COURT = """Okafor jailed

The harbour council voted 7-2 on Monday to adopt a $412 million budget.

Okafor was sentenced to 12 years in prison and fined $50,000. He was charged in March with nine
counts of fraud.

The police have carried out 31 raids on the quay since March.

Moreau won the primary with 54 percent of the vote.
"""


def test_outcomes_of_public_acts_need_no_source_but_compiled_counts_and_elections_do(tmp_path):
    path = tmp_path / "court.txt"
    path.write_text(COURT, encoding="utf-8")
    r = run_cli(["check", "--explain", "--no-cache", str(path)], cwd=tmp_path)
    flagged = sorted(line.split('"')[1] for line in r.stdout.splitlines() if ": AT101 " in line)
    assert flagged == ["31", "54 percent"]
    explained = {line.split('"')[1]: line.split(" — ", 1)[1] for line in r.stdout.splitlines()
                 if " public record — " in line}
    assert explained == {
        "7-2": "the tally of a vote a named body took (vote_tally)",
        "$412 million": "the amount of a budget or bill as adopted (adopted_amount)",
        "12": "a court's sentence, fine or award (court_outcome)",
        "$50,000": "a court's sentence, fine or award (court_outcome)",
        "nine": "the charges filed (charges_filed)",
    }
