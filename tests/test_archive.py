"""``attrlint archive`` on Dask's local distributed cluster (two worker processes), and the API it runs.

One cluster serves the whole module; the corpus is small so the module stays quick.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from distributed import LocalCluster

from attrlint.api import Linter, check_path, check_text, load_settings
from tests.helpers import ROOT, run_cli

SENTENCES = [
    "The harbour office said 61 trawlers were stuck in port.",
    "There were 4,000 people on the quay.",
    "\"We have never seen it this quiet,\" a fisherman said.",
    "Experts say as many as 40 boats will not sail again.",
    "The mayor, Ida Brenn, said the town would spend $3 million on the sea wall.",
    "Rain fell all afternoon.",
    "Nearly 30 percent of the fleet has been sold since 2019.",
    "The ministry denied that it had hidden 200 inspection reports.",
]


def _corpus() -> dict[str, str]:
    """Articles of our own sentences, one Markdown one, each a few paragraphs long."""
    texts = {}
    for k in range(12):
        paras = [" ".join(SENTENCES[(k + j + i) % len(SENTENCES)] for i in range(2)) for j in range(3)]
        texts[f"story-{k:02d}.txt"] = "\n\n".join(paras) + "\n"
    texts["story-md.md"] = "# Port closes\n\n> There were 70 boats, the office said.\n\n- About 300 jobs went.\n"
    texts["story-empty.txt"] = ""
    return texts


def _write_corpus(path: Path, texts: dict[str, str]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for key, text in texts.items():
            row = {"id": key, "text": text}
            if key.endswith(".md"):
                row["path"] = key
            f.write(json.dumps(row) + "\n")


def _write_parquet_corpus(path: Path, texts: dict[str, str], *, numbered: bool = False) -> None:
    """The same articles as a Parquet file in small row groups, so the reader crosses them. With
    ``numbered`` the ids are integers and a path column names each article; else there is an
    all-null path column."""
    ids = list(range(100, 100 + len(texts))) if numbered else list(texts)
    paths = list(texts) if numbered else [None] * len(texts)
    pq.write_table(pa.table({"id": ids, "text": list(texts.values()), "path": paths}), path, row_group_size=5)


def _results(out: Path) -> list[dict]:
    rows = []
    for part in sorted(out.glob("part-*.jsonl")):
        rows += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines()]
    for part in sorted(out.glob("part-*.parquet")):
        rows += pq.read_table(part).to_pylist()
    return rows


@pytest.fixture(scope="module")
def scheduler():
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def stories(tmp_path_factory, scheduler):
    """The corpus as files, as JSON Lines and as Parquet in one directory, the findings
    ``attrlint check`` gives on the files, and one ``attrlint archive`` run on the JSON Lines; the
    tests below compare the archive's results with them."""
    where = tmp_path_factory.mktemp("stories")
    texts = _corpus()
    for name, text in texts.items():
        (where / name).write_text(text, encoding="utf-8")
    _write_corpus(where / "corpus.jsonl", texts)
    _write_parquet_corpus(where / "corpus.parquet", texts, numbered=True)
    checked = run_cli(["check", "--no-cache", "--output-format", "json", *texts], cwd=where)
    archived = run_cli(["archive", "corpus.jsonl", "--out", "results", "--scheduler", scheduler,
                        "--blocksize", "600"], cwd=where)
    return where, texts, checked, archived


def _by_path(checked, texts: dict[str, str]) -> dict[str, list[dict]]:
    expected: dict[str, list[dict]] = {name: [] for name in texts}
    for d in json.loads(checked.stdout):
        expected[d["path"]].append(d)
    return expected


@pytest.mark.slow
def test_archive_gives_the_same_findings_as_check(stories):
    where, texts, checked, r = stories
    assert checked.returncode == 1, checked.stderr
    expected = _by_path(checked, texts)

    assert r.returncode == 0, r.stderr
    assert "articles/s" in r.stderr
    rows = _results(where / "results")
    assert len(list((where / "results").glob("part-*.jsonl"))) > 1  # several blocks, several workers' work
    got = {row["id"]: row["findings"] for row in rows}
    assert sorted(got) == sorted(texts) and len(rows) == len(texts)
    assert got == expected
    assert sum(len(v) for v in got.values()) > 10  # the corpus really has findings to compare


