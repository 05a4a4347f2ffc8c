"""AT301 missing-denial and AT302 no-response on invented drafts, with the real spaCy parse."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from attrlint.analysis.parties import Party, mentions, name_forms, same_party
from attrlint.analysis.pipeline import analyse
from attrlint.engine import build_document
from attrlint.facts import load_facts
from attrlint.rules import denials
from attrlint.rules.registry import RULES, Context, Finding

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def check(lex, nlp, tmp_path_factory):
    """check(draft, facts_text=None) -> [(code, text at the finding, Finding)] for AT301 and AT302."""
    tmp = tmp_path_factory.mktemp("facts")

    def run(source: str, facts: str | None = None, path: str = "draft.md") -> list[tuple[str, str, Finding]]:
        doc = build_document(path, source)
        analyse([doc], nlp, lex)
        fb, facts_path = None, None
        if facts is not None:
            facts_path = tmp / f"f{abs(hash(facts))}.toml"
            facts_path.write_text(facts, encoding="utf-8")
            fb = load_facts(facts_path)
        ctx = Context(doc, fb, lex, "facts.toml" if fb else None)
        out = []
        if fb is not None:
            out += [("AT301", source[f.start:f.end], f) for f in denials.missing_denial(ctx)]
        out += [("AT302", source[f.start:f.end], f) for f in denials.no_response(ctx)]
        return out

    return run


def codes(found) -> list[tuple[str, str]]:
    return [(c, t) for c, t, _ in found]


# --- registry ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "name", "severity", "needs_facts"), [
    ("AT301", "missing-denial", "error", True),
    ("AT302", "no-response", "warning", False),
])
def test_rules_are_registered_and_documented(code, name, severity, needs_facts) -> None:
    r = RULES[code]
    assert (r.name, r.severity.value, r.needs_facts, r.needs_nlp) == (name, severity, needs_facts, True)
    headings = re.findall(r"^## (.+)$", r.doc, flags=re.M)
    assert headings == ["What it does", "Why is this bad?", "Example", "Use instead", "Decisions", "Word lists"]


def test_inflected_response_verbs_get_their_blocks_parsed(lex) -> None:
    """analyze.needs_parse matches five-letter stems: "denied" and "said" must be listed."""
    words = lex["denial-verbs"] | lex["accusation-verbs"] | lex["accusation-passives"]
    stems = {w.split()[0][:5] for w in words}
    for word in ("denied", "said", "told", "replied", "rejected", "declined", "reached", "accused"):
        assert any(word.startswith(s) for s in stems), word


# --- AT301: every response form, present and removed ----------------------------------------------

LANDLORD_FACTS = """
[[source]]
id = "lindgate"
name = "Lindgate Properties"
aliases = ["Lindgate", "the landlord"]

[[source]]
id = "tenants"
name = "Riverside Tenants' Association"
aliases = ["Omar Petrov", "Petrov", "the association"]

