"""Bad input, faults and hostile text: every case gets a clear answer and the rest is still checked."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.helpers import ROOT, run_cli

# "Harbоur" has a Cyrillic "о" (U+043E): AT402 finds it without the NLP pipeline, so positions
# can be checked cheaply in every layout below.
LOOKALIKE = "Harbоur"
MIXED_LINE = f"The {LOOKALIKE} Board met on Friday.\n"


def _json(r: subprocess.CompletedProcess[str]) -> list[dict]:
    assert "Traceback" not in r.stderr, r.stderr
    return json.loads(r.stdout)


def _at4(path: str, cwd: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli(["check", "--select", "AT4", "--output-format", "json", *extra, path], cwd=cwd)


def _one_error_line(r: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in r.stderr, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    return lines[0]


# --- the input matrix -------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\n", b"\n", b"\xef\xbb\xbf"])
def test_empty_and_blank_files_are_clean(tmp_path, content):
    (tmp_path / "d.md").write_bytes(content)
    r = run_cli(["check", "--output-format", "json", "d.md"], cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _json(r) == []


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_positions_survive_bom_and_line_endings(tmp_path, newline, bom):
    text = newline.join(["Title", "", "Second para here.", MIXED_LINE.rstrip("\n"), ""])
    (tmp_path / "d.md").write_bytes(bom + text.encode("utf-8"))
    found = _json(_at4("d.md", tmp_path))
    assert [(d["line"], d["column"], d["end_line"], d["end_column"]) for d in found] == [(4, 5, 4, 11)]


def test_lone_cr_in_plain_text(tmp_path):
    (tmp_path / "d.txt").write_bytes(("One.\rTwo.\r" + MIXED_LINE).encode("utf-8"))
    found = _json(_at4("d.txt", tmp_path))
    assert [(d["line"], d["column"]) for d in found] == [(3, 5)]


def test_invalid_utf8_names_file_and_offset_and_others_still_checked(tmp_path):
    (tmp_path / "a_bad.md").write_bytes(b"fine line\nbad \xff byte\n")
    (tmp_path / "b_good.md").write_text(MIXED_LINE, encoding="utf-8")
    r = _at4(".", tmp_path)
    assert r.returncode == 2
    line = _one_error_line(r)
    assert "a_bad.md" in line and "byte 14" in line
    assert [d["path"] for d in json.loads(r.stdout)] == ["b_good.md"]


def test_binary_file_named_explicitly(tmp_path):
    (tmp_path / "img.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    r = _at4("img.md", tmp_path)
    assert r.returncode == 2
    assert "img.md" in _one_error_line(r)


def test_utf16_file_is_refused_clearly(tmp_path):
    (tmp_path / "u.md").write_bytes(MIXED_LINE.encode("utf-16"))
    r = _at4("u.md", tmp_path)
    assert r.returncode == 2
    assert "u.md" in _one_error_line(r)


def test_five_megabyte_draft(tmp_path):
    para = "The harbour board met on Friday, and the ferry crews waited for the wind to drop.\n\n"
    body = para * (5_000_000 // len(para))
    (tmp_path / "big.md").write_text(body + MIXED_LINE, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    r = _at4("big.md", tmp_path, "--no-cache")
    found = _json(r)
    assert [(d["line"], d["column"]) for d in found] == [(body.count("\n") + 1, 5)]
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # A generous bound: a copy per stage would still pass, a quadratic blow-up would not.
    assert max(before, peak_kb) < 1_500_000


def test_single_200000_character_line(tmp_path):
    (tmp_path / "long.md").write_text("word " * 40_000 + LOOKALIKE + "\n", encoding="utf-8")
    r = run_cli(["check", "--output-format", "json", "--no-cache", "long.md"], cwd=tmp_path)
    found = [d for d in _json(r) if d["code"] == "AT402"]
    assert [(d["line"], d["column"], d["end_column"]) for d in found] == [(1, 200_001, 200_007)]


def test_paragraph_longer_than_the_parser_limit_is_cut_at_sentence_ends():
    # spaCy refuses texts over nlp.max_length (1,000,000 characters): analyse() cuts long
    # paragraphs into pieces first. Checked in-process: parsing a million characters takes minutes.
    from attrlint.analysis.chunks import cut_long_blocks
    from attrlint.engine import build_document

    text = "The board met and about 300 boats stayed in port. " * 1_000
    doc = build_document("wall.txt", text)
    cut_long_blocks(doc, limit=5_000)
    assert len(doc.blocks) > 1 and all(len(b.text) <= 5_000 for b in doc.blocks)
    assert [b.continues for b in doc.blocks] == [False] + [True] * (len(doc.blocks) - 1)
    assert "".join(b.text for b in doc.blocks) == text.strip() or "".join(b.text for b in doc.blocks) == text
    for b in doc.blocks:
        assert all(text[b.to_source(i)] == ch for i, ch in enumerate(b.text))


def test_parse_batches_bound_characters_and_keep_order():
    # The parser's memory grows with a batch's tokens: long pieces go one at a time, short cells
    # many at a time, and every text comes back in its place.
    from attrlint.analysis.pipeline import parse_batches

    class Recorder:
        def __init__(self):
            self.batches: list[list[str]] = []

        def pipe(self, texts, batch_size):
            assert batch_size == len(texts)
            self.batches.append(list(texts))
            return iter([t.upper() for t in texts])

    texts = ["a" * 6_000, "b" * 3_000, "c" * 9_000] + [f"cell {k}" for k in range(300)] + ["d" * 10]
    nlp = Recorder()
    assert list(parse_batches(nlp, texts, max_chars=8_000, max_docs=128)) == [t.upper() for t in texts]
    assert [len(b) for b in nlp.batches[:3]] == [1, 1, 1]
    assert all(len(b) <= 128 for b in nlp.batches)
    assert all(sum(map(len, b)) <= 8_000 or len(b) == 1 for b in nlp.batches)
    assert len(nlp.batches) == 3 + 3


def test_deeply_nested_directories(tmp_path):
    deep = tmp_path.joinpath(*[f"d{i}" for i in range(50)])
    deep.mkdir(parents=True)
    (deep / "bottom.md").write_text(MIXED_LINE, encoding="utf-8")
    found = _json(_at4("d0", tmp_path))
    assert len(found) == 1 and found[0]["path"].endswith("d49/bottom.md")


def test_symlink_loop_ends(tmp_path):
    (tmp_path / "desk").mkdir()
    (tmp_path / "desk" / "story.md").write_text(MIXED_LINE, encoding="utf-8")
    os.symlink("..", tmp_path / "desk" / "up")
    os.symlink("loop", tmp_path / "desk" / "loop")  # points at itself
    r = _at4("desk", tmp_path)
    found = _json(r)
    assert [d["path"] for d in found] == ["desk/story.md"]


def test_broken_symlink_named_explicitly(tmp_path):
    os.symlink("gone.md", tmp_path / "link.md")
    r = _at4("link.md", tmp_path)
    assert r.returncode == 2
    assert "link.md" in _one_error_line(r)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="running as root: chmod 000 does not stop root reading the file; "
                           "test_unreadable_file_simulated covers the same path")
def test_unreadable_file(tmp_path):
    (tmp_path / "locked.md").write_text(MIXED_LINE, encoding="utf-8")
    (tmp_path / "open.md").write_text(MIXED_LINE, encoding="utf-8")
    os.chmod(tmp_path / "locked.md", 0)
    try:
        r = _at4(".", tmp_path)
    finally:
        os.chmod(tmp_path / "locked.md", 0o644)
    assert r.returncode == 2
    assert "locked.md: permission denied" in _one_error_line(r)
    assert [d["path"] for d in json.loads(r.stdout)] == ["open.md"]


def test_unreadable_file_simulated(tmp_path, monkeypatch, capsys):
    """As root chmod cannot block reads, so the file read the reader uses is made to refuse one file."""
    from attrlint import reader
    from attrlint.run import CheckOptions, run_check

    (tmp_path / "locked.md").write_text(MIXED_LINE, encoding="utf-8")
    (tmp_path / "open.md").write_text(MIXED_LINE, encoding="utf-8")
    real_read = reader.read_regular

    def guarded(name, *args, **kwargs):
        if str(name).endswith("locked.md"):
            raise PermissionError(13, "Permission denied", str(name))
        return real_read(name, *args, **kwargs)

    monkeypatch.setattr(reader, "read_regular", guarded)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ATTRLINT_CACHE_DIR", str(tmp_path / ".cache"))
    code = run_check(CheckOptions(paths=(".",), select=("AT4",), output_format="json", cache=False))
    out, err = capsys.readouterr()
    assert code == 2
    assert err.strip().splitlines() == ["locked.md: permission denied"]
    assert [d["path"] for d in json.loads(out)] == ["open.md"]


def test_missing_path_does_not_stop_the_others(tmp_path):
    (tmp_path / "here.md").write_text(MIXED_LINE, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4", "--output-format", "json", "gone.md", "here.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert "gone.md" in _one_error_line(r)
    assert [d["path"] for d in json.loads(r.stdout)] == ["here.md"]


def test_stdin_closed(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(tmp_path / ".c"))
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    r = subprocess.run([sys.executable, "-m", "attrlint", "check", "--output-format", "json", "-"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, cwd=tmp_path, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == []


def test_stdin_invalid_utf8_names_stdin_filename(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(tmp_path / ".c"))
    r = subprocess.run([sys.executable, "-m", "attrlint", "check", "--stdin-filename", "desk/x.md", "-"],
                       input=b"ok\n\xc3(", capture_output=True, cwd=tmp_path, env=env, timeout=120)
    err = r.stderr.decode()
    assert r.returncode == 2
    assert "Traceback" not in err and err.strip().splitlines() == ["desk/x.md: not valid UTF-8 at byte 3 (line 2)"]


MARKDOWN_TORTURE = f"""# Title with {LOOKALIKE}

