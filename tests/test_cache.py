"""The per-file result cache: keys, round trips, corruption, disk failures, concurrent writers."""

from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from attrlint import cache as cache_module
from attrlint.cache import ResultCache

DIAGS = [
    {"path": "story.md", "line": 3, "column": 5, "end_line": 3, "end_column": 9, "code": "AT101",
     "rule": "unattributed-figure", "severity": "error", "message": "“1,500” troops has no source",
     "suggestion": None, "fact": None},
]


def key_for(text: str) -> str:
    return ResultCache.key(text, "", "cfg", "lex", "0.1.0", "en_core_web_sm")


def test_key_is_stable_and_length_prefixed() -> None:
    assert ResultCache.key("ab", "c") == ResultCache.key(b"ab", b"c")
    assert ResultCache.key("ab", "c") != ResultCache.key("a", "bc")
    assert ResultCache.key("a", "") != ResultCache.key("a")
    assert len(key_for("x")) == 64 and key_for("x") != key_for("y")


def test_round_trip_and_layout(tmp_path: Path) -> None:
    directory = tmp_path / ".attrlint_cache"
    c = ResultCache(directory)
    k = key_for("The port handled 40 ships.")
    assert c.get(k) is None
    c.put(k, DIAGS)
    assert c.get(k) == DIAGS
    assert (directory / k[:2] / f"{k}.json").is_file()
    assert (directory / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (directory / ".gitignore").read_text().splitlines()[-1] == "*"
    # No temporary files are left behind.
    assert [p.name for p in (directory / k[:2]).iterdir()] == [f"{k}.json"]
    # A second instance (another run) reads it too; an empty result is a hit, not a miss.
    other = ResultCache(directory)
    assert other.get(k) == DIAGS
    other.put(key_for("empty"), [])
    assert c.get(key_for("empty")) == []


def test_disabled_cache_does_nothing(tmp_path: Path) -> None:
    c = ResultCache(tmp_path / "c", enabled=False)
    c.put(key_for("a"), DIAGS)
    assert c.get(key_for("a")) is None
    assert not (tmp_path / "c").exists()


def test_rejects_keys_that_are_not_digests(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        ResultCache(tmp_path).get("../../etc/passwd")


def _entry(c: ResultCache, k: str) -> Path:
    return c.directory / k[:2] / f"{k}.json"


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],                       # truncated mid-write
        lambda raw: b"",                                        # empty
        lambda raw: b"\x00\xff garbage \x93",                   # not text
        lambda raw: b"[1, 2, 3]",                               # JSON, not an entry
        lambda raw: raw.replace(b"AT101", b"AT102"),            # valid JSON, payload changed
        lambda raw: raw.replace(b'"version": 1', b'"version": 99'),  # a future format
    ],
)
def test_damaged_entry_is_a_miss_and_put_repairs_it(tmp_path: Path, damage) -> None:
    c = ResultCache(tmp_path / "cache")
    k = key_for("draft")
    c.put(k, DIAGS)
    path = _entry(c, k)
    path.write_bytes(damage(path.read_bytes()))
    assert c.get(k) is None
    assert c.get(k) is None  # still a miss, never trusted
    c.put(k, DIAGS)
    assert c.get(k) == DIAGS


def test_entry_stored_under_another_key_is_foreign(tmp_path: Path) -> None:
    c = ResultCache(tmp_path / "cache")
    a, b = key_for("a"), key_for("b")
    c.put(a, DIAGS)
    _entry(c, b).parent.mkdir(parents=True, exist_ok=True)
    _entry(c, b).write_bytes(_entry(c, a).read_bytes())
    assert c.get(b) is None
    assert json.loads(_entry(c, a).read_text())["checksum"]


