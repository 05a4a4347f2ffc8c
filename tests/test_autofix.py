"""``check --fix``, ``--unsafe-fixes`` and ``--diff``: what is written, what is not, and how it is said."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner

from attrlint.autofix import StaleDraft, unified_diff, write_fixed
from attrlint.cli import main
from tests.helpers import HULLS_FACTS, ROOT, run_cli

# A look-alike Cyrillic "о" in "Nоrdhavn" (AT402) and a name spelled two ways (AT401), with a BOM
# and Windows line endings that a fix must keep.
DRAFT = ("Harbour traffic\r\n\r\nThe harbour at Nоrdhavn reopened on Monday, the port authority said.\r\n\r\n"
         "Mayor Ingrid Solvang cut the ribbon. Solvangg thanked the crews. Solvang left at noon.\r\n")
FIXED = DRAFT.replace("Nоrdhavn", "Nordhavn").replace("Solvangg", "Solvang")
UNCREDITED = "Dry dock\n\nThe dry dock at Skarvik took in 35 hulls in March.\n"


@pytest.fixture
def desk(tmp_path):
    draft = tmp_path / "harbour.md"
    draft.write_bytes(b"\xef\xbb\xbf" + DRAFT.encode("utf-8"))
    draft.chmod(0o640)
    return tmp_path


def _check(cwd, *args, stdin=None):
    return run_cli(["check", "--no-cache", *args], cwd=cwd, stdin=stdin)


def test_fix_applies_safe_fixes_keeping_bom_line_endings_and_mode_and_is_idempotent(desk):
    draft = desk / "harbour.md"
    r = _check(desk, "harbour.md")
    assert r.returncode == 1
    assert "AT402 [*] " in r.stdout and "AT401 [*] " in r.stdout
    assert "[*] 2 fixable with the `--fix` option." in r.stdout

    r = _check(desk, "--fix", "harbour.md")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines() == ["Found 2 problems (2 fixed, 0 remaining)."]
    assert draft.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")
    assert stat.S_IMODE(draft.stat().st_mode) == 0o640
    assert [p.name for p in desk.iterdir() if p.name.endswith(".tmp")] == []

    before = draft.stat().st_mtime_ns
    r = _check(desk, "--fix", "harbour.md")
    assert r.returncode == 0 and "All checked: no problems in 1 file." in r.stdout
    assert draft.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")
    assert draft.stat().st_mtime_ns == before  # nothing to fix: the file is not even rewritten


def test_diff_writes_nothing_and_exits_1_when_there_is_something_to_fix(desk):
    draft = desk / "harbour.md"
    before = (draft.read_bytes(), draft.stat().st_mtime_ns)
    r = _check(desk, "--diff", "harbour.md")
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith("--- harbour.md\n+++ harbour.md\n@@ ")
    assert "-The harbour at Nоrdhavn" in r.stdout and "+The harbour at Nordhavn" in r.stdout
    assert "Would fix 2 problems." in r.stderr
    assert (draft.read_bytes(), draft.stat().st_mtime_ns) == before
    (desk / "clean.md").write_text("The harbour reopened on Monday.\n", encoding="utf-8")
    r = _check(desk, "--diff", "clean.md")
    assert r.returncode == 0 and r.stdout == "" and "No fixes to apply." in r.stderr


def test_crediting_a_source_needs_unsafe_fixes(tmp_path):
    draft = tmp_path / "skarvik.md"
    draft.write_text(UNCREDITED, encoding="utf-8")
    (tmp_path / "skarvik.facts.toml").write_text(HULLS_FACTS, encoding="utf-8")
    r = _check(tmp_path, "skarvik.md")
    assert "No fixes available (1 hidden fix can be enabled with the `--unsafe-fixes` option)." in r.stdout
    r = _check(tmp_path, "--fix", "skarvik.md")
    assert r.returncode == 1 and draft.read_text(encoding="utf-8") == UNCREDITED
    r = _check(tmp_path, "--fix", "--unsafe-fixes", "skarvik.md")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Found 1 problem (1 fixed, 0 remaining)." in r.stdout
    assert draft.read_text(encoding="utf-8") == UNCREDITED.replace(
        "in March.", "in March, the Skarvik port authority said.")


def test_fix_on_stdin_prints_the_fixed_draft_and_reports_on_stderr(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ATTRLINT_CACHE_DIR": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, "-m", "attrlint", "check", "--fix", "--stdin-filename", "harbour.md", "-"],
                       cwd=tmp_path, input=DRAFT.encode("utf-8"), capture_output=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout == FIXED.encode("utf-8")  # byte for byte: the CRLF line endings too
    assert "Found 2 problems (2 fixed, 0 remaining)." in r.stderr.decode("utf-8")


def test_a_draft_changed_while_fixing_is_left_alone_with_one_line_and_exit_2(desk, monkeypatch):
    """The file is edited after attrlint read it (here: while it is re-checked after fixing)."""
    import attrlint.outcome

    draft = desk / "harbour.md"
    real = attrlint.outcome.fix_draft
    edited = b"The reporter's newer version.\n"

    def fix_then_someone_saves(*args, **kwargs):
        result = real(*args, **kwargs)
        draft.write_bytes(edited)
        return result

    monkeypatch.setattr(attrlint.outcome, "fix_draft", fix_then_someone_saves)
    monkeypatch.chdir(desk)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--fix", "harbour.md"])
    assert result.exit_code == 2
    assert draft.read_bytes() == edited
    assert "harbour.md: changed on disk while attrlint was fixing it; left as it is (run attrlint again)" \
        in result.output


def test_write_fixed_refuses_a_file_changed_since_it_was_read_or_just_before_the_rename(tmp_path, monkeypatch):
    path = tmp_path / "d.md"
    path.write_text("new text\n", encoding="utf-8")
    with pytest.raises(StaleDraft):
        write_fixed(str(path), "old text\n", "fixed text\n")
    assert path.read_text(encoding="utf-8") == "new text\n"

    # Changed between the check of its content and the rename: the size or time gives it away.
    import attrlint.autofix

    real = attrlint.autofix.write_atomic

    def racing(target, data, before_replace=None):
        def edit_then_check():
            path.write_text("a reporter's edit, longer\n", encoding="utf-8")
            before_replace()
        return real(target, data, before_replace=edit_then_check)

    monkeypatch.setattr(attrlint.autofix, "write_atomic", racing)
    with pytest.raises(StaleDraft):
        write_fixed(str(path), "new text\n", "fixed text\n")
    assert path.read_text(encoding="utf-8") == "a reporter's edit, longer\n"
    assert sorted(os.listdir(tmp_path)) == ["d.md"]  # no temporary file left behind


def test_write_fixed_writes_through_a_symlink(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_fixed(str(link), "old\n", "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"


def test_unified_diff_marks_a_missing_final_newline():
    assert unified_diff("d.md", "a\nb", "a\nc") == (
        "--- d.md\n+++ d.md\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n"
        "\\ No newline at end of file\n")
