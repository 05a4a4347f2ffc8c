"""Score attrlint on PolNeAR train and dev and on the annotated drafts, side by side.

    python benchmarks/accuracy/run.py                 # train, dev and drafts (train takes minutes)
    python benchmarks/accuracy/run.py --sets dev,drafts
    python benchmarks/accuracy/run.py --markdown      # the README's accuracy table rows

The scorers and labels come from the evaluation folder (``--eval DIR``, else ``$ATTRLINT_EVAL``,
else ``../shared/eval`` beside the project; see CONTRIBUTING.md). PolNeAR's articles are used
from ``<eval>/external/polnear`` when they are there; otherwise PolNeAR is downloaded once from
its public repository at the pinned commit below into ``--cache`` and used from there. Reviewed
labels kept in this folder (``polnear-<set>-figures.jsonl``) take precedence over the evaluation
folder's.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"

# PolNeAR (Newell, Margolin & Ruths, LREC 2018): the commit that holds data/{train,dev,test}.
POLNEAR_REPO = "https://github.com/networkdynamics/PolNeAR"
POLNEAR_COMMIT = "9b85973d1610e219cb1280819816edcaa0587371"
POLNEAR_ARCHIVE = f"{POLNEAR_REPO}/archive/{POLNEAR_COMMIT}.tar.gz"

# Label files by set: the evaluation folder's, and reviewed labels in this folder laid over them.
LABELS = {
    "train": ("polnear-train-figures.jsonl", "polnear-train-mentions.jsonl"),
    "dev": ("polnear-dev-figures.jsonl", "polnear-dev-figures.jsonl"),
}
REVIEWED_KEYS = ("is_figure", "note", "public_record")
SETS = ("train", "dev", "drafts")


class Missing(Exception):
    """Something the run needs is not there; the message says what and where."""


@dataclass
class Job:
    name: str
    argv: list[str]

    def shell(self) -> str:
        return " ".join(shlex.quote(a) for a in self.argv)


def polnear_text(split: str, eval_dir: Path, cache: Path, url: str = POLNEAR_ARCHIVE) -> Path:
    """The folder of PolNeAR ``split`` articles (``text/``, with ``attributions/`` beside it)."""
    local = eval_dir / "external" / "polnear" / split / "text"
    if local.is_dir():
        return local
    fetched = cache / f"polnear-{POLNEAR_COMMIT[:12]}" / split / "text"
    if not fetched.is_dir():
        fetch_polnear(cache, url)
    return fetched


def fetch_polnear(cache: Path, url: str = POLNEAR_ARCHIVE) -> Path:
    """Download the pinned archive and keep its data/train and data/dev folders under ``cache``."""
    target = cache / f"polnear-{POLNEAR_COMMIT[:12]}"
    print(f"fetching PolNeAR at {POLNEAR_COMMIT[:12]} from {url} …", file=sys.stderr)
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        archive = Path(tmp) / "polnear.tar.gz"
        try:
            urllib.request.urlretrieve(url, archive)
        except OSError as err:
            raise Missing(f"cannot download PolNeAR from {url}: {err}") from None
        staging = Path(tmp) / "data"
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                # "PolNeAR-<commit>/data/dev/text/x.txt" -> "dev/text/x.txt"
                parts = Path(member.name).parts
                if len(parts) >= 4 and parts[1] == "data" and parts[2] in ("train", "dev") and member.isfile():
                    member.name = str(Path(*parts[2:]))
                    tar.extract(member, staging, filter="data")
        if not any(staging.glob("*/text")):
            raise Missing(f"{url} holds no data/train or data/dev folder")
        staging.rename(target)
    return target


def labels(split: str, eval_dir: Path, work: Path) -> Path:
    """The label file to score ``split`` with: the evaluation folder's, with this folder's
    reviewed labels laid over it (written into ``work``) when there are any."""
    reviewed, shared = LABELS[split]
    base = eval_dir / shared
    if not base.is_file():
        raise Missing(f"no labels for PolNeAR {split}: looked for {base}")
    if reviewed == shared or not (HERE / reviewed).is_file():
        return base
    merged = work / f"polnear-{split}-merged.jsonl"
    count = merge_labels(base, HERE / reviewed, merged)
    print(f"PolNeAR {split}: {count} reviewed labels from {HERE / reviewed}", file=sys.stderr)
    return merged


def merge_labels(base: Path, reviewed: Path, out: Path) -> int:
    """Write ``base`` with each reviewed mention's fields replaced; return how many were replaced.
    A reviewed line that names no mention of ``base`` is an error: the labels are out of step."""
    review = {}
    for n, line in enumerate(reviewed.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            r = json.loads(line)
            review[(r["file"], r["start"], r["end"])] = (n, r)
    used = 0
    with out.open("w", encoding="utf-8") as f:
        for line in base.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            m = json.loads(line)
            hit = review.pop((m["file"], m["start"], m["end"]), None)
            if hit is not None:
                m.update({k: hit[1].get(k, m.get(k)) for k in REVIEWED_KEYS}, reviewed=True)
                used += 1
            f.write(json.dumps(m, ensure_ascii=False) + "\n")
    if review:
        (n, r), = [next(iter(review.values()))]
        raise Missing(f"{reviewed}:{n}: no mention {r['file']}:{r['start']}-{r['end']} in {base}")
    return used


def scorer(eval_dir: Path, name: str) -> Path:
    path = eval_dir / name
    if not path.is_file():
        raise Missing(f"the scorer {name} is not in {eval_dir}: give the evaluation folder with --eval DIR "
                      "(it holds score_polnear.py, score.py, the PolNeAR labels and drafts/; see CONTRIBUTING.md)")
    return path


def jobs(sets: list[str], eval_dir: Path, cache: Path, attrlint: str, train_jobs: int, work: Path) -> list[Job]:
    check = f"{attrlint} check --no-cache --output-format json"
    out = []
    for name in sets:
        if name == "drafts":
            drafts = eval_dir / "drafts"
            if not drafts.is_dir():
                raise Missing(f"no annotated drafts in {drafts}")
            argv = [sys.executable, str(scorer(eval_dir, "score.py")), str(drafts),
                    "--cmd", f"{check} --facts {{facts}} {{draft}}"]
        else:
            argv = [sys.executable, str(scorer(eval_dir, "score_polnear.py")),
                    str(polnear_text(name, eval_dir, cache)), str(labels(name, eval_dir, work)),
                    "--cmd", f"{check} {{draft}}"]
            if name == "train":
                argv += ["--jobs", str(train_jobs)]
        out.append(Job(name, argv))
    return out


_SCORE = re.compile(r"F1 (?P<f1>[\d.]+) P (?P<p>[\d.]+) R (?P<r>[\d.]+)")
_SCORE_ALT = re.compile(r"P (?P<p>[\d.]+) R (?P<r>[\d.]+) F1 (?P<f1>[\d.]+)")
# The drafts scorer's per-rule lines: "unattributed-figure   48  1  0  0.980  1.000  0.990".
_PER_RULE = re.compile(r"^(?P<rule>[a-z]+(?:-[a-z]+)+)\s+(?P<tp>\d+)\s+(?P<fp>\d+)\s+(?P<fn>\d+)\s+"
                       r"(?P<p>[\d.]+)\s+(?P<r>[\d.]+)\s+(?P<f1>[\d.]+)\s*$", re.M)


def summary(output: str) -> dict[str, str] | None:
    """P, R and F1 from a scorer's last line ('polnear F1 … P … R …' or 'overall P … R … F1 …')."""
    last = output.strip().splitlines()[-1] if output.strip() else ""
    m = _SCORE.search(last) or _SCORE_ALT.search(last)
    return m.groupdict() if m else None