def test_unwritable_directory_warns_once_and_never_raises(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    c = ResultCache(blocker / ".attrlint_cache")
    c.put(key_for("a"), DIAGS)
    c.put(key_for("b"), DIAGS)
    err = capsys.readouterr().err
    assert err.count("warning: cannot write the cache") == 1
    assert "\n" == err[-1] and err.count("\n") == 1
    assert c.get(key_for("a")) is None


def test_full_disk_during_replace_leaves_no_temp_file(tmp_path: Path, monkeypatch, capsys) -> None:
    c = ResultCache(tmp_path / "cache")
    c.put(key_for("first"), DIAGS)

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache_module.os, "replace", full)
    k = key_for("second")
    c.put(k, DIAGS)
    assert "No space left on device" in capsys.readouterr().err
    leftovers = [p for p in (tmp_path / "cache").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    monkeypatch.undo()
    assert c.get(key_for("first")) == DIAGS


def test_clear_removes_only_our_directory(tmp_path: Path) -> None:
    c = ResultCache(tmp_path / "cache")
    c.put(key_for("a"), DIAGS)
    c.clear()
    assert not (tmp_path / "cache").exists()
    foreign = tmp_path / "precious"
    (foreign / "ab").mkdir(parents=True)
    ResultCache(foreign).clear()
    assert (foreign / "ab").is_dir()


# --- several processes at once ------------------------------------------------------------------


def _payload(key: str, writer: int) -> list[dict]:
    # Different writers store different (but self-consistent) payloads, so a torn mix would show.
    return [{"key": key, "writer": writer, "i": i, "pad": "x" * 2000} for i in range(20)]


def _worker(directory: str, keys: list[str], writer: int, rounds: int, out) -> None:
    c = ResultCache(Path(directory))
    bad = 0
    for _ in range(rounds):
        for k in keys:
            c.put(k, _payload(k, writer))
            # Whoever wrote last, a complete entry must be there: a miss here would mean a reader
            # saw a half-written file (the checksum turns torn writes into misses).
            got = c.get(k)
            if got is None or len(got) != 20 or len({d["writer"] for d in got}) != 1:
                bad += 1
            elif any(d["key"] != k for d in got):
                bad += 1
    out.put(bad)


def test_concurrent_writers_never_expose_a_partial_entry(tmp_path: Path) -> None:
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    keys = [key_for(f"draft {i}") for i in range(6)]
    out = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(tmp_path / "cache"), keys[w % 2:w % 2 + 4], w, 15, out))
             for w in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert results == [0, 0, 0, 0]
    c = ResultCache(tmp_path / "cache")
    for k in keys[:5]:
        got = c.get(k)
        assert got is not None and len({d["writer"] for d in got}) == 1
    assert not [p for p in (tmp_path / "cache").rglob("*.tmp")]
    assert os.path.isfile(tmp_path / "cache" / "CACHEDIR.TAG")


def test_results_are_reused_only_by_the_code_that_made_them(tmp_path: Path, monkeypatch) -> None:
    from attrlint import engine
    from attrlint.config import Settings
    from attrlint.lexicon import load_lexicon

    checker = engine.Checker(Settings(None, str(tmp_path)), load_lexicon(), cache=ResultCache(tmp_path / "c"))
    # AT401 needs no parse, so the check runs without loading the model.
    draft = engine.Draft("d.txt", "Harbour master Ada Lindqvist met the pilots.\n\nLater Lindquist left the quay.\n",
                         settings=Settings(None, str(tmp_path), select=("AT401",)))
    first = list(checker.check([draft]))
    assert [d.code for d in first[0].diagnostics] == ["AT401"] and not first[0].cached
    again = checker.cached(draft)
    assert again is not None and again.diagnostics == first[0].diagnostics
    # The related place keeps its span (the other spelling) through the cache.
    (related,) = again.diagnostics[0].related
    assert (related.end_line, related.end_column) == (1, related.column + len("Lindqvist") - 1)
    # An edited attrlint (same version number, other sources) must not read the old entry.
    monkeypatch.setattr(engine, "code_fingerprint", lambda: engine.__version__ + "+edited")
    assert checker.cached(draft) is None
