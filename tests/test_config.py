"""Config discovery, loading, validation with line numbers, CLI merging and rule selection."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from attrlint.config import (
    ConfigError,
    Settings,
    UnknownRuleError,
    default_settings,
    effective_severity,
    enabled_codes,
    find_config,
    is_excluded,
    load_config,
    merge_cli,
    resolve_selector,
)
from attrlint.model import Severity
from attrlint.rules.registry import Rule


def _rule(code: str, name: str, severity: str = "warning") -> Rule:
    return Rule(code, name, Severity(severity), f"summary of {name}", lambda ctx: (), needs_nlp=False)


# A registry of our own: the tests must not depend on which real rules exist.
RULES = {
    r.code: r
    for r in (
        _rule("AT101", "unattributed-figure", "error"),
        _rule("AT102", "vague-attribution"),
        _rule("AT110", "uncredited-quote"),
        _rule("AT201", "inconsistent-figure", "error"),
        _rule("AT301", "missing-denial"),
        _rule("AT900", "unused-suppression"),
    )
}
ALL = set(RULES)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def load(tmp_path: Path, text: str, name: str = "attrlint.toml") -> Settings:
    return load_config(write(tmp_path / name, text), RULES)


def error_of(tmp_path: Path, text: str, name: str = "attrlint.toml") -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, text, name)
    return info.value


# --- discovery ----------------------------------------------------------------------------------


def test_find_config_walks_up_from_a_file(tmp_path: Path) -> None:
    config = write(tmp_path / "attrlint.toml", "select = ['AT1']\n")
    draft = write(tmp_path / "desk" / "world" / "story.md", "Text.\n")
    assert find_config(draft) == config
    assert find_config(draft.parent) == config


def test_find_config_skips_pyproject_without_our_table(tmp_path: Path) -> None:
    ours = write(tmp_path / "pyproject.toml", "[tool.attrlint]\nignore = ['AT102']\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.ruff]\nline-length = 90\n")
    assert find_config(tmp_path / "sub") == ours


def test_find_config_prefers_attrlint_toml_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.attrlint]\nignore = ['AT102']\n")
    ours = write(tmp_path / "attrlint.toml", "ignore = ['AT101']\n")
    assert find_config(tmp_path) == ours


def test_find_config_nearest_wins(tmp_path: Path) -> None:
    write(tmp_path / "attrlint.toml", "")
    inner = write(tmp_path / "a" / "pyproject.toml", "[tool.attrlint]\n")
    assert find_config(tmp_path / "a" / "b") == inner


def test_find_config_none_when_nothing_up_to_root(tmp_path: Path) -> None:
    # tmp_path's ancestors could hold a stray config on a dev machine; only assert when clean.
    start = tmp_path / "x"
    start.mkdir()
    found = find_config(start)
    assert found is None or tmp_path not in found.parents


def test_broken_pyproject_mentioning_us_is_found_and_reported(tmp_path: Path) -> None:
    bad = write(tmp_path / "pyproject.toml", "[tool.attrlint]\nselect = [\n")
    assert find_config(tmp_path) == bad
    with pytest.raises(ConfigError):
        load_config(bad, RULES)


def test_broken_pyproject_not_mentioning_us_is_skipped(tmp_path: Path) -> None:
    ours = write(tmp_path / "attrlint.toml", "")
    write(tmp_path / "sub" / "pyproject.toml", "[tool.ruff\n")
    assert find_config(tmp_path / "sub") == ours


# --- loading ------------------------------------------------------------------------------------


def test_load_every_option(tmp_path: Path) -> None:
    s = load(tmp_path, """
        select = ["AT1", "AT301"]
        extend-select = ["AT9"]
        ignore = ["vague-attribution"]
        exclude = ["archive", "wire/*.md"]
        fail-on = "error"
        facts = "facts/story.toml"
        model = "en_core_web_sm"
        lexicons = ["words/house.toml"]

        [per-file-ignores]
        "wire/*.md" = ["AT2"]

        [severity]
        AT101 = "info"
        missing-denial = "error"
    """)
    root = os.path.abspath(tmp_path)
    assert s.path == str(tmp_path / "attrlint.toml")
    assert s.root == root
    assert s.select == ("AT1", "AT301")
    assert s.extend_select == ("AT9",)
    assert s.ignore == ("vague-attribution",)
    assert s.exclude == ("archive", "wire/*.md")
    assert s.fail_on == "error"
    assert s.facts == os.path.join(root, "facts", "story.toml")
    assert s.model == "en_core_web_sm"
    assert s.lexicons == (os.path.join(root, "words", "house.toml"),)
    assert s.per_file_ignores == {"wire/*.md": ("AT2",)}
    assert s.severity == {"AT101": "info", "missing-denial": "error"}


def test_defaults_from_empty_file_and_pyproject_table(tmp_path: Path) -> None:
    s = load(tmp_path, "")
    assert (s.select, s.ignore, s.fail_on, s.facts, s.per_file_ignores) == (None, (), "warning", None, {})
    p = load(tmp_path, "[project]\nname = 'desk'\n\n[tool.attrlint]\nfail-on = 'info'\n", "pyproject.toml")
    assert p.fail_on == "info"
    d = default_settings(tmp_path)
    assert d.path is None and d.root == os.path.abspath(tmp_path)


def test_pyproject_subtables(tmp_path: Path) -> None:
    s = load(tmp_path, """
        [tool.attrlint]
        select = ["AT101"]

        [tool.attrlint.per-file-ignores]
        "briefs/*.txt" = ["AT101"]

        [tool.attrlint.severity]
        AT101 = "warning"
    """, "pyproject.toml")
    assert s.per_file_ignores == {"briefs/*.txt": ("AT101",)}
    assert s.severity == {"AT101": "warning"}


def test_model_path_resolves_but_package_name_does_not(tmp_path: Path) -> None:
    s = load(tmp_path, "model = 'models/newsroom'\n")
    assert s.model == os.path.join(os.path.abspath(tmp_path), "models", "newsroom")


# --- errors, one by one, each with its line -----------------------------------------------------


def test_unknown_key_names_line_and_suggests(tmp_path: Path) -> None:
    e = error_of(tmp_path, "select = ['AT1']\n\nextend_select = ['AT2']\n")
    assert e.line == 3
    assert str(e) == (f"{tmp_path / 'attrlint.toml'}:3: unknown option 'extend_select' in attrlint.toml "
                      "(did you mean 'extend-select'?)")


def test_unknown_key_in_pyproject_table(tmp_path: Path) -> None:
    e = error_of(tmp_path, "[project]\nname = 'x'\n\n[tool.attrlint]\nselect = []\nfoo = 1\n",
                 "pyproject.toml")
    assert e.line == 6
    assert "unknown option 'foo' in [tool.attrlint]" in str(e)


def test_unknown_table_reports_its_header_line(tmp_path: Path) -> None:
    e = error_of(tmp_path, "fail-on = 'error'\n\n[rules]\nx = 1\n")
    assert (e.line, e.message) == (3, "unknown option 'rules' in attrlint.toml")


def test_unknown_code_in_select_points_at_the_code(tmp_path: Path) -> None:
    e = error_of(tmp_path, 'fail-on = "info"\nselect = [\n  "AT101",\n  "AT999",\n]\n')
    assert e.line == 4
    assert "unknown rule code 'AT999' in 'select'" in str(e)


@pytest.mark.parametrize("key", ["ignore", "extend-select"])
def test_unknown_code_in_other_lists(tmp_path: Path, key: str) -> None:
    e = error_of(tmp_path, f"\n{key} = ['AT101', 'no-such-rule']\n")
    assert e.line == 2
    assert f"unknown rule code 'no-such-rule' in '{key}'" in e.message


def test_unknown_code_in_per_file_ignores(tmp_path: Path) -> None:
    e = error_of(tmp_path, '[per-file-ignores]\n"a/*.md" = ["AT101"]\n"b/*.md" = ["AT7"]\n')
    assert e.line == 3
    assert "'AT7'" in e.message and "b/*.md" in e.message


def test_unknown_code_in_severity(tmp_path: Path) -> None:
    e = error_of(tmp_path, "[severity]\nAT101 = 'info'\nAT555 = 'error'\n")
    assert (e.line, e.message) == (3, "unknown rule code 'AT555' in 'severity'")


def test_bad_severity_value(tmp_path: Path) -> None:
    e = error_of(tmp_path, "[severity]\nAT101 = 'fatal'\n")
    assert e.line == 2
    assert "must be one of error, warning, info, not 'fatal'" in e.message
    assert error_of(tmp_path, "[severity]\nAT101 = 3\n").line == 2


def test_bad_fail_on(tmp_path: Path) -> None:
    e = error_of(tmp_path, "select = ['AT1']\nfail-on = 'never'\n")
    assert e.line == 2 and "'fail-on' must be one of error, warning, info" in e.message


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("select = 'AT101'\n", 1, "'select' must be a list of strings, not a string"),
        ("\nignore = [1, 2]\n", 2, "'ignore' must be a list of strings, found an integer"),
        ("facts = ['a.toml']\n", 1, "'facts' must be a string, not a list"),
        ("\n\nmodel = 3\n", 3, "'model' must be a string, not an integer"),
        ("lexicons = 'x.toml'\n", 1, "'lexicons' must be a list of strings, not a string"),
        ("fail-on = true\n", 1, "'fail-on' must be a string, not a boolean"),
        ("exclude = {a = 1}\n", 1, "'exclude' must be a list of strings, not a table"),
        ("per-file-ignores = ['x']\n", 1, "'per-file-ignores' must be a table, not a list"),
        ("severity = 'error'\n", 1, "'severity' must be a table, not a string"),
        ('[per-file-ignores]\n"x.md" = "AT101"\n', 2,
         "per-file-ignores \"x.md\" must be a list of strings, not a string"),
    ],
)
def test_wrong_types(tmp_path: Path, text: str, line: int, message: str) -> None:
    e = error_of(tmp_path, text)
    assert (e.line, e.message) == (line, message)


def test_attrlint_table_not_a_table(tmp_path: Path) -> None:
    e = error_of(tmp_path, "[tool]\nattrlint = 1\n", "pyproject.toml")
    assert (e.line, e.message) == (2, "[tool.attrlint] must be a table")


def test_bad_toml_is_one_line_with_line_number(tmp_path: Path) -> None:
    e = error_of(tmp_path, 'select = ["AT1"]\nignore = ["AT2"\nfail-on = "x"\n')
    assert e.line == 3
    text = str(e)
    assert "\n" not in text
    assert text.startswith(f"{tmp_path / 'attrlint.toml'}:3: bad TOML: ")
    e = error_of(tmp_path, "select = ['AT1']\nfacts =\n")
    assert e.line == 2


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "missing.toml", RULES)
    assert str(info.value).startswith(f"{tmp_path / 'missing.toml'}: cannot read")
    (tmp_path / "attrlint.toml").write_bytes(b"select = ['\xff']\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(tmp_path / "attrlint.toml", RULES)


def test_config_error_str_without_line() -> None:
    assert str(ConfigError("a/b.toml", None, "broken\n  badly")) == "a/b.toml: broken badly"


# --- selectors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("selector", "codes"),
    [
        ("AT101", {"AT101"}),
        ("AT1", {"AT101", "AT102", "AT110"}),
        ("AT10", {"AT101", "AT102"}),
        ("AT", ALL),
        ("ALL", ALL),
        ("unattributed-figure", {"AT101"}),
        ("at2", {"AT201"}),
    ],
)
def test_resolve_selector(selector: str, codes: set[str]) -> None:
    assert resolve_selector(selector, RULES) == codes


@pytest.mark.parametrize("selector", ["AT999", "AT5", "XY", "unknown-rule", "", "all"])
def test_resolve_selector_unknown(selector: str) -> None:
    with pytest.raises(UnknownRuleError) as info:
        resolve_selector(selector, RULES)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == f"unknown rule selector '{selector}'"


def settings(**kw) -> Settings:
    return Settings(path=None, root="/desk", **kw)


def test_enabled_default_is_everything() -> None:
    assert enabled_codes(settings(), RULES) == ALL


def test_select_replaces_extend_adds_ignore_removes() -> None:
    assert enabled_codes(settings(select=("AT1",)), RULES) == {"AT101", "AT102", "AT110"}
    assert enabled_codes(settings(select=("AT1",), extend_select=("AT301",)), RULES) == {
        "AT101", "AT102", "AT110", "AT301"}
    assert enabled_codes(settings(ignore=("AT1", "AT900")), RULES) == {"AT201", "AT301"}
    assert enabled_codes(settings(select=()), RULES) == set()


def test_more_specific_selector_wins() -> None:
    # ruff's rule: the longer selector decides, whichever list it is in.
    assert enabled_codes(settings(select=("AT101",), ignore=("AT1",)), RULES) == {"AT101"}
    assert enabled_codes(settings(select=("AT1",), ignore=("AT101",)), RULES) == {"AT102", "AT110"}
    assert enabled_codes(settings(select=("AT10",), ignore=("AT1",)), RULES) == {"AT101", "AT102"}
    assert "AT101" in enabled_codes(settings(ignore=("AT",), extend_select=("unattributed-figure",)), RULES)
    # A tie goes to ignore.
    assert enabled_codes(settings(select=("AT1",), ignore=("AT1",)), RULES) == set()


def test_enabled_codes_unknown_selector_raises() -> None:
    with pytest.raises(UnknownRuleError):
        enabled_codes(settings(select=("AT7",)), RULES)


def test_per_file_ignores_match_relative_posix_paths(tmp_path: Path) -> None:
    s = Settings(path=None, root=str(tmp_path),
                 per_file_ignores={"wire/*.md": ("AT1",), "*.txt": ("missing-denial",),
                                   "!features/*": ("AT900",)})
    wire = str(tmp_path / "wire" / "reuters.md")
    assert enabled_codes(s, RULES, wire) == ALL - {"AT101", "AT102", "AT110", "AT900"}
    # A glob without a slash also matches the file name in any directory.
    assert enabled_codes(s, RULES, str(tmp_path / "features" / "brief.txt")) == ALL - {"AT301"}
    assert enabled_codes(s, RULES, str(tmp_path / "features" / "long.md")) == ALL
    assert enabled_codes(s, RULES, None) == ALL
    # Relative paths are taken from the current directory, then made relative to the root.
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert "AT101" not in enabled_codes(s, RULES, "wire/reuters.md")
    finally:
        os.chdir(cwd)


def test_is_excluded(tmp_path: Path) -> None:
    s = Settings(path=None, root=str(tmp_path), exclude=("archive", "*.draft.md", "wire/old/"))
    assert is_excluded(s, str(tmp_path / "archive" / "2019" / "a.md"))
    assert is_excluded(s, str(tmp_path / "x" / "story.draft.md"))
    assert is_excluded(s, str(tmp_path / "wire" / "old" / "a.md"))
    assert not is_excluded(s, str(tmp_path / "wire" / "new" / "a.md"))
    assert not is_excluded(s, str(tmp_path / "archived.md"))


def test_severity_overrides_most_specific_wins() -> None:
    s = settings(severity={"ALL": "info", "AT1": "warning", "unattributed-figure": "error"})
    assert effective_severity(s, RULES["AT101"]) is Severity.ERROR
    assert effective_severity(s, RULES["AT102"]) is Severity.WARNING
    assert effective_severity(s, RULES["AT301"]) is Severity.INFO
    assert effective_severity(settings(), RULES["AT201"]) is Severity.ERROR
    assert effective_severity(settings(severity={"AT301": "error"}), RULES["AT301"]) is Severity.ERROR


# --- CLI ----------------------------------------------------------------------------------------


def test_merge_cli_select_replaces_the_selection() -> None:
    base = settings(select=("AT1",), ignore=("AT101",), extend_select=("AT301",))
    merged = merge_cli(base, select=["AT101", "AT201"])
    assert (merged.select, merged.ignore, merged.extend_select) == (("AT101", "AT201"), (), ())
    assert enabled_codes(merged, RULES) == {"AT101", "AT201"}


def test_merge_cli_ignore_and_extend_select_add() -> None:
    base = settings(select=("AT1",), ignore=("AT110",))
    merged = merge_cli(base, ignore=["AT102"], extend_select=["AT3"])
    assert merged.select == ("AT1",)
    assert merged.ignore == ("AT110", "AT102")
    assert merged.extend_select == ("AT3",)
    assert enabled_codes(merged, RULES) == {"AT101", "AT301"}


def test_merge_cli_overrides_config_selectors_it_covers() -> None:
    # The command line is a later layer: its --extend-select brings back a configured ignore …
    assert "AT101" in enabled_codes(merge_cli(settings(ignore=("AT101",)), extend_select=["AT101"]), RULES)
    assert "AT101" in enabled_codes(merge_cli(settings(ignore=("AT101",)), extend_select=["AT1"]), RULES)
    # … and its --ignore beats a more specific configured select.
    merged = merge_cli(settings(select=("AT101", "AT201")), ignore=["AT1"])
    assert enabled_codes(merged, RULES) == {"AT201"}


def test_merge_cli_fail_on_and_facts(tmp_path: Path) -> None:
    base = settings(fail_on="error", facts="/desk/facts.toml")
    assert merge_cli(base) == base
    merged = merge_cli(base, fail_on="info", facts="other.toml")
    assert merged.fail_on == "info"
    assert merged.facts == os.path.abspath("other.toml")


def test_fingerprint_changes_with_settings() -> None:
    a = settings(select=("AT1",))
    assert a.fingerprint() == settings(select=("AT1",)).fingerprint()
    assert a.fingerprint() != settings(select=("AT2",)).fingerprint()
    assert a.fingerprint() != settings(select=("AT1",), severity={"AT101": "info"}).fingerprint()


def test_line_lookup_is_not_fooled_by_array_rows_and_dotted_keys(tmp_path: Path) -> None:
    # A nested list row is not a [table] header, so fail-on is still found at the top level.
    e = error_of(tmp_path, 'exclude = [\n  ["a"]\n]\nfail-on = 3\n')
    assert (e.line, e.message) == (4, "'fail-on' must be a string, not an integer")
    e = error_of(tmp_path, "[tool.attrlint]\nseverity.AT101 = 'info'\nseverity.AT999 = 'info'\n",
                 "pyproject.toml")
    assert (e.line, e.message) == (3, "unknown rule code 'AT999' in 'severity'")
    e = error_of(tmp_path, "[project]\nname = 'x'\n[ tool . \"attrlint\" ]\nselect = ['AT1']\nbad = 1\n",
                 "pyproject.toml")
    assert e.line == 5
    # A key-like line inside a multi-line string is text, not a key.
    e = error_of(tmp_path, 'model = """\nbad = 1\n"""\nbad = 2\n')
    assert (e.line, e.message) == (4, "unknown option 'bad' in attrlint.toml")