@pytest.mark.slow
def test_parquet_archive_gives_the_same_results_as_jsonl_and_check(stories, scheduler):
    where, texts, checked, by_jsonl_run = stories
    expected = _by_path(checked, texts)

    r = run_cli(["archive", "corpus.parquet", "--out", "results.parquet", "--scheduler", scheduler,
                 "--blocksize", "600"], cwd=where)
    assert r.returncode == 0, r.stderr
    assert "articles/s" in r.stderr
    parts = list((where / "results.parquet").glob("part-*.parquet"))
    assert len(parts) > 1 and not list((where / "results.parquet").glob("*.jsonl"))
    rows = _results(where / "results.parquet")
    assert sorted(row["id"] for row in rows) == [str(k) for k in range(100, 100 + len(texts))]
    assert {row["path"]: row["findings"] for row in rows} == expected  # the path column decides Markdown
    assert all(row["error"] is None for row in rows)
    assert sum(len(v) for v in expected.values()) > 10

    assert by_jsonl_run.returncode == 0, by_jsonl_run.stderr
    by_jsonl = {row["path"]: row["findings"] for row in _results(where / "results")}
    assert {row["path"]: row["findings"] for row in rows} == by_jsonl


@pytest.mark.slow
@pytest.mark.parametrize(("corpus", "results", "part"), [("corpus.jsonl", "results", "part-*.jsonl"),
                                                        ("corpus.parquet", "results.parquet", "part-*.parquet")])
def test_archive_resumes_after_an_interrupt_without_duplicates(tmp_path, scheduler, corpus, results, part):
    texts = {f"n{k:03d}": f"Officials counted {k + 2} boats.\n\nThere were {k + 100} trawlers.\n" for k in range(40)}
    if corpus.endswith(".parquet"):
        _write_parquet_corpus(tmp_path / corpus, texts)
    else:
        _write_corpus(tmp_path / corpus, texts)
    out = tmp_path / results
    args = ["archive", corpus, "--out", results, "--scheduler", scheduler, "--blocksize", "150"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "attrlint", *args], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    while not list(out.glob(part)) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # no chance to tidy up
    proc.wait()
    first = _results(out)
    assert 0 < len(first) < len(texts), "the interrupt should fall after some results and before the end"

    r = run_cli(args, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert f"{len({row['id'] for row in first}):,} already in {results}" in r.stderr
    ids = [row["id"] for row in _results(out)]
    assert sorted(ids) == sorted(texts)  # every article exactly once
    assert not list(out.glob(".part-*"))


@pytest.mark.slow
def test_parquet_archive_reports_rows_without_text_and_repeated_ids(tmp_path, scheduler):
    pq.write_table(pa.table({"id": [7, 8, 7, None], "text": ["There were 40 boats.", None, "Rain.", "Rain."]}),
                   tmp_path / "c.parquet")
    r = run_cli(["archive", "c.parquet", "--out", "res", "--scheduler", scheduler], cwd=tmp_path)
    assert r.returncode == 2
    assert "c.parquet: 2 rows have no id or no text" in r.stderr and "1 repeated ids" in r.stderr
    assert "Traceback" not in r.stderr
    rows = _results(tmp_path / "res")
    assert [row["id"] for row in rows] == ["7"] and rows[0]["findings"][0]["code"] == "AT101"


@pytest.mark.slow
def test_archive_reports_bad_lines_and_repeated_ids(tmp_path, scheduler):
    (tmp_path / "corpus.jsonl").write_text(
        '{"id": 1, "text": "There were 40 boats."}\nnot json\n{"text": "no id"}\n'
        '{"id": 1, "text": "There were 40 boats."}\n', encoding="utf-8")
    r = run_cli(["archive", "corpus.jsonl", "--out", "res", "--scheduler", scheduler], cwd=tmp_path)
    assert r.returncode == 2
    assert "corpus.jsonl: 2 lines are not {id, text} objects" in r.stderr
    assert "Traceback" not in r.stderr
    rows = _results(tmp_path / "res")
    assert [row["id"] for row in rows] == ["1"] and rows[0]["findings"][0]["code"] == "AT101"


def test_archive_setup_errors_are_one_line(tmp_path):
    r = run_cli(["archive", "missing.jsonl", "--out", "res"], cwd=tmp_path)
    assert r.returncode == 2 and r.stderr.strip() == "attrlint: missing.jsonl: no such corpus file"
    (tmp_path / "bad.facts.toml").write_text("[[fact]]\nvalue = \n", encoding="utf-8")
    r = run_cli(["archive", "missing.jsonl", "--out", "res", "--facts", "bad.facts.toml"], cwd=tmp_path)
    assert r.returncode == 2 and "bad.facts.toml" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_bytes(b"id,text\n1,There were 40 boats.\n"), "c.parquet: not a readable Parquet file ("),
    (lambda p: pq.write_table(pa.table({"id": [1], "body": ["x"]}), p),
     "c.parquet: a Parquet corpus needs columns id and text; text missing (columns: id, body)"),
    (lambda p: pq.write_table(pa.table({"id": [1.5], "text": ["x"]}), p),
     "c.parquet: column id must hold strings or integers, not double"),
    (lambda p: pq.write_table(pa.table({"id": [1], "text": [3]}), p), "c.parquet: column text must hold strings"),
    (lambda p: p.mkdir(), "c.parquet: a directory with no .parquet files"),
])
def test_bad_parquet_corpus_is_one_line(tmp_path, make, message):
    make(tmp_path / "c.parquet")
    r = run_cli(["archive", "c.parquet", "--out", "res.parquet"], cwd=tmp_path)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("attrlint: " + message), r.stderr
    assert not (tmp_path / "res.parquet").exists()  # nothing started


