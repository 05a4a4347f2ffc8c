"""AT401 inconsistent-name and AT402 mixed-script on invented drafts (no NLP needed)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from attrlint import lexicon
from attrlint.lexicon import Lexicon, builtin_lists, load_lexicon
from attrlint.model import Block, BlockKind, Document, Segment
from attrlint.rules import hygiene
from attrlint.rules.registry import RULES, Context, Finding

# --- helpers ----------------------------------------------------------------------------------


def make_doc(source: str, kinds: dict[int, BlockKind] | None = None) -> Document:
    """One block per blank-line paragraph; "# " opens a headline. ``kinds`` overrides by index."""
    blocks = []
    for i, m in enumerate(re.finditer(r"(?:[^\n]|\n(?!\n))+", source)):
        start, text = m.start(), m.group()
        kind = BlockKind.PARAGRAPH
        if text.startswith("# "):
            kind, start, text = BlockKind.HEADLINE, start + 2, text[2:]
        kind = (kinds or {}).get(i, kind)
        blocks.append(Block(kind, text.replace("\n", " "), [Segment(0, start, len(text))], i))
    return Document("draft.md", source, blocks, markdown=True)


def run(check, source: str, lexicon: Lexicon | None = None, **kw) -> list[Finding]:
    doc = make_doc(source, **kw)
    return list(check(Context(doc, None, lexicon or Lexicon())))


def names(source: str, **kw) -> list[Finding]:
    return run(hygiene.inconsistent_name, source, **kw)


def scripts(source: str, **kw) -> list[Finding]:
    return run(hygiene.mixed_script, source, **kw)


def spans(source: str, findings: list[Finding]) -> list[str]:
    return [source[f.start:f.end] for f in findings]


# --- registry and data ------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "name", "severity"), [
    ("AT401", "inconsistent-name", "warning"),
    ("AT402", "mixed-script", "error"),
])
def test_rules_are_registered_without_nlp_and_documented(code: str, name: str, severity: str) -> None:
    r = RULES[code]
    assert (r.name, r.severity.value, r.needs_nlp) == (name, severity, False)
    headings = re.findall(r"^## (.+)$", r.doc, flags=re.M)
    assert headings == ["What it does", "Why is this bad?", "Example", "Use instead", "Word lists"]


def test_data_file_loads_and_stays_a_valid_lexicon_file() -> None:
    lists = builtin_lists(hygiene.DATA_FILE)
    assert {"name-common-words", "name-suffixes", "name-established", "name-context-words"} <= set(lists)
    assert "С C" in builtin_lists(hygiene.LOOKALIKES_FILE)["script-lookalikes"]
    assert "there" in lists["name-common-words"] and "march" in lists["name-common-words"]
    # The shared lexicon loader reads every file of rules/: ours must not break it.
    lex = load_lexicon()
    assert "these" in lex["name-common-words"] and "colombia" in lex["name-established"]


def test_lookalike_table_works_both_ways() -> None:
    table = hygiene.lookalikes()
    assert table.twin("С", "CYRILLIC", "LATIN") == "C"
    assert table.twin("a", "LATIN", "CYRILLIC") == "а"
    assert table.twin("ο", "GREEK", "CYRILLIC") == "о"
    assert table.twin("ж", "CYRILLIC", "LATIN") is None


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("Marchetti", "Marcheti", 1), ("Kowalski", "Kowalksi", 1), ("Halvorsen", "Halvorson", 1),
    ("Vandenbroucke", "Vandenbrukce", 2), ("Austin", "Austria", 2), ("Kim", "Kimball", 3),
])
def test_damerau_levenshtein_counts_a_swap_as_one_edit(a: str, b: str, expected: int) -> None:
    # Past the limit (2) the distance is reported as limit + 1.
    assert hygiene.damerau_levenshtein(a, b, 2) == expected


# --- AT401 inconsistent-name: reported ----------------------------------------------------------


def test_later_spelling_is_reported_with_the_earlier_as_suggestion() -> None:
    src = ("# Appeal rejected\n\n"
           "Presiding judge Ilse Marchetti said the appeal had no merit.\n\n"
           "The company has 30 days to pay.\n\n"
           "Marcheti ordered the company to pay costs.\n")
    found = names(src)
    assert spans(src, found) == ["Marcheti"]
    f = found[0]
    assert f.message == '"Marcheti" (line 7) is spelled "Marchetti" on line 3 — use one spelling'
    assert f.suggestion == "Marchetti"
    assert f.related and src[f.related[0][0]:].startswith("Marchetti said")
    # The related place is the other spelling itself, a span, so editors can underline it.
    start, end, _ = f.related[0]
    assert src[start:end] == "Marchetti"


def test_swapped_letters_are_a_slip() -> None:
    src = ("Deputy Bronisław Wiśniewski backed the bill.\n\n"
           "Wiśniewksi said the exemption covered 80,000 people.\n")
    assert spans(src, names(src)) == ["Wiśniewksi"]


def test_the_rarer_spelling_is_the_one_to_change_even_when_it_comes_first() -> None:
    src = ("Coach Dario Brancatto named his squad on Monday.\n\n"
           "Brancato said two players were injured. Brancato added that the club was calm.\n\n"
           "Asked about his future, Brancato smiled.\n")
    found = names(src)
    assert spans(src, found) == ["Brancatto"]
    assert found[0].suggestion == "Brancato"
    assert "(3 times in all)" in found[0].message and "(line 1)" in found[0].message


def test_transliteration_endings_are_slips() -> None:
    src = ("President Andriy Voloshynskyy spoke to parliament.\n\n"
           "Voloshynskiy called on allies to act. Later Voloshynsky thanked them.\n")
    found = names(src)
    assert spans(src, found) == ["Voloshynskiy", "Voloshynsky"]
    assert {f.suggestion for f in found} == {"Voloshynskyy"}


def test_i_for_y_at_the_end_is_a_slip_not_an_ending() -> None:
    src = "Mayor Ivan Marensky opened the bridge.\n\nOn Friday Marenski closed it again.\n"
    assert spans(src, names(src)) == ["Marenski"]


def test_long_names_allow_two_slips_short_ones_one() -> None:
    long_src = ("Economist Pieter Vandenbroucke presented the forecast.\n\n"
                "Vandenbrukce said growth would slow.\n")
    assert spans(long_src, names(long_src)) == ["Vandenbrukce"]
    short_src = ("Economist Pieter Haverkamp presented the forecast.\n\n"
                 "Hovercamp said growth would slow.\n")
    assert names(short_src) == []


def test_names_in_headings_and_captions_are_read() -> None:
    src = "# Marchetti rejects appeal\n\nJudge Ilse Marcheti said the appeal had no merit.\n"
    assert spans(src, names(src)) == ["Marcheti"]


def test_each_pair_is_reported_once() -> None:
    src = ("Judge Ilse Marchetti sat alone. Marchetti was brief.\n\n"
           "Marcheti said the case was closed. Marcheti then left.\n")
    assert spans(src, names(src)) == ["Marcheti"]


def test_five_letter_names_only_count_swapped_letters() -> None:
    swapped = "Minister Anna Kalon spoke first.\n\nKlaon said the budget was fair.\n"
    assert spans(swapped, names(swapped)) == ["Klaon"]
    changed = "Minister Anna Kalon spoke first.\n\nKalan said the budget was fair.\n"
    assert names(changed) == []


# --- AT401 inconsistent-name: not reported ------------------------------------------------------


@pytest.mark.parametrize("src", [
    # a short name inside a longer one
    "Kim Jong Un met the envoy. Later Kim spoke to Senator Ruth Kimball about it.\n",
    # countries, peoples and their adjectives
    "Troops from Korea joined the drill. A Korean officer said Korea would stay.\n",
    "Russia denied it. Russian officials said the Russians had left.\n",
    "Vesnia accused Koltar of moving guns. One Koltari guard was hurt, Vesnian officials said.\n",
    "Voters in Texas went early. One Texan in four had voted, and Germany and the Germans watched.\n",
    "Tessaly closed its border after two Tessals were detained in Marovia.\n",
    # a name and a place that share letters
    "Mayor Dana Austin flew to Vienna. Austria welcomed Austin warmly.\n",
    # a common word and a name
    "The brewer Ellis Smith spoke first. The designer Orla Smyth spoke next.\n",
    # capitalised ordinary words
    "There is a plan. These are the costs. Then the vote. When it ends, March begins. Match day.\n",
    # plurals and possessives of one name
    "Judge Ilse Marchetti ruled. Marchetti's ruling stands, and the Marchettis were pleased.\n",
    # acronyms
    "The NIS said one thing and the NIA another. NATOS is not NATO, and UNICEF is not UNICEFS.\n",
    # two people, each written with a first name
    "Senator Mira Halvorsen voted yes. Representative Tomas Halvorson voted no.\n",
    # two established place names
    "Talks in Colombia ended. A Columbia University expert said the talks were useful.\n",
    # a combining form is not a name
    "A Franco-German plan was tabled. France said the plan was fair.\n",
    # typographic apostrophes are one spelling
    "Officer Sean O’Neill arrived. O'Neill said the road was closed.\n",
    # capitals and apostrophes copied from a source's own style are not spelling
    "The fact-checker PolitiFact rated it false. One post called Politi'fact biased.\n",
])
def test_legitimately_different_words_are_not_reported(src: str) -> None:
    assert names(src) == []


def test_spellings_that_only_open_sentences_are_compared_when_long_enough() -> None:
    # Surnames open news sentences all the time: two openers one slip apart are one name.
    src = "Delmont said yes.\n\nDemlont said no.\n"
    assert spans(src, names(src)) == ["Demlont"]
    # Short openers say too little: "Voss" and "Vos" could be two people.
    assert names("Voss said yes.\n\nVos said no.\n") == []
    # Once one of them stands inside a sentence it is a name.
    src2 = "Officials met Delmont on Monday.\n\nDemlont said no.\n"
    assert spans(src2, names(src2)) == ["Demlont"]


def test_a_word_the_draft_also_writes_in_lower_case_is_not_a_name() -> None:
    src = "Officials from Valtero came. Valtera is a town, but valtera is also a local cheese.\n"
    assert names(src) == []


def test_composed_and_decomposed_accents_are_one_spelling() -> None:
    composed = "Mayor Renée Ardélian spoke."
    decomposed = unicodedata.normalize("NFD", "Ardélian") + " said the budget was fair."
    assert names(f"{composed}\n\n{decomposed}\n") == []


def test_code_front_matter_and_html_are_not_read() -> None:
    src = "Judge Ilse Marchetti ruled.\n\nMarcheti = 1\n\nSomething else.\n"
    assert spans(src, names(src)) == ["Marcheti"]
    for kind in (BlockKind.CODE, BlockKind.FRONT_MATTER, BlockKind.HTML):
        assert names(src, kinds={1: kind}) == []


def test_the_run_lexicon_replaces_the_built_in_common_words() -> None:
    src = "Judge Ilse Marchetti ruled.\n\nMarcheti said the case was closed.\n"
    lex = Lexicon.from_lists({"name-common-words": frozenset({"marcheti"})})
    assert names(src, lexicon=lex) == []


# --- AT402 mixed-script: reported ---------------------------------------------------------------


def test_a_cyrillic_capital_in_a_latin_word() -> None:
    src = "Workers at the \u0421restwood plant walked out on Friday.\n"
    found = scripts(src)
    assert spans(src, found) == ["\u0421restwood"]
    assert found[0].message == ('"\u0421restwood" mixes scripts: "\u0421" is Cyrillic (U+0421), '
                                "not the Latin letter it looks like")
    assert found[0].suggestion == 'write "Crestwood" with Latin letters only'


def test_a_lower_case_look_alike_inside_a_word() -> None:
    src = "The union rejected the compr\u043emise late on Tuesday.\n"
    found = scripts(src)
    assert spans(src, found) == ["compr\u043emise"]
    assert found[0].suggestion == 'write "compromise" with Latin letters only'


def test_several_look_alikes_are_named_once_each() -> None:
    src = "The r\u0435f\u0435r\u0435ndum m\u03bftion passed.\n"
    found = scripts(src)
    assert spans(src, found) == ["r\u0435f\u0435r\u0435ndum", "m\u03bftion"]
    assert found[0].message.count("U+0435") == 1
    assert "Greek (U+03BF)" in found[1].message


def test_two_different_odd_letters_use_the_plural() -> None:
    src = "The c\u043err\u0456dor was closed.\n"
    found = scripts(src)
    assert [f.message for f in found] == [
        '"c\u043err\u0456dor" mixes scripts: "\u043e" is Cyrillic (U+043E) and "\u0456" is Cyrillic '
        "(U+0456), not the Latin letters they look like"]
    assert found[0].suggestion == 'write "corridor" with Latin letters only'


def test_the_main_script_is_the_one_with_most_letters() -> None:
    # Four Cyrillic letters against three Latin ones: the word is taken for Cyrillic.
    src = "The \u0441\u043e\u0440\u0438dor was closed.\n"
    found = scripts(src)
    assert '"d" is Latin (U+0064), "o" is Latin (U+006F) and "r" is Latin (U+0072)' in found[0].message
    assert found[0].message.endswith("inside a Cyrillic word")


def test_a_latin_letter_in_a_cyrillic_word_suggests_the_cyrillic_word() -> None:
    src = "The banner read \u00ab\u041c\u043e\u0441\u043a\u0432a\u00bb.\n"
    found = scripts(src)
    assert found[0].message.endswith('"a" is Latin (U+0061), not the Cyrillic letter it looks like')
    assert found[0].suggestion == 'write "\u041c\u043e\u0441\u043a\u0432\u0430" with Cyrillic letters only'


def test_an_odd_letter_without_a_twin_asks_for_a_retype() -> None:
    src = "Flights to Mos\u0436ow resumed.\n"
    found = scripts(src)
    assert found[0].message == ('"Mos\u0436ow" mixes scripts: "\u0436" is Cyrillic (U+0436) '
                                "inside a Latin word")
    assert found[0].suggestion == "retype the word in Latin letters only"


def test_a_look_alike_part_of_a_hyphenated_word() -> None:
    src = "She needed an \u0425-ray after the fall.\n"
    assert spans(src, scripts(src)) == ["\u0425-ray"]


def test_headings_and_captions_are_read_and_offsets_follow_segments() -> None:
    # The block text drops "**" markers: "Crestwood" sits two characters later in the source.
    source = "A **\u0421restwood** plant.\n"
    text = "A \u0421restwood plant."
    block = Block(BlockKind.CAPTION, text, [Segment(0, 0, 2), Segment(2, 4, 9), Segment(11, 15, 7)], 0)
    doc = Document("d.md", source, [block], markdown=True)
    found = list(hygiene.mixed_script(Context(doc, None, Lexicon())))
    assert [source[f.start:f.end] for f in found] == ["\u0421restwood"]


# --- AT402 mixed-script: not reported -----------------------------------------------------------


@pytest.mark.parametrize("src", [
    # Whole words in one script (typed in full here: none of them mixes scripts).
    "A sign read «Москва — столица».\n",
    "The Greek word Αθήνα was painted on the wall.\n",
    "The slogan Трамп-Trump was everywhere.\n",
    "Particles smaller than 2.5 \u03bcm and a 10 k\u03a9 resistor.\n",
    "Sørensen and the naïve Zoë met in Łódź.\n",
    unicodedata.normalize("NFD", "Café Renée opened.\n"),
])
def test_words_in_one_script_are_not_reported(src: str) -> None:
    assert scripts(src) == []


def test_code_blocks_are_not_checked_for_scripts() -> None:
    src = "x = \u0421restwood\n"
    assert len(scripts(src)) == 1
    assert scripts(src, kinds={0: BlockKind.CODE}) == []


def test_loader_falls_back_to_the_source_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(lexicon.resources, "files", not_installed)
    lexicon._builtin_files.cache_clear()
    builtin_lists.cache_clear()
    try:
        assert "there" in builtin_lists(hygiene.DATA_FILE)["name-common-words"]
    finally:
        lexicon._builtin_files.cache_clear()
        builtin_lists.cache_clear()


def test_a_lexicon_list_may_be_one_string_with_an_entry_per_line(tmp_path) -> None:
    extra = tmp_path / "desk.toml"
    extra.write_text("name-common-words = '''\n  Brightwater\n\nHarbourside\n'''\n"
                     "remove-name-common-words = ['march']\n", encoding="utf-8")
    lex = load_lexicon([str(extra)])
    assert {"brightwater", "harbourside"} <= lex["name-common-words"]
    assert "" not in lex["name-common-words"] and "march" not in lex["name-common-words"]
    assert "there" in lex["name-common-words"]  # the built-in lines are still read


def test_a_lexicon_entry_of_the_wrong_type_is_a_one_line_error(tmp_path) -> None:
    from attrlint.lexicon import LexiconError

    bad = tmp_path / "bad.toml"
    bad.write_text("name-common-words = 3\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad.toml: 'name-common-words' must be a list of strings"):
        load_lexicon([str(bad)])


def test_a_lexicon_file_with_broken_toml_names_its_line(tmp_path) -> None:
    from attrlint.lexicon import LexiconError

    bad = tmp_path / "bad.toml"
    bad.write_text('name-common-words = ["quay"]\nname-suffixes = "open\n', encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon([str(bad)])
    assert str(err.value) == (f"{bad}:2: not a valid lexicon file: "
                              "bad TOML: line ends inside a string or value (column 22)")
    assert "\n" not in str(err.value)
