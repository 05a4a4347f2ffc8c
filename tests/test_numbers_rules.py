"""AT201–AT204 on invented drafts, through the real engine (spaCy parse included).

Every rule is tested both ways: the error it exists for, and the look-alikes a copy editor would
leave alone. The seed story (``examples/seed-dprk.*``) must be clean, and each altered copy must
produce exactly the one expected finding.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from attrlint.config import default_settings
from attrlint.engine import Checker, Draft
from attrlint.lexicon import load_lexicon
from attrlint.model import Diagnostic, Severity
from attrlint.rules import RULES

ROOT = Path(__file__).parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = ROOT / "examples"
CODES = {"AT201", "AT202", "AT203", "AT204"}


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(default_settings(ROOT), load_lexicon())


def run(checker: Checker, text: str, tmp_path: Path, facts: str | None = None,
        name: str = "draft.md") -> list[Diagnostic]:
    """The AT2xx diagnostics of a draft (and fact file) written to ``tmp_path``."""
    draft = tmp_path / name
    draft.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    facts_path = None
    if facts is not None:
        facts_path = tmp_path / (draft.stem + ".facts.toml")
        facts_path.write_text(textwrap.dedent(facts).lstrip(), encoding="utf-8")
    [result] = checker.check([Draft(str(draft), draft.read_text(encoding="utf-8"),
                                    str(facts_path) if facts_path else None)])
    return [d for d in result.diagnostics if d.code in CODES]


def span_text(d: Diagnostic, text: str) -> str:
    line = textwrap.dedent(text).lstrip().split("\n")[d.line - 1]
    return line[d.column - 1:d.end_column]


def codes(diags: list[Diagnostic]) -> list[str]:
    return [d.code for d in diags]


# --- registry ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "name", "needs_facts"), [
    ("AT201", "inconsistent-figure", False),
    ("AT202", "broken-relation", False),
    ("AT203", "fact-mismatch", True),
    ("AT204", "misattributed-figure", True),
])
def test_rules_are_registered(code: str, name: str, needs_facts: bool) -> None:
    r = RULES[code]
    assert (r.name, r.severity, r.needs_facts) == (name, Severity.ERROR, needs_facts)
    for section in ("## Decisions", "## Example", "## What it does", "## Use instead", "## Why is this bad?"):
        assert section in r.doc


# --- AT201 inconsistent-figure -------------------------------------------------------------------

INCONSISTENT = """
    # Storm floods Tarnby

    TARNBY, Jan. 9 — The county council said 1,250 homes had been flooded in the storm.

    Rescue crews worked through the night. The council said the 1,600 homes flooded in the storm
    would need new wiring.
    """


def test_same_source_same_quantity_two_values(checker: Checker, tmp_path: Path) -> None:
    diags = run(checker, INCONSISTENT, tmp_path)
    assert codes(diags) == ["AT201"]
    d = diags[0]
    assert (d.line, span_text(d, INCONSISTENT)) == (5, "1,600")
    assert "1,250" in d.message and "line 3" in d.message and "the county council" in d.message
    line3 = textwrap.dedent(INCONSISTENT).lstrip().split("\n")[2]
    assert [(r.line, r.column) for r in d.related] == [(3, line3.index("1,250") + 1)]


@pytest.mark.parametrize("later", [
    # a different source giving its own number is news
    "The fire service said 1,600 homes had been flooded in the storm.",
    # another quantity from the same source: a part, another event, a subgroup, another year
    "The council said 300 of the homes had been flooded twice.",
    "The council said 1,600 homes had lost power in the storm.",
    "The council said 1,600 older homes had been flooded in the storm.",
    "The council said 1,600 homes had been flooded in 2019, when the river last broke its banks.",
    # an update is not a contradiction
    "The council later said the number of homes flooded in the storm had risen to 1,600.",
    # the same figure, rounded
    "The council said about 1,300 homes had been flooded in the storm.",
    "The council said more than 1,200 homes had been flooded in the storm.",
])
def test_inconsistent_figure_stays_silent(checker: Checker, tmp_path: Path, later: str) -> None:
    text = f"""
    The county council said 1,250 homes had been flooded in the storm.

    {later}
    """
    assert run(checker, text, tmp_path) == []


@pytest.mark.parametrize("sep", [" ", "\n\n    "])
def test_a_subset_by_manner_is_another_quantity(checker: Checker, tmp_path: Path, sep: str) -> None:
    text = f"""
    The commission said 3.2 million people voted in the election.{sep}It said 120,000 people voted by post.
    """
    assert run(checker, text, tmp_path) == []


def test_figures_in_one_paragraph_are_never_compared(checker: Checker, tmp_path: Path) -> None:
    text = """
    The council said 1,250 homes had been flooded in the storm. It said 1,600 homes had been
    flooded in the storm.
    """
    assert run(checker, text, tmp_path) == []


def test_figures_in_one_sentence_are_never_compared(checker: Checker, tmp_path: Path) -> None:
    text = """
    The council said 1,250 homes had been flooded on Monday and 1,600 homes had been flooded on Tuesday.
    """
    assert run(checker, text, tmp_path) == []


def test_pronoun_resolves_to_the_nearest_named_source(checker: Checker, tmp_path: Path) -> None:
    text = """
    Fire chief Maren Holt said 42 people were injured in the blast.

    Crews searched the site overnight. She said 48 people were injured in the blast.
    """
    diags = run(checker, text, tmp_path)
    assert codes(diags) == ["AT201"]
    assert "Fire chief Maren Holt" in diags[0].message


@pytest.mark.parametrize("between", ["Mayor Ida Brenn visited the site.", "The mayor visited the site."])
def test_a_person_named_in_between_takes_the_pronoun(checker: Checker, tmp_path: Path, between: str) -> None:
    text = f"""
    Fire chief Maren Holt said 42 people were injured in the blast.

    {between} She said 48 people were injured in the blast.
    """
    assert run(checker, text, tmp_path) == []


# --- AT202 broken-relation -----------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "flagged"), [
    ("The office said 6,100 claims were filed this year, twice the 4,300 filed last year.", "twice"),
    ("The office said 8,600 claims were filed this year, twice the 4,300 filed last year.", None),
    ("The office said 8,400 claims were filed this year, nearly double the 4,300 filed last year.", None),
    ("The office said claims doubled from 4,300 last year to 6,100 this year.", "doubled"),
    ("The office said claims doubled from 4,300 last year to 8,600 this year.", None),
    ("The office said claims tripled to 12% from 4% in 2022.", None),
    ("The office said claims tripled to 12% from 5% in 2022.", "tripled"),
    ("The office said claims rose to 148.6 from 142.9, an increase of 4.0%.", None),
    ("The office said claims rose to 148.6 from 142.9, an increase of 6.0%.", "6.0%"),
    ("The office said claims fell 25% to 300 from 400.", None),
    ("The office said claims fell 20% to 300 from 400.", "20%"),
    ("The office said the levy climbed to 7.2 million euros, up from 5.9 million the year before.", None),
    ("The office said the levy climbed to 4.8 million euros, up from 5.9 million the year before.",
     "5.9 million"),
    ("The office said it spent 412 million euros on care, 198 million on schools and 87 million on "
     "roads, a total of 697 million.", None),
    ("The office said it spent 412 million euros on care, 198 million on schools and 87 million on "
     "roads, a total of 650 million.", "650 million"),
    ("The office said 2.41 million of the region's 3.05 million voters took part.", None),
    ("The office said 3.41 million of the region's 3.05 million voters took part.", "3.41 million"),
    ("The office said 640 claims were open, half the 1,280 it had in 2020.", None),
    ("The office said 640 claims were open, half the 1,680 it had in 2020.", "half"),
    # nothing to compare with: say nothing
    ("The office said claims were nearly double the number last year.", None),
    ("The office said its inspectors had visited the site 11 times since May.", None),
])
def test_relations(checker: Checker, tmp_path: Path, sentence: str, flagged: str | None) -> None:
    diags = run(checker, sentence, tmp_path)
    if flagged is None:
        assert diags == []
    else:
        assert codes(diags) == ["AT202"]
        assert span_text(diags[0], sentence) == flagged


def test_back_reference_compares_the_sentence_before(checker: Checker, tmp_path: Path) -> None:
    good = "The agency said 3,000 troops had crossed. That estimate is twice the 1,500 it gave in May."
    bad = "The agency said 3,000 troops had crossed. That estimate is twice the 1,900 it gave in May."
    assert run(checker, good, tmp_path) == []
    diags = run(checker, bad, tmp_path)
    assert codes(diags) == ["AT202"]
    assert "3,000" in diags[0].message and "1,900" in diags[0].message


@pytest.mark.parametrize(("earlier", "flagged"), [
    ("some 1,500", False),
    ("some 2,000", True),     # 3,000 is 1.5 times it
    ("about 1,400", False),   # "about" carries 10%: 1,260-1,540
])
@pytest.mark.parametrize("named_by", ["the figure the coastguard gave on Friday",
                                      "the previous estimate cited by Harwick officials"])
def test_twice_the_figure_a_named_report_gave(checker: Checker, tmp_path: Path, earlier: str, flagged: bool,
                                              named_by: str) -> None:
    """The report the comparison names may come later in the text, as wire copy tells it: found by
    its source's name or by the day it was given."""
    text = (f"The harbour board said 3,000 boats had been laid up. That count is twice {named_by}.\n\n"
            f"Harwick's coastguard said on Friday that {earlier} boats were idle in the estuary.\n")
    diags = run(checker, text, tmp_path)
    if not flagged:
        assert [d for d in diags if d.code == "AT202"] == []
    else:
        (d,) = [d for d in diags if d.code == "AT202"]
        assert span_text(d, text) == "twice"
        assert "3,000 is 1.50 times some 2,000 (line 3)" in d.message