def test_without_dask_archive_says_what_to_install_and_check_never_imports_it(tmp_path):
    (tmp_path / "c.jsonl").write_text('{"id": "a", "text": "There were 40 boats."}\n', encoding="utf-8")
    block = "import sys; sys.modules['dask'] = None; sys.modules['distributed'] = None; "
    r = subprocess.run([sys.executable, "-c", block + "from attrlint.cli import main; main()", "archive", "c.jsonl",
                        "--out", "res"], cwd=tmp_path, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert r.returncode == 2
    assert "pip install 'attrlint[dask]'" in r.stderr and "Traceback" not in r.stderr
    probe = ("import runpy, sys\nsys.argv = ['probe', 'check', '--no-cache', 'c.txt']\n"
             "try:\n    runpy.run_module('attrlint', run_name='__main__')\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))\n")
    (tmp_path / "c.txt").write_text("There were 40 boats.\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                       env=dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(tmp_path / "cache")))
    assert r.stdout.strip().splitlines()[-1] == "[]", r.stdout + r.stderr


def test_api_matches_the_cli_and_pickles(tmp_path):
    text = "The office said 61 trawlers were stuck.\n\nThere were 4,000 people on the quay.\n"
    (tmp_path / "quay.txt").write_text(text, encoding="utf-8")
    cli = json.loads(run_cli(["check", "--no-cache", "--output-format", "json", "quay.txt"], cwd=tmp_path).stdout)
    settings = load_settings(near=tmp_path)
    by_text = check_text(text, path="quay.txt", settings=settings)
    assert [d.to_json() for d in by_text] == cli and cli
    by_path = check_path(tmp_path / "quay.txt")
    assert [d.to_json() | {"path": "quay.txt"} for d in by_path] == cli
    assert pickle.loads(pickle.dumps(by_text)) == by_text
    linter = Linter(settings)
    many = dict(linter.check_many([("a.txt", text), ("b.txt", "Rain fell.\n")]))
    assert [d.to_json() | {"path": "quay.txt"} for d in many["a.txt"]] == cli and many["b.txt"] == []
