"""The command line as a user meets it: exit codes, formats, selection, config, stdin, suppressions."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run_cli

# Our own text: one unsourced figure (AT101) and one look-alike Cyrillic letter (AT402).
UNSOURCED = "Harbour closes early\n\nAbout 300 boats stayed in port on Friday.\n"
MIXED = "The Harbоur Board met on Friday.\n"  # the "о" in Harbоur is Cyrillic U+043E
CLEAN = "The harbour board met on Friday and talked about the weather.\n"


@pytest.fixture
def drafts(tmp_path):
    (tmp_path / "unsourced.md").write_text(UNSOURCED, encoding="utf-8")
    (tmp_path / "mixed.md").write_text(MIXED, encoding="utf-8")
    (tmp_path / "clean.md").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def _json(out: str) -> list[dict]:
    return json.loads(out)


# --- exit codes -------------------------------------------------------------------------------------


def test_clean_file_exits_0(drafts):
    r = run_cli(["check", "clean.md"], cwd=drafts)
    assert r.returncode == 0, r.stderr
    assert "no problems" in r.stdout


def test_finding_exits_1_with_position(drafts):
    r = run_cli(["check", "unsourced.md"], cwd=drafts)
    assert r.returncode == 1, r.stderr
    assert "unsourced.md:3:" in r.stdout and "AT101" in r.stdout


def test_missing_path_exits_2_one_line(drafts):
    r = run_cli(["check", "nowhere.md"], cwd=drafts)
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == ["nowhere.md: no such file or directory"]


def test_unknown_rule_selector_exits_2(drafts):
    r = run_cli(["check", "--select", "AT999", "clean.md"], cwd=drafts)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "AT999" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_output_format_is_usage_error(drafts):
    r = run_cli(["check", "--output-format", "yaml", "clean.md"], cwd=drafts)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr


# --- output formats ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "rdjson", "html"])
def test_every_output_format_runs(drafts, fmt):
    r = run_cli(["check", "--select", "AT4", "--output-format", fmt, "mixed.md"], cwd=drafts)
    assert r.returncode == 1, r.stderr
    assert r.stderr == ""
    assert "mixed.md" in r.stdout
    if fmt in ("json", "sarif", "rdjson"):
        json.loads(r.stdout)
    if fmt == "jsonl":
        assert [json.loads(line)["code"] for line in r.stdout.splitlines()] == ["AT402"]
    if fmt == "github":
        assert r.stdout.startswith("::error file=mixed.md,line=1,col=5,")


def test_output_format_from_environment(drafts):
    r = run_cli(["check", "--select", "AT4", "mixed.md"], cwd=drafts, env={"ATTRLINT_OUTPUT_FORMAT": "json"})
    assert _json(r.stdout)[0]["code"] == "AT402"


# --- selection and severities ------------------------------------------------------------------------


def test_select_limits_rules(drafts):
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "unsourced.md", "mixed.md"], cwd=drafts)
    assert {d["code"] for d in _json(r.stdout)} == {"AT402"}


def test_ignore_drops_rule(drafts):
    r = run_cli(["check", "--ignore", "AT101,AT402", "--output-format", "json", "unsourced.md", "mixed.md"],
                cwd=drafts)
    codes = {d["code"] for d in _json(r.stdout)}
    assert "AT101" not in codes and "AT402" not in codes


def test_select_by_rule_name(drafts):
    r = run_cli(["check", "--select", "mixed-script", "--output-format", "json", "mixed.md"], cwd=drafts)
    assert [d["rule"] for d in _json(r.stdout)] == ["mixed-script"]


def test_fail_on_error_ignores_warnings(tmp_path):
    # AT102 (vague source) is a warning: --fail-on error lets it through.
    (tmp_path / "vague.md").write_text("Officials said 12 boats sank.\n", encoding="utf-8")
    base = run_cli(["check", "--select", "AT102", "vague.md"], cwd=tmp_path)
    assert base.returncode == 1 and "AT102" in base.stdout
    r = run_cli(["check", "--select", "AT102", "--fail-on", "error", "vague.md"], cwd=tmp_path)
    assert r.returncode == 0 and "AT102" in r.stdout


def test_exit_zero(drafts):
    r = run_cli(["check", "--exit-zero", "--select", "AT4", "mixed.md"], cwd=drafts)
    assert r.returncode == 0 and "AT402" in r.stdout


def test_exit_zero_does_not_hide_input_errors(drafts):
    r = run_cli(["check", "--exit-zero", "nowhere.md"], cwd=drafts)
    assert r.returncode == 2


def test_statistics_counts_per_rule(drafts):
    r = run_cli(["check", "--statistics", "--select", "AT4", "mixed.md"], cwd=drafts)
    assert r.returncode == 1
    assert any("AT402" in line and "1" in line for line in r.stdout.splitlines()
               if not line.startswith("mixed.md:"))


def test_quiet_drops_summary(drafts):
    loud = run_cli(["check", "--select", "AT4", "mixed.md"], cwd=drafts)
    quiet = run_cli(["check", "-q", "--select", "AT4", "mixed.md"], cwd=drafts)
    assert "Found" in loud.stdout
    assert "Found" not in quiet.stdout and "AT402" in quiet.stdout


# --- stdin ------------------------------------------------------------------------------------------


def test_stdin_with_filename(drafts):
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "--stdin-filename", "desk/story.md", "-"],
                cwd=drafts, stdin=MIXED)
    found = _json(r.stdout)
    assert r.returncode == 1
    assert [(d["path"], d["line"], d["column"]) for d in found] == [("desk/story.md", 1, 5)]


def test_stdin_without_filename_uses_dash(drafts):
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "-"], cwd=drafts, stdin=MIXED)
    assert [d["path"] for d in _json(r.stdout)] == ["-"]


# --- rules and rule ---------------------------------------------------------------------------------


def test_rules_lists_every_code():
    r = run_cli(["rules"])
    assert r.returncode == 0
    for code in ("AT101", "AT102", "AT103", "AT201", "AT203", "AT301", "AT401", "AT402", "AT900"):
        assert code in r.stdout


def test_rule_doc_by_code_and_name():
    by_code = run_cli(["rule", "AT101"])
    by_name = run_cli(["rule", "unattributed-figure"])
    assert by_code.returncode == 0 and by_code.stdout.startswith("# AT101 unattributed-figure")
    assert by_code.stdout == by_name.stdout


def test_rule_unknown_exits_2():
    r = run_cli(["rule", "AT999"])
    assert r.returncode == 2 and r.stderr.count("\n") == 1


# --- facts check / show -------------------------------------------------------------------------------

FACTS = """[[source]]
id = "board"
name = "Harbour Board"
aliases = ["the board"]