def test_a_named_report_with_two_candidates_is_not_guessed(checker: Checker, tmp_path: Path) -> None:
    text = ("The harbour board said 3,000 boats had been laid up. That count is twice the figure "
            "given on Friday.\n\nThe coastguard said on Friday that 2,000 boats were idle. The pilots' "
            "union said on Friday that 900 boats were idle.\n")
    assert [d for d in run(checker, text, tmp_path) if d.code == "AT202"] == []


def test_total_with_parts_in_the_next_sentence(checker: Checker, tmp_path: Path) -> None:
    text = ("The survey counted a total of 1,000 schools. It found 310 had improved, 500 held steady "
            "and 228 declined.")
    diags = run(checker, text, tmp_path)
    assert codes(diags) == ["AT202"]
    assert span_text(diags[0], text) == "1,000"
    assert "1,038" in diags[0].message


# --- AT203 fact-mismatch / AT204 misattributed-figure -------------------------------------------

FACTS = """
    [story]
    date = 2027-05-10

    [[source]]
    id = "water"
    name = "Veldmark Water Agency"
    aliases = ["the water agency", "the agency", "Pia Lund", "Lund"]

    [[source]]
    id = "farmers"
    name = "Farmers' Union"
    aliases = ["the farmers' union", "the union"]

    [[source]]
    id = "council"
    name = "Veldmark Council"
    aliases = ["the council"]

    [[fact]]
    id = "evacuated"
    value = 4200
    unit = "residents"
    source = "water"
    about = ["evacuated"]

    [[fact]]
    id = "flooded"
    value = 3100
    unit = "hectares"
    source = "farmers"

    [[fact]]
    id = "members"
    value = 1840
    unit = "members"
    source = "farmers"
    about = ["ballot"]

    [[fact]]
    id = "pumps"
    value = 120
    unit = "pumps"
    source = "water"
    approx = true
    """


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The water agency said 4,200 residents had been evacuated.", None),
    ("The water agency said 4,700 residents had been evacuated.", "4,700"),
    ("About 4,700 residents had been evacuated, the water agency said.", "4,700"),
    ("Some 4,000 residents have been evacuated.", None),                     # rounding of 4,200
    ("Some 5,000 residents have been evacuated.", "5,000"),                  # an uncredited figure too
    ("More than 4,000 residents had been evacuated, the agency said.", None),  # a bound that holds
    ("The council said 4,700 residents had been evacuated.", None),          # another source's number
    ("The agency said 900 residents had returned home.", None),              # not the fact's quantity
    ("The agency said 4,700 residents had been evacuated in 2019.", None),   # another year
    ("The agency said 115 pumps were running.", None),                       # the fact is rounded: 10%
    ("The agency said 100 pumps were running.", "100"),                      # … but not 17% off
    ("The agency said 180 pumps were running.", "180"),
    ("The farmers' union said 3,400 hectares were under water.", "3,400"),
])
def test_fact_mismatch(checker: Checker, tmp_path: Path, sentence: str, expected: str | None) -> None:
    diags = [d for d in run(checker, sentence, tmp_path, FACTS) if d.code == "AT203"]
    if expected is None:
        assert diags == []
    else:
        assert len(diags) == 1 and span_text(diags[0], sentence) == expected
        assert diags[0].fact in {"evacuated", "flooded", "pumps"}
        assert "draft.facts.toml" in diags[0].message and " has " in diags[0].message