> A quote with about 300 boats
> > and a nested quote, {LOOKALIKE}
> - and a list in a quote

1. first
   - nested 40 boats
     - deeper {LOOKALIKE}
2. second

| Port | Boats |
|------|------:|
| {LOOKALIKE} | 300 |

Footnoted claim about 12 ferries.[^1]

[^1]: The footnote says {LOOKALIKE}.

<div class="box">
raw html {LOOKALIKE}
</div>

<!-- an unclosed comment never ends

```python
print("unclosed fence {LOOKALIKE}")
"""


def test_markdown_torture_full_pipeline(tmp_path):
    (tmp_path / "t.md").write_text(MARKDOWN_TORTURE, encoding="utf-8")
    r = run_cli(["check", "--output-format", "json", "--no-cache", "t.md"], cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    lines = MARKDOWN_TORTURE.split("\n")
    for d in _json(r):
        assert 1 <= d["line"] <= len(lines)
        assert 1 <= d["column"] <= len(lines[d["line"] - 1]) + 1
        if d["code"] == "AT402":
            row = lines[d["line"] - 1]
            assert row[d["column"] - 1:d["end_column"]] == LOOKALIKE


def test_markdown_torture_finds_lookalikes_in_prose(tmp_path):
    (tmp_path / "t.md").write_text(MARKDOWN_TORTURE, encoding="utf-8")
    found = _json(_at4("t.md", tmp_path))
    lines = {d["line"] for d in found}
    # Heading, nested quote, nested list, table cell and footnote are prose a reader sees.
    assert {1, 4, 9, 14, 18} <= lines


# --- fact files: every malformed field, one line, file and line, exit 2 ---------------------------------

SOURCE = '[[source]]\nid = "board"\nname = "Harbour Board"\n'
FACT = '[[fact]]\nid = "boats"\nvalue = 300\nunit = "boats"\nsource = "board"\n'

BAD_FACTS = {
    "bad-toml": ("[[fact]\nid = 1\n", 1),
    "value-string": (SOURCE + FACT.replace("value = 300", 'value = "many"'), 6),
    "value-bool": (SOURCE + FACT.replace("value = 300", "value = true"), 6),
    "value-nan": (SOURCE + FACT.replace("value = 300", "value = nan"), 6),
    "value-three": (SOURCE + FACT.replace("value = 300", "value = [1, 2, 3]"), 6),
    "range-reversed": (SOURCE + FACT.replace("value = 300", "value = [9, 2]"), 6),
    "missing-value": (SOURCE + FACT.replace("value = 300\n", ""), 4),
    "missing-unit": (SOURCE + FACT.replace('unit = "boats"\n', ""), 4),
    "unknown-source": (SOURCE + FACT.replace('source = "board"', 'source = "nobody"'), 8),
    "duplicate-fact": (SOURCE + FACT + "\n" + FACT, 11),
    "duplicate-source": (SOURCE + "\n" + SOURCE, 6),
    "id-number": (SOURCE.replace('id = "board"', "id = 7"), 2),
    "aliases-string": (SOURCE + 'aliases = "the board"\n', 4),
    "about-string": (SOURCE + FACT + 'about = "ferries"\n', 9),
    "approx-string": (SOURCE + FACT + 'approx = "yes"\n', 9),
    "unknown-key": (SOURCE + FACT + "colour = 3\n", 9),
    "denial-no-party": (SOURCE + '[[denial]]\nabout = ["boats"]\n', 4),
    "denial-empty-about": (SOURCE + '[[denial]]\nparty = "board"\nabout = []\n', 6),
    "denial-date-number": (SOURCE + '[[denial]]\nparty = "board"\nabout = ["x"]\ndate = 5\n', 7),
    "story-slug-number": ("[story]\nslug = 4\n", 2),
    "unknown-table": ("[weather]\nwind = 3\n", 1),
    "source-not-array": ("source = 3\n", 1),
}


@pytest.mark.parametrize("name", sorted(BAD_FACTS))
def test_bad_fact_file_one_line(tmp_path, name):
    text, line = BAD_FACTS[name]
    (tmp_path / "f.toml").write_text(text, encoding="utf-8")
    r = run_cli(["facts", "check", "f.toml"], cwd=tmp_path)
    assert r.returncode == 2
    assert _one_error_line(r).startswith(f"f.toml:{line}:")


def test_bad_fact_file_during_check(tmp_path):
    (tmp_path / "f.toml").write_text(BAD_FACTS["value-string"][0], encoding="utf-8")
    (tmp_path / "d.md").write_text(MIXED_LINE, encoding="utf-8")
    r = run_cli(["check", "--select", "AT2", "--facts", "f.toml", "d.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert _one_error_line(r).startswith("f.toml:6:")


@pytest.mark.parametrize("content", [b"\xff\xfe\x00", b"[[fact]]\nid = \"\xff\"\n"])
def test_fact_file_not_utf8(tmp_path, content):
    (tmp_path / "f.toml").write_bytes(content)
    r = run_cli(["facts", "check", "f.toml"], cwd=tmp_path)
    assert r.returncode == 2
    assert _one_error_line(r).startswith("f.toml")


def test_fact_file_is_a_directory(tmp_path):
    (tmp_path / "f.toml").mkdir()
    r = run_cli(["facts", "check", "f.toml"], cwd=tmp_path)
    assert r.returncode == 2
    assert _one_error_line(r).startswith("f.toml")


# --- config: every malformed field -----------------------------------------------------------------------

BAD_CONFIGS = {
    "bad-toml": ('select = ["AT4"\n', 1),
    "unknown-key": ('select = ["AT4"]\nignroe = ["AT101"]\n', 2),
    "select-string": ('select = "AT4"\n', 1),
    "select-number-item": ("\n\nselect = [4]\n", 3),
    "unknown-rule": ('\nignore = ["AT999"]\n', 2),
    "fail-on-bad": ('fail-on = "fatal"\n', 1),
    "fail-on-number": ("fail-on = 1\n", 1),
    "exclude-string": ('exclude = "drafts/"\n', 1),
    "facts-list": ('facts = ["a.toml"]\n', 1),
    "per-file-ignores-list": ('per-file-ignores = ["AT101"]\n', 1),
    "per-file-ignores-unknown": ('[per-file-ignores]\n"*.md" = ["AT999"]\n', 2),
    "severity-bad": ('[severity]\nAT101 = "fatal"\n', 2),
    "severity-unknown-rule": ('[severity]\nAT999 = "error"\n', 2),
}


@pytest.mark.parametrize("name", sorted(BAD_CONFIGS))
def test_bad_config_one_line(tmp_path, name):
    text, line = BAD_CONFIGS[name]
    (tmp_path / "attrlint.toml").write_text(text, encoding="utf-8")
    (tmp_path / "d.md").write_text(MIXED_LINE, encoding="utf-8")
    r = run_cli(["check", "d.md"], cwd=tmp_path)
    assert r.returncode == 2, r.stdout
    assert f"attrlint.toml:{line}:" in _one_error_line(r)
    assert r.stdout == ""


def test_bad_pyproject_table(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool]\nattrlint = 3\n', encoding="utf-8")
    (tmp_path / "d.md").write_text(MIXED_LINE, encoding="utf-8")
    r = run_cli(["check", "d.md"], cwd=tmp_path)
    assert r.returncode == 2
    assert "pyproject.toml" in _one_error_line(r)


def test_config_values_are_never_executed(tmp_path):
    (tmp_path / "attrlint.toml").write_text('facts = "$(touch PWNED)"\nlexicons = ["`touch PWNED2`"]\n',
                                            encoding="utf-8")
    (tmp_path / "d.md").write_text(MIXED_LINE, encoding="utf-8")
    r = run_cli(["check", "d.md"], cwd=tmp_path)
    assert "Traceback" not in r.stderr
    assert r.returncode == 2
    assert not (tmp_path / "PWNED").exists() and not (tmp_path / "PWNED2").exists()


# --- the cache under concurrency and corruption ------------------------------------------------------

STORIES = [
    "The council said 640 people slept outside on Monday.\n",
    "About 300 boats stayed in port, and officials said 12 crews were stranded.\n",
    "The Harbоur Board said nothing.\n\n\"We are ready,\" a statement read.\n",
    "Police made 18 arrests, the council said, though the charity said 20.\n",
    "Roughly half of the 40 ferries sailed.\n",
    "The Board said 7 ships were damaged, while others put it at 9.\n",
]


def _corpus(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    d.mkdir()
    for i, s in enumerate(STORIES):
        (d / f"s{i}.md").write_text(s, encoding="utf-8")
    return d


def test_four_processes_share_one_cache(tmp_path):
    d = _corpus(tmp_path)
    cache = tmp_path / "shared-cache"
    alone = run_cli(["check", "--output-format", "json", "--no-cache", "."], cwd=d)
    expected = {(x["path"], x["line"], x["column"], x["code"], x["message"]) for x in _json(alone)}
    assert expected
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(cache))
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    sets = [["s0.md", "s1.md", "s2.md"], ["s1.md", "s2.md", "s3.md"], ["s2.md", "s3.md", "s4.md", "s5.md"],
            ["s0.md", "s5.md", "s3.md"]]
    procs = [subprocess.Popen([sys.executable, "-m", "attrlint", "check", "--output-format", "json", *s],
                              cwd=d, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for s in sets]
    outs = [p.communicate(timeout=300) for p in procs]
    got: set[tuple] = set()
    for (out, err), files in zip(outs, sets, strict=True):
        assert "Traceback" not in err and "warning" not in err, err
        mine = {(x["path"], x["line"], x["column"], x["code"], x["message"]) for x in json.loads(out)}
        assert mine == {e for e in expected if e[0] in files}
        got |= mine
    assert got == expected
    # A warm run from the shared cache gives the same answer again.
    warm = subprocess.run([sys.executable, "-m", "attrlint", "check", "--output-format", "json", "."], cwd=d,
                          env=env, capture_output=True, text=True, timeout=300)
    assert {(x["path"], x["line"], x["column"], x["code"], x["message"]) for x in json.loads(warm.stdout)} \
        == expected


@pytest.fixture(scope="module")
def filled_cache(tmp_path_factory):
    """The corpus, a cache one run filled, and that run: each kind of damage below gets a copy."""
    base = tmp_path_factory.mktemp("filled")
    d = _corpus(base)
    first = run_cli(["check", "--output-format", "json", "."], cwd=d, env={"ATTRLINT_CACHE_DIR": str(base / "c")})
    return d, base / "c", first


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "wrong-json"])
def test_damaged_cache_is_ignored_and_rewritten(tmp_path, damage, filled_cache):
    d, filled, first = filled_cache
    cache = tmp_path / "c"
    shutil.copytree(filled, cache)
    env = {"ATTRLINT_CACHE_DIR": str(cache)}
    entries = sorted(p for p in cache.rglob("*.json"))
    assert len(entries) == len(STORIES)
    for p in entries:
        raw = p.read_bytes()
        damaged = {"truncate": raw[: len(raw) // 2], "garbage": os.urandom(200), "empty": b"",
                   "wrong-json": json.dumps({"format": "attrlint-cache", "version": 1, "key": p.stem,
                                             "checksum": "0", "diagnostics": []}).encode()}[damage]
        p.write_bytes(damaged)
    second = run_cli(["check", "--output-format", "json", "."], cwd=d, env=env)
    assert "Traceback" not in second.stderr
    assert second.stdout == first.stdout and second.returncode == first.returncode
    for p in entries:
        entry = json.loads(p.read_bytes())
        assert entry["format"] == "attrlint-cache" and entry["key"] == p.stem


# --- attrlint never writes to what it reads -------------------------------------------------------------


def test_drafts_and_fact_files_are_never_written(tmp_path):
    d = _corpus(tmp_path)
    (d / "s0.facts.toml").write_text(SOURCE + FACT, encoding="utf-8")
    (d / "attrlint.toml").write_text('ignore = ["AT103"]\n', encoding="utf-8")
    for p in d.iterdir():
        os.utime(p, (1_000_000_000, 1_000_000_000))
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.iterdir()}
    for fmt in ("text", "html", "sarif"):
        run_cli(["check", "--output-format", fmt, "."], cwd=d, env={"ATTRLINT_CACHE_DIR": str(tmp_path / "c")})
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in d.iterdir()}
    assert after == before


# --- output escaping ----------------------------------------------------------------------------------

NASTY = 'a<b>&"q\'%:,.md'


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


def test_json_and_sarif_escape_paths(tmp_path):
    (tmp_path / NASTY).write_text(MIXED_LINE, encoding="utf-8")
    for fmt in ("json", "sarif", "rdjson"):
        r = run_cli(["check", "--select", "AT4", "--output-format", fmt, NASTY], cwd=tmp_path)
        values = set(_strings(json.loads(r.stdout)))
        # SARIF carries the path as a URI, percent-encoded; JSON and rdjson carry it as is.
        assert NASTY in values | {unquote(v) for v in values}, fmt
    lines = run_cli(["check", "--select", "AT4", "--output-format", "jsonl", NASTY], cwd=tmp_path).stdout
    assert [json.loads(x)["path"] for x in lines.splitlines()] == [NASTY]


def test_html_escapes_paths_and_source(tmp_path):
    evil = "<script>alert(1)</script>.md"
    # A slash cannot be in a file name, so the script tag goes in the draft text and a safe file name.
    (tmp_path / "a<b>.md").write_text("<script>alert(1)</script>\n\n" + MIXED_LINE, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4", "--output-format", "html", "a<b>.md"], cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    assert "<script>alert(1)</script>" not in r.stdout
    assert "a<b>.md" not in r.stdout and "a&lt;b&gt;.md" in r.stdout
    assert evil not in r.stdout


def test_github_annotations_escape(tmp_path):
    name = "50%, day:1.md"
    (tmp_path / name).write_text(MIXED_LINE, encoding="utf-8")
    r = run_cli(["check", "--select", "AT4", "--output-format", "github", name], cwd=tmp_path)
    first = r.stdout.splitlines()[0]
    assert first.startswith("::error file=50%25%2C day%3A1.md,line=1,col=5,")
    assert r.stdout.count("\n") == 1


def test_github_escaping_of_message_and_properties():
    from attrlint.model import Diagnostic, Severity
    from attrlint.report.github import annotation

    d = Diagnostic("a,b:c%.md", 1, 2, 1, 3, "AT101", "unattributed-figure", Severity.ERROR,
                   "50% up\r\nnext: a, b")
    out = annotation(d)
    assert "\n" not in out and "\r" not in out
    head, _, message = out.partition("::")[2].partition("::")
    assert "file=a%2Cb%3Ac%25.md," in head
    assert message.startswith("50%25 up%0D%0Anext: a, b")