[[denial]]
id = "lindgate-mould"
party = "lindgate"
about = ["mould"]
statement = "denied ignoring complaints and said every report of mould was inspected within a week"
"""

ACCUSATION = ("Tenants' leader Omar Petrov accused Lindgate Properties of ignoring mould complaints "
              "in its flats.")
NEUTRAL = "The association will meet again on Thursday."

RESPONSES = {
    "denied": "Lindgate Properties denied the allegations.",
    "denied-short-form": "Lindgate denied ignoring any complaints.",
    "dismissed-as": 'Lindgate dismissed the claims as "baseless".',
    "rejected-alias": "The landlord rejected the accusation.",
    "refuted": "Lindgate Properties refuted the claim in a letter to tenants.",
    "disputed": "Lindgate disputed that account.",
    "declined-to-comment": "Lindgate Properties declined to comment.",
    "has-not-publicly-responded": "Lindgate has not publicly responded.",
    "did-not-respond-to-request": "Lindgate did not respond to a request for comment.",
    "could-not-be-reached": "Lindgate Properties could not be reached for comment.",
    "passive-denied-by": "The accusation was denied by Lindgate.",
    "passive-rejected-by-relative": ("The claims were rejected by Lindgate Properties, which said every "
                                     "complaint had been inspected."),
    "spokesperson-for": "A spokeswoman for Lindgate said the complaints had been dealt with within a week.",
    "not-available": "Lindgate was not available for comment.",
    "no-comment": "Lindgate had no comment.",
    "pronoun-next-sentence": "It denied the claim.",
    "statement-on-topic": "Lindgate said every mould complaint had been inspected.",
    "did-not-return-calls": "Lindgate Properties did not return calls seeking comment.",
    "insisted-nothing-wrong": "Lindgate insisted it had done nothing wrong.",
    "said-claim-noun": "Lindgate has said the allegations are unfounded.",
    "relative-clause": "Lindgate, which has denied wrongdoing, said it would appeal.",
    "messages-not-returned": "Messages left for Lindgate were not returned.",
    "went-unanswered": "Requests for comment sent to Lindgate went unanswered.",
    "yet-to-respond": "Lindgate has yet to respond to the allegations.",
    "no-immediate-comment": "There was no immediate comment from Lindgate.",
    "asked-about": "Asked about the claims, Lindgate said it had always followed the law.",
    "according-to": "According to Lindgate, the complaints were all inspected within a week.",
    "lawyer-apposition": "Jan Berg, Lindgate's lawyer, called the claims \"absurd\".",
}


def _draft(*paragraphs: str) -> str:
    return "# Tenants complain of damp flats\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("form", RESPONSES)
def test_at301_response_present_is_silent(check, form: str) -> None:
    assert codes(check(_draft(ACCUSATION, RESPONSES[form]), LANDLORD_FACTS)) == []


def _by_someone_else(sentence: str) -> str:
    """The same response form, given by the accuser instead of the accused."""
    return re.sub(r"\bLindgate Properties\b|\bLindgate\b|\bThe landlord\b|^It\b", "Petrov", sentence)


def test_at301_response_removed_is_reported(check) -> None:
    found = check(_draft(ACCUSATION, NEUTRAL), LANDLORD_FACTS)
    assert codes(found) == [("AT301", "Lindgate Properties")]


@pytest.mark.parametrize("form", RESPONSES)
def test_at301_same_form_from_another_party_is_reported(check, form: str) -> None:
    other = _by_someone_else(RESPONSES[form])
    assert other != RESPONSES[form]
    assert codes(check(_draft(ACCUSATION, other), LANDLORD_FACTS)) == [("AT301", "Lindgate Properties")]


@pytest.mark.parametrize("other", [
    "Lindgate denied raising rents in 2023.",
    "Lindgate has denied reports that it raised rents in 2023.",
    "Lindgate said it planned to build new homes next year.",
    "The association denied the claims.",
    "Lindgate declined to comment on its quarterly results.",
])
def test_at301_a_response_about_something_else_or_by_someone_else_does_not_count(check, other: str) -> None:
    assert codes(check(_draft(ACCUSATION, other), LANDLORD_FACTS)) == [("AT301", "Lindgate Properties")]


def test_at301_message_quotes_the_record_and_names_the_fact(check) -> None:
    [(code, text, f)] = check(_draft(ACCUSATION), LANDLORD_FACTS)
    assert f.fact == "lindgate-mould"
    assert f.message.startswith("Lindgate Properties' response is on record but not in the draft")
    record = "denied ignoring complaints and said every report of mould was inspected within a week"
    assert f'"{record}"' in f.message
    assert "(facts.toml, denial lindgate-mould)" in f.message
    assert f.suggestion.startswith("add Lindgate Properties' response: it denied ignoring complaints")


def test_at301_not_owed_when_the_draft_never_covers_the_topic(check) -> None:
    draft = _draft("Lindgate Properties said it would build new homes next year.")
    assert check(draft, LANDLORD_FACTS) == []


def test_at301_topic_terms_match_singular_and_plural_whole_words(check) -> None:
    facts = LANDLORD_FACTS.replace('about = ["mould"]', 'about = ["leaking roofs"]')
    found = check(_draft("Tenants said a Leaking Roof had gone unrepaired."), facts)
    assert codes(found) == [("AT301", "Leaking Roof")]
    # "roofing" is another word: the topic is not covered
    assert check(_draft("Tenants said leaking roofing felt had been left unrepaired."), facts) == []


def test_at301_is_placed_on_the_party_in_the_first_sentence_reporting_the_accusation(check) -> None:
    draft = _draft("Damp has been found in several blocks on the estate, the council said.",
                   "Residents accused the landlord, Lindgate Properties, of letting mould spread for months.")
    found = check(draft, LANDLORD_FACTS)
    assert codes(found) == [("AT301", "Lindgate Properties")]
    line = draft[: draft.index("Residents")].count("\n") + 1
    assert draft[: found[0][2].start].count("\n") + 1 == line


def test_at301_without_a_party_mention_sits_on_the_topic_and_names_the_party(check) -> None:
    [(code, text, f)] = check(_draft("Inspectors found mould in several flats, the council said."),
                              LANDLORD_FACTS)
    assert (code, text) == ("AT301", "mould")
    assert "Lindgate Properties" in f.message


def test_at301_mentions_inside_another_sources_name_are_not_the_party(check) -> None:
    facts = LANDLORD_FACTS + '\n[[source]]\nid = "gazette"\nname = "Lindgate Gazette"\n'
    draft = _draft("The Lindgate Gazette reported that mould complaints had gone unanswered for months.",
                   "The landlord did not respond to the mould complaints, tenants said.")
    assert codes(check(draft, facts)) == []  # the second sentence is the landlord's (non-)response
    draft = _draft("The Lindgate Gazette reported that the landlord had ignored mould complaints.")
    assert codes(check(draft, facts)) == [("AT301", "the landlord")]


# --- the seed story's situation (examples/denials-troops.md) ---------------------------------------


def _troops() -> tuple[str, str]:
    draft = (EXAMPLES / "denials-troops.md").read_text(encoding="utf-8")
    facts = (EXAMPLES / "denials-troops.facts.toml").read_text(encoding="utf-8")
    return draft, facts


def _without(draft: str, start: str) -> str:
    return "\n".join(line for line in draft.split("\n") if not line.startswith(start))


def test_seed_situation_is_clean_with_its_fact_file(check) -> None:
    draft, facts = _troops()
    assert check(draft, facts) == []


def test_seed_situation_without_the_kremlin_sentence_owes_only_the_kremlin(check) -> None:
    """Moscow's denial of weapons trading is a denial of something else."""
    draft, facts = _troops()
    found = check(_without(draft, "On Tuesday the Kremlin"), facts)
    assert [(c, f.fact) for c, _, f in found] == [("AT301", "kremlin-denial")]
    assert found[0][2].message.startswith("the Kremlin's response is on record")