def test_fact_mismatch_message_names_both_values_and_the_source(checker: Checker, tmp_path: Path) -> None:
    [d] = run(checker, "The water agency said 4,700 residents had been evacuated.", tmp_path, FACTS)
    assert d.message.startswith('"4,700 residents" — ')
    assert "(evacuated) has 4,200 residents, from Veldmark Water Agency" in d.message
    assert d.suggestion and "4,200 residents" in d.suggestion


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The council said 4,200 residents had been evacuated.", "4,200"),
    ("The union said 120 pumps were running.", "120"),
    ("The water agency said 4,200 residents had been evacuated.", None),        # the right source
    ("The council said 4,200 residents had been evacuated, as the water agency reported.", None),
    ("Mayor Ola Berg said 4,200 residents had been evacuated.", "4,200"),      # unknown to the file
    ("Officials said 4,200 residents had been evacuated.", None),              # a role, not a name
    ("The council said more than 4,000 residents had been evacuated.", None),  # no value of its own
    ("The council said 4,200 residents had gone to the polls.", None),         # no about word
    ("The council said 1,840 members had signed up.", "1,840"),               # … but a rare value
    ("The council said 4,200 residents had been evacuated.\n\nThe water agency said 4,200 residents "
     "had been evacuated.", None),                                           # both sources give it
])
def test_misattributed_figure(checker: Checker, tmp_path: Path, sentence: str, expected: str | None) -> None:
    diags = [d for d in run(checker, sentence, tmp_path, FACTS) if d.code == "AT204"]
    if expected is None:
        assert diags == []
    else:
        assert len(diags) == 1 and span_text(diags[0], sentence) == expected
        assert diags[0].suggestion and diags[0].suggestion.startswith("credit ")


