"""The fact file: loading, name resolution, unit matching and every validation error."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from attrlint.factlisting import describe
from attrlint.facts import (
    Denial,
    FactBase,
    FactFileError,
    load_facts,
    normalise_name,
    unit_matches,
)

FIXTURES = Path(__file__).parent / "fixtures" / "facts"


@pytest.fixture(scope="module")
def fb() -> FactBase:
    return load_facts(FIXTURES / "valid.toml")


# --- a valid file ------------------------------------------------------------------------------

def test_valid_file_story_and_sources(fb: FactBase) -> None:
    assert fb.path == str(FIXTURES / "valid.toml")
    assert fb.story == {"slug": "veldmark-reservoir-breach", "date": "2031-05-03"}
    assert list(fb.sources) == ["nwa", "fenwick", "farmers"]
    nwa = fb.sources["nwa"]
    assert nwa.name == "National Water Agency"
    assert nwa.aliases == ("NWA", "Veldmark's National Water Agency", "the water agency")
    assert nwa.line == 6
    assert fb.sources["farmers"].line == 16


def test_valid_file_facts(fb: FactBase) -> None:
    by_id = {f.id: f for f in fb.facts}
    assert [f.id for f in fb.facts] == ["evacuated", "flooded-area", "rescuers", "harvest-loss"]
    evacuated = by_id["evacuated"]
    assert (evacuated.low, evacuated.high, evacuated.unit) == (4200.0, 4200.0, "residents")
    assert evacuated.about == ("evacuated", "evacuation")
    assert evacuated.approx is False and not evacuated.is_range
    assert evacuated.line == 21
    area = by_id["flooded-area"]
    assert (area.low, area.high, area.approx, area.is_range) == (30.0, 35.5, True, True)
    assert area.about == ()
    assert by_id["rescuers"].source == "Veldmark regional council"
    assert by_id["harvest-loss"].low == 12.5
    assert fb.fact("rescuers") is by_id["rescuers"]
    assert fb.fact("nope") is None


def test_valid_file_denials(fb: FactBase) -> None:
    first, second = fb.denials
    assert first == Denial(
        party="nwa", about=("warning siren", "alarm"),
        statement="Said the sirens were tested in April;\nvalue = 1 here is prose, and so is [[fact]].",
        date="2031-05-02", line=51, id="denial-1",
    )
    # The multi-line string above must not confuse the line scanner.
    assert second.line == 59
    assert (second.id, second.party, second.date, second.statement) == (
        "operator-response", "Dammet Hydro AS", "May 2", None)


def test_display_name_and_names_for(fb: FactBase) -> None:
    assert fb.display_name("nwa") == "National Water Agency"
    assert fb.display_name("Veldmark regional council") == "Veldmark regional council"
    assert fb.names_for("fenwick") == ("Orla Fenwick", "Fenwick", "the regional governor")
    assert fb.names_for("Dammet Hydro AS") == ("Dammet Hydro AS",)


@pytest.mark.parametrize("mention, expected", [
    ("National Water Agency", "nwa"),
    ("the National Water Agency", "nwa"),
    ("Veldmark\u2019s National Water Agency", "nwa"),
    ("National Water Agency's", "nwa"),
    ("the NWA", "nwa"),
    ("nwa", "nwa"),
    ("NWA,", "nwa"),
    ("The water agency", "nwa"),
    ("water agency", "nwa"),
    # Contains a full name or alias: the longest one wins.
    ("the country's National Water Agency said", "nwa"),
    ("a spokeswoman for the NWA", "nwa"),
    ("Governor Orla Fenwick", "fenwick"),
    ("Fenwick's office", "fenwick"),
    ("the Farmers' Union of Veldmark", "farmers"),
    ("the union's chair", "farmers"),
    # Free-text sources and parties resolve to their own text.
    ("the Veldmark regional council", "Veldmark regional council"),
    ("Dammet Hydro AS said", "Dammet Hydro AS"),
    # Never a one-word alias inside another word; "the"-aliases need their "the" inside a mention.
    ("NWAS", None),
    ("Fenwicks Ltd", None),
    ("the European Union said", None),
    ("a farmers union", None),
    ("", None),
    ("the", None),
    ("police", None),
])
def test_resolve(fb: FactBase, mention: str, expected: str | None) -> None:
    assert fb.resolve(mention) == expected


def test_resolve_prefers_the_longest_name(tmp_path: Path) -> None:
    fb = _load(tmp_path, """
        [[source]]
        id = "ministry"
        name = "Health Ministry"

        [[source]]
        id = "minister"
        name = "Health Minister Ana Ruiz"
        aliases = ["Ruiz"]
    """)
    assert fb.resolve("Health Minister Ana Ruiz told the Health Ministry") == "minister"
    assert fb.resolve("the Health Ministry, Ruiz said") == "ministry"


def test_facts_with_unit(fb: FactBase) -> None:
    assert [f.id for f in fb.facts_with_unit("resident")] == ["evacuated"]
    assert [f.id for f in fb.facts_with_unit("percent")] == ["harvest-loss"]
    assert [f.id for f in fb.facts_with_unit("kilometres")] == ["flooded-area"]
    assert fb.facts_with_unit("troops") == []
    assert fb.facts_with_unit("") == []


@pytest.mark.parametrize("text, expected", [
    ("The NIS", "nis"),
    ("Seoul\u2019s  National   Intelligence Service", "seoul national intelligence service"),
    ("Dockers' Union", "dockers union"),
    ("\u201cthe agency\u201d", "agency"),
    ("theatre group", "theatre group"),
])
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


@pytest.mark.parametrize("a, b, expected", [
    ("troops", "troop", True),
    ("Troops", "TROOPS", True),
    ("special forces", "special force", True),
    ("special forces", "forces", True),
    ("special forces", "ground forces", False),
    ("North Korean troops", "troops", True),
    ("North Korean troops", "Korean troop", True),
    ("crashes", "crash", True),
    ("casualties", "casualty", True),
    ("lives", "life", True),
    ("buses", "bus", True),
    ("people", "person", True),
    ("people", "persons", True),
    ("children", "child", True),
    ("%", "percent", True),
    ("%", "per cent", True),
    ("percent", "percentage points", False),
    ("euros", "\u20ac", True),
    ("square kilometres", "square-kilometre", True),
    ("troops", "soldiers", False),
    ("troops", "", False),
    ("news", "new", False),
    ("members", "member", True),
    ("workers", "rescue workers", True),
])
def test_unit_matches(a: str, b: str, expected: bool) -> None:
    assert unit_matches(a, b) is expected
    assert unit_matches(b, a) is expected


def test_describe(fb: FactBase) -> None:
    text = describe(fb)
    assert "Story: veldmark-reservoir-breach, 2031-05-03" in text
    assert "  nwa: National Water Agency\n      also: NWA; Veldmark's National Water Agency;" in text
    assert "evacuated: 4,200 residents, from National Water Agency (nwa)" in text
    assert "flooded-area: about 30\u201335.5 square kilometres, from Orla Fenwick (fenwick)" in text
    assert 'rescuers: 260 rescue workers, from "Veldmark regional council" (free text)' in text
    assert "harvest-loss: 12.5%, from Farmers' Union of Veldmark (farmers)" in text
    assert "operator-response: \"Dammet Hydro AS\" (free text) on May 2, owed on: maintenance" in text
    assert "statement: Said the sirens were tested in April;" in text


def test_empty_file_loads(tmp_path: Path) -> None:
    fb = _load(tmp_path, "# nothing on record yet\n")
    assert (fb.story, fb.sources, fb.facts, fb.denials) == ({}, {}, [], [])
    assert fb.resolve("anyone") is None
    assert "Facts (0):" in describe(fb)


def test_ids_are_per_kind_but_facts_and_denials_share_one(tmp_path: Path) -> None:
    # A source and a fact may share an id: they are never named in the same place.
    fb = _load(tmp_path, """
        [[source]]
        id = "crashes"
        name = "Crash Register"

        [[fact]]
        id = "crashes"
        value = 33
        unit = "crashes"
        source = "crashes"
    """)
    assert fb.facts[0].source == "crashes"


def test_free_text_naming_a_source_becomes_its_id(tmp_path: Path) -> None:
    fb = _load(tmp_path, """
        [[source]]
        id = "nwa"
        name = "National Water Agency"
        aliases = ["the water agency"]

        [[fact]]
        id = "evacuated"
        value = 4200
        unit = "residents"
        source = "The National Water Agency"

        [[denial]]
        party = "Water Agency"
        about = ["alarm"]
    """)
    assert fb.facts[0].source == "nwa"
    assert fb.denials[0].party == "nwa"


# --- validation errors -------------------------------------------------------------------------

_SOURCE = """
[[source]]
id = "nwa"
name = "National Water Agency"
aliases = ["the water agency"]
"""  # lines 2-5

_FACT = """
[[fact]]
id = "evacuated"
value = 4200
unit = "residents"
source = "nwa"
"""  # with _SOURCE first: lines 7-11


def _load(tmp_path: Path, text: str) -> FactBase:
    path = tmp_path / "case.toml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return load_facts(path)


def _error(tmp_path: Path, text: str) -> FactFileError:
    path = tmp_path / "case.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FactFileError) as info:
        load_facts(path)
    err = info.value
    assert "\n" not in str(err)
    assert err.path == str(path)
    assert str(err).startswith(f"{path}:{err.line}: " if err.line else f"{path}: ")
    return err


# (file text, expected line, words the message must contain)
ERRORS = {
    "bad-toml": (_SOURCE + _FACT.replace("4200", "4,200"), 9, "bad TOML"),
    "bad-toml-duplicate-key": (_SOURCE + 'name = "Again"\n' + _FACT, 6, "bad TOML: cannot overwrite"),
    "bad-toml-unterminated": (_SOURCE + '\nx = "open\n', 7, "bad TOML: line ends inside a string"),
    "bad-toml-at-end": (_SOURCE + '\nx = """open\n\n', 8, "bad TOML: unterminated string at end of file"),
    "unknown-top-level": (_SOURCE + _FACT.replace("[[fact]]", "[[facts]]"), 7,
                          "unknown top-level table 'facts' (did you mean 'fact'?)"),
    "unknown-top-level-key": ('title = "x"\n' + _SOURCE, 1, "unknown top-level table 'title'"),
    "fact-not-array": (_SOURCE + _FACT.replace("[[fact]]", "[fact]"), 7, "array of tables"),
    "unknown-key": (_SOURCE + _FACT + "valeu = 3\n", 12,
                    "unknown key 'valeu' in [fact] (did you mean 'value'?)"),
    "unknown-key-subtable": (_SOURCE + _FACT + "[fact.extra]\nx = 1\n", 12, "unknown key 'extra'"),
    "unknown-key-source": (_SOURCE.replace("aliases", "alias") + _FACT, 5, "unknown key 'alias'"),
    "unknown-key-story": ("[story]\nslug = 'a'\nheadline = 'b'\n", 3, "unknown key 'headline' in [story]"),
    "missing-id": (_SOURCE + _FACT.replace('id = "evacuated"\n', ""), 7, "missing 'id'"),
    "missing-value": (_SOURCE + _FACT.replace("value = 4200\n", ""), 7, "missing 'value'"),
    "missing-unit": (_SOURCE + _FACT.replace('unit = "residents"\n', ""), 7, "missing 'unit'"),
    "missing-source": (_SOURCE + _FACT.replace('source = "nwa"\n', ""), 7, "missing 'source'"),
    "missing-source-name": (_SOURCE.replace('name = "National Water Agency"\n', ""), 2, "missing 'name'"),
    "value-string": (_SOURCE + _FACT.replace("4200", '"4200"'), 9, "number or [low, high]"),
    "value-bool": (_SOURCE + _FACT.replace("4200", "true"), 9, "not a boolean"),
    "value-three": (_SOURCE + _FACT.replace("4200", "[1, 2, 3]"), 9, "number or [low, high]"),
    "value-range-bool": (_SOURCE + _FACT.replace("4200", "[1, true]"), 9, "number or [low, high]"),
    "value-low-above-high": (_SOURCE + _FACT.replace("4200", "[50, 40]"), 9, "low above high"),
    "value-nan": (_SOURCE + _FACT.replace("4200", "nan"), 9, "finite"),
    "unit-empty": (_SOURCE + _FACT.replace('"residents"', '" "'), 10, "'unit' must be a non-empty string"),
    "unit-number": (_SOURCE + _FACT.replace('"residents"', "3"), 10, "'unit' must be a non-empty string"),
    "about-string": (_SOURCE + _FACT + 'about = "evacuation"\n', 12, "'about' must be an array of strings"),
    "about-number": (_SOURCE + _FACT + 'about = [\n  "evacuation",\n  5,\n]\n', 12, "holds an integer"),
    "approx-string": (_SOURCE + _FACT + 'approx = "yes"\n', 12, "'approx' must be true or false"),
    "aliases-string": (_SOURCE.replace('["the water agency"]', '"NWA"'), 5, "'aliases' must be an array"),
    "aliases-number": (_SOURCE.replace('["the water agency"]', '["NWA", 1]'), 5, "non-empty strings"),
    "duplicate-fact-id": (_SOURCE + _FACT + _FACT, 14, "duplicate fact id 'evacuated' (first at line 7)"),
    "duplicate-source-id": (_SOURCE + _SOURCE.replace("the water", "a water"), 8,
                            "duplicate source id 'nwa' (first at line 2)"),
    "shared-alias": (_SOURCE + '[[source]]\nid = "wa"\nname = "The Water Agency"\n', 8,
                     "'The Water Agency' also names source 'nwa'"),
    "source-id-not-an-id": (_SOURCE.replace('"nwa"', '"NWA"'), 3, "must be lower-case"),
    "unknown-source-id": (_SOURCE + _FACT.replace('source = "nwa"', 'source = "nws"'), 11,
                          "unknown source id 'nws' (did you mean 'nwa'?)"),
    "unknown-party-id": (_SOURCE + '\n[[denial]]\nabout = ["alarm"]\nparty = "operator"\n', 9,
                         "unknown source id 'operator'"),
    "denial-missing-about": (_SOURCE + '\n[[denial]]\nparty = "nwa"\n', 7, "missing 'about'"),
    "denial-empty-about": (_SOURCE + '\n[[denial]]\nparty = "nwa"\nabout = []\n', 9, "at least one term"),
    "denial-id-is-fact-id": (_SOURCE + _FACT + '\n[[denial]]\nid = "evacuated"\nparty = "nwa"\n'
                             'about = ["x"]\n', 14, "already a fact id"),
    "duplicate-denial-id": (_SOURCE + '\n[[denial]]\nparty = "nwa"\nabout = ["x"]\n'
                            '\n[[denial]]\nid = "denial-1"\nparty = "nwa"\nabout = ["y"]\n', 12,
                            "duplicate denial id 'denial-1' (first at line 7)"),
    "denial-date-number": (_SOURCE + '\n[[denial]]\nparty = "nwa"\nabout = ["x"]\ndate = 20241022\n', 10,
                           "'date' must be a date"),
    "story-date-bool": ("[story]\ndate = false\n", 2, "'date' must be a date"),
    "story-not-table": ("story = 'x'\n", 1, "'story' must be a table"),
    "inline-fact-array": ('fact = [{id = "a", value = 1, unit = "x"}]\n' + _SOURCE, 1, "missing 'source'"),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_validation_error(tmp_path: Path, case: str) -> None:
    text, line, words = ERRORS[case]
    err = _error(tmp_path, text)
    assert err.line == line, str(err)
    assert words in str(err)