def test_seed_situation_without_pyongyangs_silence_owes_only_pyongyang(check) -> None:
    draft, facts = _troops()
    found = check(_without(draft, "So far, Pyongyang"), facts)
    assert [(c, t, f.fact) for c, t, f in found] == [("AT301", "Pyongyang", "pyongyang-silence")]


# --- AT302: accusations and responses without a fact file ------------------------------------------

AT302_ACCUSATION = "Tenants' leader Omar Petrov accused Lindgate Properties of ignoring mould complaints."


@pytest.mark.parametrize("form", RESPONSES)
def test_at302_response_present_is_silent(check, form: str) -> None:
    assert check(_draft(AT302_ACCUSATION, RESPONSES[form])) == []


@pytest.mark.parametrize("form", RESPONSES)
def test_at302_same_form_from_another_party_is_reported(check, form: str) -> None:
    found = check(_draft(AT302_ACCUSATION, _by_someone_else(RESPONSES[form])))
    assert codes(found) == [("AT302", "Lindgate Properties")]


def test_at302_response_removed_is_reported_once_as_a_warning(check) -> None:
    again = "Petrov also accused Lindgate of raising rents unlawfully."
    found = check(_draft(AT302_ACCUSATION, NEUTRAL, again))
    assert codes(found) == [("AT302", "Lindgate Properties")]
    assert RULES["AT302"].severity.value == "warning"
    assert "Lindgate Properties" in found[0][2].message


