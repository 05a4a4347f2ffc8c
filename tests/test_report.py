"""Every output format, on hand-made diagnostics and rules (the real registry may be empty)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from attrlint.model import Diagnostic, Related, Severity
from attrlint.report import FORMATS, ReportContext, render
from attrlint.report.text import TAB_WIDTH
from attrlint.rules.registry import Rule

# The official OASIS schema (errata 01), kept in the repository so the test runs in any clone.
SARIF_SCHEMA = Path(__file__).resolve().parent / "schemas" / "sarif-schema-2.1.0.json"
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _uncredited(ctx):
    """## What it does
    Flags a figure nobody is credited for.
    """
    return ()


def _mismatch(ctx):
    """## What it does
    Flags a figure that disagrees with the fact file.
    """
    return ()


RULES = {
    "AT101": Rule("AT101", "uncredited-figure", Severity.WARNING, "Figure without a source", _uncredited,
                  needs_nlp=True),
    "AT201": Rule("AT201", "figure-mismatch", Severity.ERROR, "Figure disagrees with the facts", _mismatch,
                  needs_nlp=True),
}
SUGGESTION = "credit 'the port authority' (facts.toml, fact harbour-jobs)"

# Line 2 mixes tabs and non-ASCII before the figure; line 3 has wide characters.
DRAFT = (
    "# Harbour budget\n"
    "\tCafé owners:\tabout 1,500 jobs — at stake, the mayor's office said.\n"
    "東京の 報告 put the cost at 40% higher.\n"
    "A second paragraph that\n"
    "runs on and\n"
    "ends here.\n"
)
TRICKY = 'Figure "40%" differs: facts say 38%, not 40% — écart\nsee the fact file'


def diag(line=2, column=20, end_line=None, end_column=24, code="AT101", severity=Severity.WARNING,
         message="The figure 1,500 has no source.", suggestion=None, fact=None, related=(),
         path="drafts/harbour.md", rule=None) -> Diagnostic:
    return Diagnostic(
        path=path, line=line, column=column, end_line=end_line or line, end_column=end_column, code=code,
        rule=rule or RULES.get(code, RULES["AT101"]).name, severity=severity, message=message,
        suggestion=suggestion, fact=fact, related=related,
    )


def sample() -> list[Diagnostic]:
    return [
        diag(suggestion="credit 'the port authority' (facts.toml, fact harbour-jobs)", fact="harbour-jobs"),
        diag(line=3, column=24, end_column=26, code="AT201", severity=Severity.ERROR, message=TRICKY,
             related=(Related("facts.toml", 4, 1, "the recorded figure"),), fact="harbour-cost"),
        diag(line=1, column=3, end_column=8, code="AT101", severity=Severity.INFO, path="drafts/other.md",
             message="Headline figure."),
    ]


def ctx(**kw) -> ReportContext:
    base = {"rules": RULES, "files_checked": 4, "sources": {"drafts/harbour.md": DRAFT}}
    base.update(kw)
    return ReportContext(**base)


# --- dispatch ----------------------------------------------------------------------------------------


def test_every_format_renders_and_unknown_is_rejected():
    for fmt in FORMATS:
        assert isinstance(render(fmt, sample(), ctx()), str)
    with pytest.raises(ValueError, match="unknown output format 'xml'"):
        render("xml", sample(), ctx())


# --- json / jsonl ------------------------------------------------------------------------------------

KEYS = {"path", "line", "column", "end_line", "end_column", "code", "rule", "severity", "message",
        "suggestion", "fact"}


def test_json_is_an_array_of_the_eleven_keys():
    out = render("json", sample(), ctx())
    data = json.loads(out)
    assert [set(obj) for obj in data] == [KEYS] * 3
    assert data[1]["message"] == TRICKY and data[1]["severity"] == "error"
    assert "écart" in out  # not \u-escaped
    assert out.startswith("[\n  {")  # indent=2
    # Round-trips except for related places, which the stable JSON leaves out.
    assert [Diagnostic.from_json(o) for o in data][0] == sample()[0]


def test_json_empty_is_an_empty_array():
    assert render("json", [], ctx()) == "[]\n"


def test_jsonl_one_compact_object_per_line():
    out = render("jsonl", sample(), ctx())
    lines = out.splitlines()
    assert len(lines) == 3 and out.endswith("\n")
    assert all(set(json.loads(line)) == KEYS for line in lines)
    assert ", " not in lines[0].split('"message"')[0]  # compact separators
    assert render("jsonl", [], ctx()) == ""


def test_jsonl_keeps_unicode_line_separators_inside_one_record():
    out = render("jsonl", [diag(message="one\u2028two")], ctx())
    assert len(out.splitlines()) == 1
    assert json.loads(out)["message"] == "one\u2028two"


# --- sarif -------------------------------------------------------------------------------------------


def sarif(diagnostics=None, **kw) -> dict:
    return json.loads(render("sarif", sample() if diagnostics is None else diagnostics, ctx(**kw)))


def test_sarif_validates_against_the_2_1_0_schema():
    import jsonschema

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    odd = diag(path="/abs/dir/my draft.md", code="AT999", rule="not-registered")
    for log in (sarif(), sarif([]), sarif(sample() + [odd])):
        errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
        assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def test_sarif_run_tool_and_rules():
    log = sarif(version="9.8.7")
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "attrlint" and driver["version"] == "9.8.7"
    assert "informationUri" not in driver
    rules = {r["id"]: r for r in driver["rules"]}
    assert rules["AT101"]["name"] == "uncredited-figure"
    assert rules["AT101"]["shortDescription"]["text"] == "Figure without a source"
    assert rules["AT101"]["help"]["markdown"].startswith("## What it does\nFlags a figure nobody")
    assert rules["AT101"]["fullDescription"]["text"] == rules["AT101"]["help"]["markdown"]
    assert rules["AT101"]["defaultConfiguration"]["level"] == "warning"
    assert rules["AT201"]["defaultConfiguration"]["level"] == "error"
    assert rules["AT101"]["helpUri"] == "https://github.com/attrlint/attrlint/blob/main/docs/rules/AT101.md"
    assert rules["AT201"]["helpUri"].endswith("/docs/rules/AT201.md")


def test_sarif_results_positions_and_extras():
    run = sarif()["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    first, second, third = run["results"]
    for res in run["results"]:
        assert ids[res["ruleIndex"]] == res["ruleId"]
    assert (first["level"], second["level"], third["level"]) == ("warning", "error", "note")
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "drafts/harbour.md", "uriBaseId": "%SRCROOT%"}
    # Inclusive end column 24 is SARIF's exclusive 25.
    assert loc["region"] == {"startLine": 2, "startColumn": 20, "endLine": 2, "endColumn": 25}
    assert first["message"]["text"] == (
        f"The figure 1,500 has no source.\nSuggestion: {SUGGESTION}"
    )
    assert first["properties"] == {
        "suggestion": "credit 'the port authority' (facts.toml, fact harbour-jobs)", "fact": "harbour-jobs"
    }
    assert second["message"]["text"] == TRICKY
    assert second["properties"] == {"fact": "harbour-cost"}
    (rel,) = second["relatedLocations"]
    assert rel["id"] == 0 and rel["message"]["text"] == "the recorded figure"
    assert rel["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 1}
    assert rel["physicalLocation"]["artifactLocation"]["uri"] == "facts.toml"
    assert "properties" not in third and "relatedLocations" not in third


def test_sarif_unregistered_code_and_odd_paths():
    run = sarif([diag(code="AT999", rule="late-rule", path="./my drafts/été.md"),
                 diag(path="/srv/news/a b.md")])["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert rules[run["results"][0]["ruleIndex"]]["id"] == "AT999"
    assert rules[run["results"][0]["ruleIndex"]]["name"] == "late-rule"
    uri0 = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri0 == {"uri": "my%20drafts/%C3%A9t%C3%A9.md", "uriBaseId": "%SRCROOT%"}
    uri1 = run["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri1 == {"uri": "file:///srv/news/a%20b.md"}


def test_sarif_with_empty_registry_still_indexes_rules():
    run = sarif(rules={})["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert sorted(ids) == ["AT101", "AT201"]
    assert all(ids[r["ruleIndex"]] == r["ruleId"] for r in run["results"])


# --- github ------------------------------------------------------------------------------------------


def test_github_annotation_line_and_escaping():
    d = diag(line=3, column=24, end_column=26, code="AT201", severity=Severity.ERROR, message=TRICKY,
             path="drafts/a,b:c.md", rule="figure-mismatch")
    out = render("github", [d], ctx())
    assert out == (
        "::error file=drafts/a%2Cb%3Ac.md,line=3,col=24,endLine=3,endColumn=26,title=AT201 figure-mismatch"
        "::Figure \"40%25\" differs: facts say 38%25, not 40%25 — écart%0Asee the fact file\n"
    )


def test_github_levels_suggestion_and_cr():
    out = render("github", [diag(severity=Severity.INFO, message="a\r\nb", suggestion="x: 1, 2")], ctx())
    assert out.startswith("::notice file=drafts/harbour.md,")
    # In the message only %, CR and LF are escaped; ":" and "," stay readable.
    assert out.endswith("::a%0D%0Ab%0ASuggestion: x: 1, 2\n")
    assert render("github", [diag()], ctx()).startswith("::warning ")
    assert render("github", [], ctx()) == ""


# --- rdjson ------------------------------------------------------------------------------------------


def test_rdjson_structure():
    out = json.loads(render("rdjson", sample(), ctx()))
    assert out["source"] == {"name": "attrlint"}
    first, second, third = out["diagnostics"]
    assert [d["severity"] for d in (first, second, third)] == ["WARNING", "ERROR", "INFO"]
    assert first["code"] == {"value": "AT101"}
    assert first["message"].endswith(f"\nSuggestion: {SUGGESTION}")
    assert first["location"]["path"] == "drafts/harbour.md"
    assert "suggestions" not in first
    assert render("rdjson", [], ctx()).strip().startswith("{")


def test_rdjson_columns_are_utf8_bytes_with_exclusive_end():
    line = DRAFT.splitlines()[1]
    start = line.index("1,500")
    d = diag(column=start + 1, end_column=start + 5)
    rng = json.loads(render("rdjson", [d], ctx()))["diagnostics"][0]["location"]["range"]
    prefix = len(line[:start].encode("utf-8"))  # "é" and the tabs before the figure
    assert prefix == start + 1
    assert rng == {"start": {"line": 2, "column": prefix + 1}, "end": {"line": 2, "column": prefix + 6}}
    # Without the draft's text the character columns are passed through.
    rng = json.loads(render("rdjson", [d], ctx(sources={})))["diagnostics"][0]["location"]["range"]
    assert rng == {"start": {"line": 2, "column": start + 1}, "end": {"line": 2, "column": start + 6}}


# --- text --------------------------------------------------------------------------------------------


def test_text_plain_lines_suggestion_and_summary():
    out = render("text", sample(), ctx())
    assert out == (
        "drafts/harbour.md:2:20: AT101 The figure 1,500 has no source.\n"
        "  suggestion: credit 'the port authority' (facts.toml, fact harbour-jobs)\n"
        "drafts/harbour.md:3:24: AT201 Figure \"40%\" differs: facts say 38%, not 40% — écart\n"
        "  see the fact file\n"
        "  related: facts.toml:4:1: the recorded figure\n"
        "drafts/other.md:1:3: AT101 Headline figure.\n"
        "Found 3 problems (1 error, 1 warning, 1 info) in 2 files.\n"
    )
    assert not ANSI.search(out)


@pytest.mark.parametrize(
    ("diagnostics", "expected"),
    [
        ([], "All checked: no problems in 4 files."),
        ([diag()], "Found 1 problem (1 warning) in 1 file."),
        ([diag(), diag(line=3), diag(code="AT201", severity=Severity.ERROR, path="b.md")],
         "Found 3 problems (1 error, 2 warnings) in 2 files."),
    ],
)
def test_text_summary_wording(diagnostics, expected):
    assert render("text", diagnostics, ctx()).splitlines()[-1] == expected


def test_text_summary_one_file_and_quiet():
    assert render("text", [], ctx(files_checked=1)) == "All checked: no problems in 1 file.\n"
    assert render("text", [], ctx(quiet=True)) == ""
    out = render("text", [diag()], ctx(quiet=True))
    assert "Found" not in out and out.startswith("drafts/harbour.md:2:20: AT101")


def test_text_statistics_table():
    diags = [diag(), diag(line=3), diag(code="AT201", severity=Severity.ERROR)]
    out = render("text", diags, ctx(statistics=True))
    table = out.split("\n\n")[1].splitlines()
    assert table == ["2  AT101  uncredited-figure", "1  AT201  figure-mismatch"]
    assert out.endswith("\n\nFound 3 problems (1 error, 2 warnings) in 1 file.\n")


def test_text_colour_only_when_asked():
    plain = render("text", sample(), ctx(show_source=True))
    coloured = render("text", sample(), ctx(show_source=True, color=True))
    assert not ANSI.search(plain)
    assert "\x1b[1;31mAT201\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == plain


def _snippet(out: str, line_no: int) -> tuple[str, str]:
    """The shown source line and the caret line under it, both without the gutter."""
    lines = out.splitlines()
    i = next(k for k, s in enumerate(lines) if re.match(rf"\s*{line_no} \|", s))
    cut = lines[i].index("|") + 2
    return lines[i][cut:], lines[i + 1][cut:]


def test_text_show_source_caret_under_span_with_tabs_and_non_ascii():
    line = DRAFT.splitlines()[1]
    start = line.index("1,500")
    out = render("text", [diag(column=start + 1, end_column=start + 5)], ctx(show_source=True))
    shown, carets = _snippet(out, 2)
    assert "\t" not in shown
    assert shown == line.expandtabs(TAB_WIDTH)  # one-column characters only on this line
    assert carets.strip() == "^^^^^"
    assert shown[carets.index("^"): len(carets)] == "1,500"
    assert out.splitlines()[0] == f"drafts/harbour.md:2:{start + 1}: AT101 The figure 1,500 has no source."


def test_text_show_source_counts_wide_characters_twice():
    line = DRAFT.splitlines()[2]
    start = line.index("40%")
    assert start == 23
    out = render("text", [diag(line=3, column=start + 1, end_column=start + 3)], ctx(show_source=True))
    shown, carets = _snippet(out, 3)
    # 東京の (6 columns) + space + 報告 (4) + " put the cost at " (17) = 28 columns before "40%".
    assert carets == " " * 28 + "^^^"


def test_text_show_source_multi_line_and_out_of_range_spans():
    out = render("text", [diag(line=4, column=3, end_line=6, end_column=4)], ctx(show_source=True))
    lines = out.splitlines()
    assert lines[1:6] == [
        "4 | A second paragraph that",
        "  |   " + "^" * len("second paragraph that"),
        "...",
        "6 | ends here.",
        "  | ^^^^",
    ]
    # A span on the line break itself still gets one caret just past the text.
    out = render("text", [diag(line=1, column=17, end_column=17)], ctx(show_source=True))
    assert _snippet(out, 1) == ("# Harbour budget", " " * 16 + "^")


def test_text_show_source_without_the_draft_text():
    out = render("text", [diag(path="elsewhere.md"), diag(line=99)], ctx(show_source=True))
    assert "|" not in out and "^" not in out
    assert out.count("AT101") == 2


# --- text on a terminal: code frames clipped, findings grouped per draft --------------------------------

LONG = ("The regional council approved a plan on Tuesday evening to spend about 48 million on new flood "
        "barriers along the river, while residents in the lower town warned that as many as 3,000 homes "
        "could still flood, and the work is expected to take five years to finish in full.")


def test_text_frame_clips_a_long_line_around_the_finding():
    start = LONG.index("3,000")
    d = diag(line=1, column=start + 1, end_column=start + 5, path="long.md")
    out = render("text", [d], ctx(sources={"long.md": LONG + "\n"}, show_source=True, frame_width=80))
    head, shown_row, caret_row = out.splitlines()[:3]
    # Positions stay those of the file.
    assert head == f"long.md:1:{start + 1}: AT101 The figure 1,500 has no source."
    shown, carets = _snippet(out, 1)
    assert len(shown_row) <= 80 and len(LONG) > 200
    assert shown.startswith("…") and shown.endswith("…")
    assert shown[carets.index("^"):len(carets)] == "3,000"
    # Cut at word boundaries: the words next to the ellipses are whole words of the line.
    first_word, last_word = shown[1:].split()[0], shown[:-1].split()[-1]
    assert f" {first_word} " in LONG and f" {last_word} " in LONG
    assert LONG.count(shown[1:-1]) == 1


def test_text_frame_at_the_start_and_end_of_a_long_line_has_one_ellipsis():
    src = {"long.md": LONG + "\n"}
    out = render("text", [diag(line=1, column=1, end_column=3, path="long.md")],
                 ctx(sources=src, show_source=True, frame_width=60))
    shown, carets = _snippet(out, 1)
    assert not shown.startswith("…") and shown.endswith("…") and carets == "^^^"
    end = len(LONG)
    out = render("text", [diag(line=1, column=end - 4, end_column=end, path="long.md")],
                 ctx(sources=src, show_source=True, frame_width=60))
    shown, carets = _snippet(out, 1)
    assert shown.startswith("…") and shown.endswith("in full.")
    assert shown[carets.index("^"):] == "full."


def test_text_frame_span_wider_than_the_frame_is_cut_not_wrapped():
    src = {"long.md": LONG + "\n"}
    out = render("text", [diag(line=1, column=5, end_column=len(LONG), path="long.md")],
                 ctx(sources=src, show_source=True, frame_width=50))
    rows = out.splitlines()[1:3]
    assert all(len(r) <= 50 for r in rows)
    assert rows[1].rstrip().endswith("^")


def test_text_grouped_has_a_header_per_draft_then_its_findings():
    out = render("text", sample(), ctx(grouped=True))
    lines = out.splitlines()
    assert lines[0] == "drafts/harbour.md  1 error, 1 warning"
    assert re.match(r"  2:20\s+warning\s+AT101  The figure 1,500 has no source\.$", lines[1])
    assert lines[2] == "    suggestion: credit 'the port authority' (facts.toml, fact harbour-jobs)"
    assert re.match(r"  3:24\s+error\s+AT201  Figure \"40%\" differs", lines[3])
    assert "drafts/other.md  1 info" in lines
    # The path is said once per draft, not once per finding.
    assert out.count("drafts/harbour.md") == 1
    assert lines[-1] == "Found 3 problems (1 error, 1 warning, 1 info) in 2 files."


def test_text_grouped_names_the_word_layout_for_docx():
    out = render("text", [diag(path="story.docx")], ctx(grouped=True))
    assert out.splitlines()[0].startswith("story.docx  1 warning (Word: line = paragraph, column = character")


@pytest.mark.parametrize(
    ("diagnostics", "checked", "unread", "expected"),
    [
        ([], 0, 1, "Nothing checked: 1 file could not be read (see above)."),
        ([], 3, 2, "No problems in the 3 files checked, but 2 files could not be read (see above)."),
        ([diag()], 2, 1, "Found 1 problem (1 warning) in 1 file; 1 file could not be read (see above)."),
    ],
)
def test_text_summary_says_what_was_not_checked(diagnostics, checked, unread, expected):
    out = render("text", diagnostics, ctx(files_checked=checked, files_unreadable=unread))
    assert out.splitlines()[-1] == expected


def test_sarif_related_span_has_an_end_and_validates():
    d = diag(related=(Related("drafts/harbour.md", 3, 5, "spelled this way here", 3, 13),))
    (res,) = sarif([d])["runs"][0]["results"]
    region = res["relatedLocations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 14}
    if SARIF_SCHEMA.exists():
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(sarif([d]), json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