[[fact]]
id = "boats"
value = 300
unit = "boats"
source = "board"
"""


def test_facts_check_and_show(tmp_path):
    (tmp_path / "f.toml").write_text(FACTS, encoding="utf-8")
    ok = run_cli(["facts", "check", "f.toml"], cwd=tmp_path)
    assert ok.returncode == 0 and "1 source, 1 fact, 0 denials" in ok.stdout
    show = run_cli(["facts", "show", "f.toml"], cwd=tmp_path)
    assert show.returncode == 0 and "Harbour Board" in show.stdout and "300" in show.stdout


def test_facts_check_bad_file(tmp_path):
    (tmp_path / "f.toml").write_text(FACTS.replace("value = 300", 'value = "many"'), encoding="utf-8")
    r = run_cli(["facts", "check", "f.toml"], cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.splitlines() == [r.stderr.strip()] and r.stderr.startswith("f.toml:8:")


def test_check_with_bad_fact_file_prints_no_findings(tmp_path):
    (tmp_path / "f.toml").write_text(FACTS.replace('source = "board"', 'source = "nobody"'), encoding="utf-8")
    (tmp_path / "d.md").write_text(UNSOURCED, encoding="utf-8")
    r = run_cli(["check", "--facts", "f.toml", "d.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert "AT101" not in r.stdout
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("f.toml:")


# --- config discovery ----------------------------------------------------------------------------------


def test_pyproject_config_is_discovered(drafts):
    (drafts / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.attrlint]\nignore = ["AT402"]\n',
                                           encoding="utf-8")
    r = run_cli(["check", "mixed.md"], cwd=drafts)
    assert r.returncode == 0, r.stdout + r.stderr


def test_config_found_from_subdirectory(drafts):
    (drafts / "attrlint.toml").write_text('select = ["AT4"]\n', encoding="utf-8")
    sub = drafts / "desk" / "today"
    sub.mkdir(parents=True)
    (sub / "u.md").write_text(UNSOURCED + MIXED, encoding="utf-8")
    r = run_cli(["check", "--output-format", "json", "desk"], cwd=drafts)
    assert {d["code"] for d in _json(r.stdout)} == {"AT402"}


def test_unknown_config_key_exits_2_one_line(drafts):
    (drafts / "pyproject.toml").write_text('[tool.attrlint]\nselect = ["AT4"]\nignroe = ["AT101"]\n',
                                           encoding="utf-8")
    r = run_cli(["check", "clean.md"], cwd=drafts)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert lines[0].startswith("pyproject.toml:3") or "pyproject.toml:3" in lines[0]
    assert "ignroe" in lines[0]


def test_explicit_config_flag(drafts):
    (drafts / "elsewhere.toml").write_text('ignore = ["AT4"]\n', encoding="utf-8")
    r = run_cli(["check", "--config", "elsewhere.toml", "mixed.md"], cwd=drafts)
    assert r.returncode == 0, r.stdout + r.stderr


# --- suppression comments end to end -------------------------------------------------------------------


def test_disable_next_line_suppresses(tmp_path):
    text = "Intro.\n\n<!-- attrlint: disable-next-line AT402 -- a name we quote as printed -->\n" + MIXED
    (tmp_path / "s.md").write_text(text, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4,AT9", "s.md"], cwd=tmp_path)
    assert r.returncode == 0, r.stdout


def test_unused_suppression_is_reported(tmp_path):
    text = "<!-- attrlint: disable-next-line AT402 -->\n" + CLEAN
    (tmp_path / "s.md").write_text(text, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4,AT9", "--output-format", "json", "s.md"], cwd=tmp_path)
    found = _json(r.stdout)
    assert [(d["code"], d["line"]) for d in found] == [("AT900", 1)]


def test_plain_text_disable_file(tmp_path):
    (tmp_path / "s.txt").write_text("attrlint: disable-file\n" + MIXED, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4", "s.txt"], cwd=tmp_path)
    assert r.returncode == 0, r.stdout


# --- output that is large, piped, or cut short ------------------------------------------------------


def test_large_json_output_arrives_whole_through_a_pipe(tmp_path):
    # Far more than a pipe's 64 KiB buffer: the process ends without interpreter teardown,
    # so this checks the output is flushed first and the exit code survives.
    for i in range(60):
        (tmp_path / f"d{i:02}.md").write_text(MIXED * 40, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "--no-cache", "."], cwd=tmp_path)
    assert r.returncode == 1
    assert len(r.stdout) > 200_000
    found = _json(r.stdout)
    assert len(found) == 60 * 40
    assert {d["path"] for d in found} == {f"d{i:02}.md" for i in range(60)}


def test_json_output_is_one_finding_per_line(drafts):
    r = run_cli(["check", "--output-format", "json", "unsourced.md", "mixed.md"], cwd=drafts)
    lines = r.stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert [json.loads(line.strip().rstrip(","))["code"] for line in lines[1:-1]] == ["AT402", "AT101"]


def test_json_output_without_findings_is_an_empty_array(drafts):
    r = run_cli(["check", "--output-format", "json", "clean.md"], cwd=drafts)
    assert r.returncode == 0
    assert r.stdout == "[]\n"


def test_reader_closing_early_loses_nothing_and_prints_no_traceback(tmp_path):
    import subprocess
    import sys

    from tests.helpers import ROOT

    for i in range(40):
        (tmp_path / f"d{i:02}.md").write_text(MIXED * 40, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "ATTRLINT_CACHE_DIR": str(tmp_path / ".c")}
    cmd = f"{sys.executable} -m attrlint check --select AT4 --no-cache . | head -c 100"
    r = subprocess.run(["sh", "-c", cmd], cwd=tmp_path, capture_output=True, env=env, timeout=120)
    assert len(r.stdout) == 100 and r.stdout.startswith(b"d00.md:1:5: AT402")
    assert b"Traceback" not in r.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name != ".c"} == before


# --- what the user is told -------------------------------------------------------------------------


def test_unreadable_draft_is_not_passed_off_as_checked(drafts):
    r = run_cli(["check", "nowhere.md"], cwd=drafts)
    assert r.returncode == 2
    assert "All checked" not in r.stdout and "no problems in 0 files" not in r.stdout
    assert r.stdout.strip() == "Nothing checked: 1 file could not be read (see above)."
    r = run_cli(["check", "clean.md", "nowhere.md"], cwd=drafts)
    assert r.returncode == 2
    assert r.stdout.strip() == "No problems in the 1 file checked, but 1 file could not be read (see above)."


def test_help_lists_every_command_with_a_whole_sentence():
    r = run_cli(["--help"], env={"COLUMNS": "80"})
    from attrlint.cli import main

    commands = r.stdout.split("Commands:")[1].strip().splitlines()
    assert [line.split()[0] for line in commands] == sorted(main.commands)
    for line in commands:
        assert not line.rstrip().endswith("..."), line
        assert line.rstrip().endswith((".", ")")), line


def test_check_help_has_examples_exit_codes_and_where_facts_are_found():
    r = run_cli(["check", "--help"], env={"COLUMNS": "80"})
    out = r.stdout
    assert "Examples:" in out and "attrlint check story.docx" in out
    assert "Exit codes:" in out and "  2  usage error" in out
    assert "<draft name>.facts.toml beside the draft" in out
    # The \b blocks keep their lines: each example on its own line, none wider than the terminal.
    assert "\n    attrlint check drafts/ " in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_progress_counts_characters_not_files(monkeypatch):
    """Twenty-one short drafts and one long one: after the long one the bar is mostly done."""
    import sys

    import click

    from attrlint import run
    from attrlint.engine import Draft

    drafts = [Draft("long.md", "x" * 100_000)] + [Draft(f"d{i}.md", "y" * 100) for i in range(21)]
    seen: list[tuple[int, int]] = []

    class Bar:
        def __init__(self, length, **kw):
            self.length, self.pos = length, 0

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def update(self, n):
            self.pos += n
            seen.append((self.pos, self.length))

    monkeypatch.setattr(click, "progressbar", Bar)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    results = list(run._with_progress(drafts, iter(range(len(drafts)))))
    assert results == list(range(len(drafts)))
    pos, length = seen[0]
    assert length == 100_000 + 21 * 100
    assert pos / length > 0.97  # by files it would be 1/22
    assert seen[-1][0] == length