@pytest.mark.parametrize(("sentence", "accused"), [
    ("Harbour master Ines Calloway blamed Captain Tomas Rieu for the collision.", "Tomas Rieu"),
    ("Residents blamed the flooding on Aldmoor Council, which cut drainage spending.", "Aldmoor Council"),
    ("Deputy mayor Karl Ostrowski is alleged to have awarded a paving contract to his cousin.",
     "Karl Ostrowski"),
    ("The auditor alleged that Brenmoor Water had overcharged households.", "Brenmoor Water"),
    ("The auditor said Brenmoor Water had overcharged households.", "Brenmoor Water"),
    ("Prosecutors charged former finance director Lena Voss with fraud.", "Lena Voss"),
    ("Councillor Joy Abara accused the organiser, Redfern Live, of opening the gates late.",
     "Redfern Live"),
    ("Opposition leader Tomas Vik accused Mayor Edda Lorne of hiding a hole in the transport budget.",
     "Edda Lorne"),
])
def test_at302_accusation_forms(check, sentence: str, accused: str) -> None:
    assert codes(check(_draft(sentence, NEUTRAL))) == [("AT302", accused)]


@pytest.mark.parametrize("sentence", [
    '"They accused Brenmoor Water of overcharging, and they were right," councillor Mia Sands said.',
    "The opposition accused Prime Minister Anna Holm of arrogance.",
    "The opposition accused Prime Minister Anna Holm of being out of touch.",
    "The union did not accuse Brightwell Terminals of breaking the law.",
    "The fishermen accused the council of failing to dredge the harbour.",
    "Calloway accused him of lying to investigators.",
    "Neither Holm nor her ministers have been charged with any crime.",
    "The senator accused Democrats of wasting public money.",
    "Police said Tomas Rieu had been driving too fast.",
    "The union said the port authority could ignore its complaints.",
    # a disease or a storm the parser takes for a name cannot answer
    "Flu has killed 85 children this season, health officials said.",
    "Officials said Cholera had killed 40 people in the camps.",
])
def test_at302_precision_first_no_finding(check, sentence: str) -> None:
    assert check(_draft(sentence, NEUTRAL)) == []


@pytest.mark.parametrize("response", [
    "Rieu said the radio warnings had never reached his bridge.",
    "Rieu's lawyer rejected the accusation.",
    "Jan Berg, Rieu's lawyer, denied the claim.",
    "He denied the claim.",
    "Rieu accused the harbour master of covering up her own mistakes.",
])
def test_at302_aliases_pronouns_representatives_and_counter_accusations(check, response: str) -> None:
    acc = ("Harbour master Ines Calloway blamed Captain Tomas Rieu for the collision, saying he ignored "
           "radio warnings.")
    assert check(_draft(acc, response)) == []


def test_at302_statement_on_another_subject_is_no_response(check) -> None:
    draft = _draft("The drivers' union accused Brightwell Terminals of hiring untrained agency drivers.",
                   "Brightwell Terminals said its new timetable would start in June.")
    assert codes(check(draft)) == [("AT302", "Brightwell Terminals")]


def test_at302_pronoun_belongs_to_the_name_just_before_it(check) -> None:
    draft = _draft("The drivers' union accused Brightwell Terminals of hiring untrained agency drivers.",
                   "Port spokesman Ivo Renn said he could not comment on the dispute.")
    assert codes(check(draft)) == [("AT302", "Brightwell Terminals")]


def test_at302_rebutted_in_the_same_sentence_is_not_left_standing(check) -> None:
    draft = _draft("She says the posts accusing Dana Cole of rigging the raffle are lies.")
    assert check(draft) == []


def test_at302_does_not_duplicate_at301(check) -> None:
    found = check(_draft(ACCUSATION, NEUTRAL), LANDLORD_FACTS)
    assert codes(found) == [("AT301", "Lindgate Properties")]


def test_at302_still_reports_a_party_whose_denial_is_not_owed(check) -> None:
    draft = _draft("Petrov accused Lindgate Properties of overcharging for heating.")
    assert codes(check(draft, LANDLORD_FACTS)) == [("AT302", "Lindgate Properties")]


def test_at302_headline_is_out_of_scope(check) -> None:
    draft = "# Union accuses Brightwell Terminals of hiring agency drivers\n\nTalks resume today.\n"
    assert check(draft) == []


# --- names --------------------------------------------------------------------------------------