def test_fact_rules_need_a_fact_file(checker: Checker, tmp_path: Path) -> None:
    assert run(checker, "The council said 4,200 residents had been evacuated.", tmp_path) == []


# --- the seed story ------------------------------------------------------------------------------

SEED = (EXAMPLES / "seed-dprk.md").read_text(encoding="utf-8")
SEED_FACTS = (EXAMPLES / "seed-dprk.facts.toml").read_text(encoding="utf-8")


def altered(old: str, new: str) -> str:
    assert old in SEED, old
    return SEED.replace(old, new)


def test_seed_story_is_clean(checker: Checker, tmp_path: Path) -> None:
    assert run(checker, SEED, tmp_path, SEED_FACTS) == []


def test_seed_changed_figure(checker: Checker, tmp_path: Path) -> None:
    text = altered("roughly 10,000 soldiers", "roughly 20,000 soldiers")
    diags = run(checker, text, tmp_path, SEED_FACTS)
    assert codes(diags) == ["AT203"]
    assert diags[0].fact == "pledged-total" and "20,000" in diags[0].message


def test_seed_swapped_source(checker: Checker, tmp_path: Path) -> None:
    text = altered("South Korean lawmakers told reporters on Wednesday after a closed-door intelligence "
                   "briefing", "U.S. Defense Secretary Lloyd Austin told reporters on Wednesday")
    diags = run(checker, text, tmp_path, SEED_FACTS)
    assert codes(diags) == ["AT204"]
    assert diags[0].fact == "lawmakers-troops" and "South Korean lawmakers" in diags[0].suggestion


def test_seed_second_contradictory_figure(checker: Checker, tmp_path: Path) -> None:
    text = SEED + ("\nThe lawmakers said the 3,600 troops shipped to Russia were being spread across "
                   "training camps.\n")
    diags = run(checker, text, tmp_path)
    assert codes(diags) == ["AT201"]
    assert "3,000" in diags[0].message and "line 3" in diags[0].message


def test_seed_wrong_twice(checker: Checker, tmp_path: Path) -> None:
    text = altered("That count is twice the 1,500", "That count is three times the 1,500")
    diags = run(checker, text, tmp_path, SEED_FACTS)
    assert codes(diags) == ["AT202"]
    assert span_text(diags[0], text) == "three times"


# --- fixtures ------------------------------------------------------------------------------------

@pytest.mark.parametrize("draft", sorted(FIXTURES.glob("AT2*.md")), ids=lambda p: p.stem)
def test_fixture(checker: Checker, draft: Path) -> None:
    """Each fixture's AT2xx findings are exactly those listed in the JSON beside it."""
    facts = draft.with_suffix(".facts.toml")
    source = draft.read_text(encoding="utf-8")
    [result] = checker.check([Draft(str(draft), source, str(facts) if facts.exists() else None)])
    lines = source.split("\n")
    got = [{"code": d.code, "line": d.line, "text": lines[d.line - 1][d.column - 1:d.end_column]}
           for d in result.diagnostics if d.code in CODES]
    expected = json.loads(draft.with_suffix(".json").read_text(encoding="utf-8"))
    assert got == expected


# --- hostile input ------------------------------------------------------------------------------

def test_a_tiny_approximation_against_a_fact_is_no_traceback(checker: Checker, tmp_path: Path) -> None:
    facts = """
        [[source]]
        id = "army"
        name = "The army"

        [[fact]]
        id = "troops"
        value = 1500
        unit = "troops"
        source = "army"
        """
    diags = run(checker, "The army said about 0.00000000000000000000000001 troops came.\n", tmp_path, facts)
    assert all(d.code in CODES for d in diags)
    huge = facts.replace("value = 1500", "value = 1e30")
    found = run(checker, "The army said about 1,500 troops came.\n", tmp_path, huge, name="huge.md")
    assert [d.code for d in found] == ["AT203"]


def test_a_sentence_of_thousands_of_figures_is_read_whole(checker: Checker, tmp_path: Path) -> None:
    figures = ", ".join(f"{n} boats" for n in range(1000, 2200))
    diags = run(checker, f"The coastguard said it counted {figures}.\n", tmp_path)
    assert diags == []  # one sentence: its figures are never compared with each other
