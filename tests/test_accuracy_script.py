"""benchmarks/accuracy/run.py: finds or fetches what it scores, and says what it lacks.

The real download cannot run here (no network); the fetch is exercised on a local archive laid
out like GitHub's, through the same urllib call.
"""

from __future__ import annotations

import importlib.util
import io
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "accuracy" / "run.py"


@pytest.fixture(scope="module")
def acc():
    spec = importlib.util.spec_from_file_location("accuracy_run", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


def _archive(tmp_path: Path, commit: str) -> Path:
    """A tarball shaped like GitHub's archive of PolNeAR: PolNeAR-<commit>/data/<split>/…"""
    path = tmp_path / "polnear.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, text in {
            "data/dev/text/a.txt": "Harbour story\n\nThe port said 41 ships waited.\n",
            "data/dev/attributions/a_x1.ann": "T1\tSource 14 22\tThe port\n",
            "data/train/text/b.txt": "Ferry story\n\nSome 300 dockers walked out.\n",
            "data/test/text/c.txt": "held out\n",
            "README.md": "readme\n",
        }.items():
            data = text.encode()
            info = tarfile.TarInfo(f"PolNeAR-{commit}/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_fetch_keeps_train_and_dev_from_the_pinned_archive(acc, tmp_path: Path) -> None:
    url = _archive(tmp_path, acc.POLNEAR_COMMIT).as_uri()
    cache = tmp_path / "cache"
    empty_eval = tmp_path / "eval"
    dev = acc.polnear_text("dev", empty_eval, cache, url)
    assert dev == cache / f"polnear-{acc.POLNEAR_COMMIT[:12]}" / "dev" / "text"
    assert (dev / "a.txt").read_text().startswith("Harbour story")
    assert (dev.parent / "attributions" / "a_x1.ann").is_file()  # where the scorer looks for Discard spans
    assert (acc.polnear_text("train", empty_eval, cache, "file:///nowhere") / "b.txt").is_file()  # cached
    assert not (dev.parents[1] / "test").exists()


def test_articles_beside_the_project_are_used_without_fetching(acc, tmp_path: Path) -> None:
    local = tmp_path / "eval" / "external" / "polnear" / "dev" / "text"
    local.mkdir(parents=True)
    assert acc.polnear_text("dev", tmp_path / "eval", tmp_path / "cache", "file:///nowhere") == local


def test_a_failed_download_says_where_it_tried(acc, tmp_path: Path) -> None:
    with pytest.raises(acc.Missing, match="cannot download PolNeAR from file:///nowhere"):
        acc.fetch_polnear(tmp_path, "file:///nowhere/polnear.tar.gz")


def test_without_the_scorers_it_says_what_it_needs(acc, tmp_path: Path, capsys) -> None:
    assert acc.main(["--eval", str(tmp_path), "--sets", "dev"]) == 2
    err = capsys.readouterr().err
    assert "score_polnear.py is not in" in err and "--eval DIR" in err


def test_runs_each_scorer_and_prints_the_readme_rows(acc, tmp_path: Path, capsys) -> None:
    eval_dir = tmp_path / "eval"
    (eval_dir / "drafts").mkdir(parents=True)
    (eval_dir / "external" / "polnear" / "dev" / "text").mkdir(parents=True)
    (eval_dir / "polnear-dev-figures.jsonl").write_text("")
    # Stand-ins for the scorers: they echo their command line, then a last line in each scorer's form.
    (eval_dir / "score_polnear.py").write_text(
        "import sys\nprint(sys.argv[1:])\nprint('polnear F1 0.900 P 0.950 R 0.855')\n")
    (eval_dir / "score.py").write_text(
        "import sys\nprint(sys.argv[1:])\nprint('rule  tp fp fn P R F1')\n"
        "print('unattributed-figure   48    1    0  0.980  1.000  0.990')\n"
        "print('overall P 1.000 R 0.980 F1 0.990')\n")
    assert acc.main(["--eval", str(eval_dir), "--sets", "dev,drafts", "--markdown", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:4] == ["| PolNeAR dev, 84 articles: figure needs a source | 0.950 | 0.855 | 0.900 |",
                        "| annotated drafts, every rule | 1.000 | 0.980 | 0.990 |"]
    assert out[-1] == "| unattributed-figure | 0.980 | 1.000 | 48 |"
    dev_cmd = (tmp_path / "o" / "dev.txt").read_text()
    assert "attrlint check --no-cache --output-format json {draft}" in dev_cmd
    assert "--facts {facts} {draft}" in (tmp_path / "o" / "drafts.txt").read_text()


def test_unknown_set_is_a_usage_error(acc) -> None:
    with pytest.raises(SystemExit) as info:
        acc.main(["--sets", "test"])
    assert info.value.code == 2


def _jsonl(path: Path, rows: list[dict]) -> Path:
    import json

    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_reviewed_labels_replace_the_prelabels_mention_for_mention(acc, tmp_path: Path) -> None:
    import json

    base = _jsonl(tmp_path / "pre.jsonl", [
        {"file": "b", "start": 14, "end": 17, "text": "300", "is_figure": True, "note": "", "reviewed": False},
        {"file": "b", "start": 30, "end": 33, "text": "two", "is_figure": True, "note": "", "reviewed": False},
    ])
    reviewed = _jsonl(tmp_path / "rev.jsonl", [
        {"file": "b", "start": 30, "end": 33, "is_figure": False, "note": "pronoun/determiner",
         "public_record": False},
    ])
    out = tmp_path / "merged.jsonl"
    assert acc.merge_labels(base, reviewed, out) == 1
    first, second = (json.loads(line) for line in out.read_text().splitlines())
    assert first["is_figure"] is True and first["reviewed"] is False and first["text"] == "300"
    assert second == {"file": "b", "start": 30, "end": 33, "text": "two", "is_figure": False,
                      "note": "pronoun/determiner", "reviewed": True, "public_record": False}


def test_a_reviewed_label_for_no_mention_is_an_error(acc, tmp_path: Path) -> None:
    base = _jsonl(tmp_path / "pre.jsonl", [{"file": "b", "start": 14, "end": 17, "text": "300", "is_figure": True}])
    reviewed = _jsonl(tmp_path / "rev.jsonl", [{"file": "b", "start": 15, "end": 17, "is_figure": False}])
    with pytest.raises(acc.Missing, match=r"rev.jsonl:1: no mention b:15-17"):
        acc.merge_labels(base, reviewed, tmp_path / "merged.jsonl")


def test_the_shipped_review_holds_ids_and_labels_only(acc) -> None:
    import json

    lines = (SCRIPT.parent / "polnear-train-figures.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1000
    for line in lines:
        row = json.loads(line)
        assert set(row) == {"file", "start", "end", "is_figure", "note", "public_record"}  # no article words
        assert row["note"] == "" if row["is_figure"] else row["note"]