def test_name_forms(lex) -> None:
    assert {"Edda Lorne", "Lorne"} <= name_forms("Mayor Edda Lorne", lex)
    assert {"Defence Ministry", "the ministry"} <= name_forms("the Defence Ministry", lex)
    assert {"Brightwell", "Brightwell Terminals"} <= name_forms("Brightwell Terminals", lex)
    assert "CEC" in name_forms("Central Election Commission", lex)
    assert "Central" not in name_forms("Central Election Commission", lex)
    assert name_forms("the operator", lex) == {"the operator"}


def test_same_party_is_asymmetric_about_short_forms(lex) -> None:
    lorne = Party("Edda Lorne", frozenset(name_forms("Edda Lorne", lex)))
    korea = Party("North Korea", frozenset(name_forms("North Korea", lex)))
    assert same_party("Lorne", lorne, lex)
    assert same_party("Mayor Edda Lorne", lorne, lex)
    assert not same_party("South Korea", korea, lex)
    assert not same_party("Karl Lornemann", lorne, lex)


def test_mentions_are_whole_words_and_allow_a_possessive(lex) -> None:
    party = Party("the plant's operator", frozenset(name_forms("the plant's operator", lex)))
    text = "The Plant's Operator said so; the operators did not."
    assert [text[a:b] for a, b in mentions(text, party)] == ["The Plant's Operator"]
    brightwell = Party("Brightwell Terminals", frozenset(name_forms("Brightwell Terminals", lex)))
    text = "Brightwells and brightwell are not Brightwell's."
    assert [text[a:b] for a, b in mentions(text, brightwell)] == ["Brightwell"]


def test_fact_file_aliases_decide_who_speaks(check) -> None:
    """"Marovia's state news agency" is its own source in the fact file, not Marovia."""
    facts = """
[[source]]
id = "marovia"
name = "Marovia"
aliases = ["Marovian government"]

[[source]]
id = "kna"
name = "KNA"
aliases = ["Marovia's state news agency"]

[[denial]]
party = "marovia"
about = ["mines"]
"""
    acc = "Tessaly accused Marovia of laying mines along the river."
    said = "Marovia's state news agency said the mines had been laid decades ago."
    found = check(_draft(acc, said), facts)
    assert [(c, t, f.fact) for c, t, f in found] == [("AT301", "Marovia", "denial-1")]
    assert "mines" in found[0][2].message and "not in the draft" in found[0][2].message
    assert check(_draft(acc, "The Marovian government denied the claim."), facts) == []


# --- fixtures and examples ----------------------------------------------------------------------

FIXTURE_DRAFTS = sorted(p for p in FIXTURES.glob("AT3*") if p.suffix in {".md", ".txt"})


@pytest.mark.parametrize("draft", FIXTURE_DRAFTS, ids=[p.name for p in FIXTURE_DRAFTS])
def test_fixture(check, draft: Path) -> None:
    """``tests/fixtures/AT3*.md`` (with ``.facts.toml`` when present) against ``.json`` beside it:
    a list of {"code", "line", "text"} (the line and the text at the finding)."""
    source = draft.read_text(encoding="utf-8")
    facts_file = draft.with_suffix(".facts.toml")
    facts = facts_file.read_text(encoding="utf-8") if facts_file.exists() else None
    found = [{"code": c, "line": source[: f.start].count("\n") + 1, "text": t}
             for c, t, f in check(source, facts, path=draft.name)]
    expected = json.loads(draft.with_suffix(".json").read_text(encoding="utf-8"))
    assert found == expected


@pytest.mark.parametrize("name", ["denials-troops.md", "denials-market.md"])
def test_denial_examples_are_clean(check, name: str) -> None:
    draft = EXAMPLES / name
    facts = draft.with_suffix(".facts.toml")
    assert check(draft.read_text(encoding="utf-8"),
                 facts.read_text(encoding="utf-8") if facts.exists() else None) == []


def test_market_example_without_the_operators_answer_is_reported(check) -> None:
    draft = (EXAMPLES / "denials-market.md").read_text(encoding="utf-8")
    found = check(_without(draft, "Calder Events rejected"))
    assert codes(found) == [("AT302", "Calder Events")]