def test_error_names_fact_and_field(tmp_path: Path) -> None:
    err = _error(tmp_path, _SOURCE + _FACT.replace("4200", '"many"'))
    assert str(err) == (f"{tmp_path / 'case.toml'}:9: 'value' must be a number or [low, high] of two "
                        "numbers, not a string (fact evacuated, field value)")
    assert (err.table, err.item, err.field) == ("fact", "evacuated", "value")


def test_error_without_fact_id_names_its_position(tmp_path: Path) -> None:
    err = _error(tmp_path, _SOURCE + _FACT + _FACT.replace('id = "evacuated"\n', ""))
    assert str(err).endswith("missing 'id' (fact #2, field id)")
    assert err.line == 13


def test_denial_errors_use_the_generated_id(tmp_path: Path) -> None:
    err = _error(tmp_path, _SOURCE + '\n[[denial]]\nparty = "nwa"\nabout = "alarm"\n')
    assert str(err).endswith("(denial denial-1, field about)")


def test_bad_toml_reformats_tables(tmp_path: Path) -> None:
    err = _error(tmp_path, "[story]\nslug = 'a'\n[story]\n")
    assert err.line == 3
    assert "cannot declare [story] twice" in err.message
    assert "(at line" not in str(err)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(FactFileError) as info:
        load_facts(path)
    assert info.value.line is None
    assert str(info.value) == f"{path}: cannot read fact file: No such file or directory"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[story]\nslug = "caf\xe9"\n')
    with pytest.raises(FactFileError) as info:
        load_facts(path)
    assert info.value.line == 2
    assert "not UTF-8" in str(info.value)