def markdown_rows(results: dict[str, str]) -> list[str]:
    what = {"train": "PolNeAR train, 840 articles: figure needs a source",
            "dev": "PolNeAR dev, 84 articles: figure needs a source",
            "drafts": "annotated drafts, every rule"}
    rows = []
    for name, output in results.items():
        s = summary(output)
        if s:
            rows.append(f"| {what[name]} | {s['p']} | {s['r']} | {s['f1']} |")
    return rows


def per_rule_rows(drafts_output: str) -> list[str]:
    """The drafts scorer's per-rule precision and recall as table rows, with the gold counts."""
    return [f"| {m['rule']} | {m['p']} | {m['r']} | {int(m['tp']) + int(m['fn'])} |"
            for m in _PER_RULE.finditer(drafts_output)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Score attrlint on PolNeAR train/dev and the annotated drafts.")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: train, dev, drafts")
    parser.add_argument("--eval", type=Path, default=Path(os.environ.get("ATTRLINT_EVAL", DEFAULT_EVAL)),
                        help="evaluation folder with the scorers, labels and drafts")
    parser.add_argument("--cache", type=Path, default=HERE / ".data",
                        help="where a downloaded PolNeAR is kept (default benchmarks/accuracy/.data)")
    parser.add_argument("--attrlint", default="attrlint", help="the attrlint command to score")
    parser.add_argument("--jobs", type=int, default=2, help="parallel drafts for train")
    parser.add_argument("--out", type=Path, help="keep each scorer's full output in this folder")
    parser.add_argument("--markdown", action="store_true", help="print the README's table rows")
    parser.add_argument("-v", "--verbose", action="store_true", help="scorers list every miss and false alarm")
    args = parser.parse_args(argv)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    if unknown := [s for s in sets if s not in SETS]:
        parser.error(f"unknown set {', '.join(unknown)}: choose from {', '.join(SETS)}")
    with tempfile.TemporaryDirectory() as work:
        try:
            planned = jobs(sets, args.eval.resolve(), args.cache, args.attrlint, args.jobs, Path(work))
        except Missing as err:
            print(f"accuracy: {err}", file=sys.stderr)
            return 2
        results = score(planned, args)
    return report(results, args)


def score(planned: list[Job], args: argparse.Namespace) -> dict[str, str]:
    results: dict[str, str] = {}
    for job in planned:
        argv_ = job.argv + (["-v"] if args.verbose else [])
        print(f"$ {job.shell()}", file=sys.stderr)
        done = subprocess.run(argv_, capture_output=True, text=True, cwd=ROOT)
        results[job.name] = done.stdout + done.stderr
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{job.name}.txt").write_text(results[job.name], encoding="utf-8")
        if args.verbose or done.returncode:
            print(results[job.name], file=sys.stderr)
    return results


def report(results: dict[str, str], args: argparse.Namespace) -> int:
    if args.markdown:
        print("| measured on | P | R | F1 |\n|---|---|---|---|")
        print("\n".join(markdown_rows(results)))
        if "drafts" in results and (rows := per_rule_rows(results["drafts"])):
            print("\n| rule, on the drafts | P | R | findings expected |\n|---|---|---|---|")
            print("\n".join(rows))
    else:
        for name, output in results.items():
            last = output.strip().splitlines()[-1] if output.strip() else "(no output)"
            print(f"{name:7} {last}")
    return 0 if all(summary(o) for o in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