@pytest.mark.parametrize("name, line, words", [
    ("bad-toml.toml", 7, "bad TOML"),
    ("unknown-source.toml", 15,
     "unknown source id 'rescue' (no [[source]] has it; free text needs a capital letter or a space)"),
    # Strings, comments and arrays that hold header- and key-like text must not shift the line.
    ("tricky-layout.toml", 22, "'approx' must be true or false, not a string (fact evacuated, field approx)"),
])
def test_error_fixtures(name: str, line: int, words: str) -> None:
    path = FIXTURES / name
    with pytest.raises(FactFileError) as info:
        load_facts(path)
    assert info.value.line == line
    assert words in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


# --- tolerance, big values, many names ---------------------------------------------------------

def _load(tmp_path: Path, text: str) -> FactBase:
    path = tmp_path / "f.toml"
    path.write_text(text, encoding="utf-8")
    return load_facts(path)


def test_approx_tolerance_is_read_from_the_story(tmp_path: Path) -> None:
    assert _load(tmp_path, "").tolerance == 0.1
    assert _load(tmp_path, "[story]\napprox-tolerance = 0.05\n").tolerance == 0.05
    with pytest.raises(FactFileError, match=r"f.toml:2: 'approx-tolerance' must be a number from 0"):
        _load(tmp_path, "[story]\napprox-tolerance = 10\n")
    with pytest.raises(FactFileError, match="not a string"):
        _load(tmp_path, '[story]\napprox-tolerance = "ten"\n')


def test_integer_values_stay_exact_beyond_two_to_the_53(tmp_path: Path) -> None:
    big = 2**53 + 1
    fb = _load(tmp_path, f'[[fact]]\nid = "a"\nvalue = {big}\nunit = "coins"\nsource = "Mint"\n')
    assert fb.facts[0].low == big and isinstance(fb.facts[0].low, int)
    assert "9,007,199,254,740,993 coins" in describe(fb)


def test_resolve_with_thousands_of_sources(tmp_path: Path) -> None:
    rows = [f'[[source]]\nid = "s{i}"\nname = "Harbour Office {i}"\naliases = ["the office {i}"]\n'
            for i in range(2000)]
    fb = _load(tmp_path, "\n".join(rows))
    assert fb.resolve("Harbour Office 1999") == "s1999"
    assert fb.resolve("a spokesman for Harbour Office 7 said") == "s7"
    assert fb.resolve("the office 12") == "s12"
