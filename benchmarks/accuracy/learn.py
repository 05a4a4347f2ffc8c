"""Does a model fitted on PolNeAR train decide "this figure needs a source" better than the rules?

    pip install -e '.[learn]'
    python benchmarks/accuracy/learn.py                      # the comparison table
    python benchmarks/accuracy/learn.py --features F.json    # keep (or reuse) the extracted signals

Every figure the analysis finds in PolNeAR train and dev is described by its signals
(``attrlint.analysis.signals``) and labelled the way the PolNeAR scorer counts a finding on it:
1 when it needs a source (no sourced Content, or a source that names nobody), 0 when it is
credited or is not a figure at all (a finding there is a false alarm); figures the labels call
public record, and figures inside a Discard span, are not counted either way and are left out.
Numbers the analysis sets aside as not figures are never flagged in any row, so every row misses
them alike.

Logistic regression and small gradient-boosted trees are fitted on train only. Each is scored on
dev with the scorer's own counting (``score_polnear.score_file``), three ways: the rules alone
(the findings attrlint reports), the model alone (flag when its probability passes a threshold
chosen on train), and the rules with the model deciding only the figures where the rules are
unsure (``unsure``). Train figures are out-of-fold: five folds by article, never scored by a
model fitted on them. The labels and scorer come from the evaluation folder, as in ``run.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import multiprocessing as mp
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import run  # noqa: E402  (the accuracy script beside this one: label merging, folders)

RULE_NAMES = {"AT101": "unattributed-figure", "AT102": "vague-attribution"}
FOLDS = 5


# -- extraction ------------------------------------------------------------------------------

def _extract(paths: list[str]) -> list[dict]:
    """Analyse the articles and describe each figure: place, the rules' verdict, its signals."""
    from attrlint.analysis.pipeline import analyse
    from attrlint.analysis.signals import figure_signals
    from attrlint.api import load_settings
    from attrlint.engine import Checker, Draft, build_document

    checker = Checker(load_settings(near=tempfile.gettempdir()))
    nlp, lex = checker.nlp(), checker.lexicon
    out = []
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
        draft = Draft(path, text)
        doc = build_document(path, text)
        analyse([doc], nlp, lex)
        diags = checker.run_rules(doc, None, checker.codes(draft), draft)
        flagged = {(d.line, d.column): d.code for d in diags if d.code in RULE_NAMES}
        for fig in doc.figures:
            line, col = doc.position(fig.start)
            eline, ecol = doc.end_position(fig.start, fig.end)
            out.append({"file": Path(path).stem, "line": line, "column": col, "end_line": eline,
                        "end_column": ecol, "prose": fig.sentence.block.kind.is_prose,
                        "rules": flagged.get((line, col)), "vague": fig.credit.value == "vague",
                        "signals": figure_signals(doc, fig)})
    return out


def extract(textdir: Path, jobs: int) -> list[dict]:
    paths = [str(p) for p in sorted(textdir.glob("*.txt"))]
    chunks = [paths[i::jobs] for i in range(jobs)]
    with mp.get_context("fork").Pool(jobs) as pool:
        parts = pool.map(_extract, chunks)
    return sorted((r for part in parts for r in part), key=lambda r: (r["file"], r["line"], r["column"]))


# -- labels, the scorer's way ----------------------------------------------------------------

def load_scorer(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("score_polnear", run.scorer(eval_dir, "score_polnear.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Split:
    """One PolNeAR set: its texts, labels, Discard spans and the figures the analysis found."""

    def __init__(self, name: str, textdir: Path, label_path: Path, sp, records: list[dict]) -> None:
        self.name, self.textdir, self.sp = name, textdir, sp
        self.labels = sp.load_labels(label_path)
        self.stems = sorted(p.stem for p in textdir.glob("*.txt"))
        self.texts = {s: (textdir / f"{s}.txt").read_text(encoding="utf-8") for s in self.stems}
        attrdir = textdir.parent / "attributions"
        self.discards = {s: sp.discard_spans(attrdir, s) for s in self.stems}
        self.starts = {s: [0] + [i + 1 for i, ch in enumerate(t) if ch == "\n"] for s, t in self.texts.items()}
        self.records = records
        for r in records:
            r["target"] = self.target(r)

    def target(self, r: dict) -> int | None:
        """1: a finding here is a true positive; 0: a false alarm; None: not counted either way."""
        sp = self.sp
        rng = ((r["line"], r["column"]), (r["end_line"], r["end_column"]))
        starts = self.starts[r["file"]]
        o0, o1 = sp.offset_of(starts, *rng[0]), sp.offset_of(starts, *rng[1])
        if o0 is not None and o1 is not None and any(a <= o0 and o1 < b for a, b in self.discards[r["file"]]):
            return None
        figures = [m for m in self.labels.get(r["file"], []) if sp.overlaps(rng, m) and m["is_figure"]]
        if not figures:
            return 0
        if any(m.get("public_record") for m in figures):
            return None
        needs = [not m["in_content"] or m.get("source_vague") for m in figures]
        return int(any(needs))

    def score(self, flags: list[bool]) -> Counter:
        """The scorer's counts when exactly the figures with a true flag are reported."""
        diags = defaultdict(list)
        for r, flag in zip(self.records, flags, strict=True):
            if flag:
                code = "AT102" if r["vague"] else "AT101"
                diags[r["file"]].append({k: r[k] for k in ("line", "column", "end_line", "end_column")}
                                        | {"code": code, "rule": RULE_NAMES[code]})
        total: Counter = Counter()
        for s in self.stems:
            counts, _ = self.sp.score_file(self.texts[s], self.labels.get(s, []), diags[s], self.discards[s], s)
            total.update(counts)
        return total


def prf(c: Counter) -> tuple[float, float, float]:
    tp, fp, fn = c["TP"], c["FP"], c["FN"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# -- where the rules are unsure --------------------------------------------------------------

def unsure(s: dict[str, float]) -> bool:
    """The rules are sure of a figure a cue's own scope credits to a named source, and of one in
    a sentence with no cue, no quotation and no credited sentence before it in the paragraph.
    Everything else rests on context (a quotation's speaker, the sentence's or paragraph's
    credit, an introduction), on a vague source, or on a cue that is there but does not reach
    the figure: there the model decides."""
    if s.get("route=cue") and not s.get("cue_vague"):
        return False
    if s.get("route=none") and not (s.get("sentence_cues") or s.get("sentence_has_quote")
                                    or s.get("previous_credited") or s.get("in_quote")):
        return False
    return True


# -- models ----------------------------------------------------------------------------------

def candidates(seed: int) -> dict[str, list[tuple[str, object]]]:
    """Each model family's settings to choose from, by out-of-fold log-loss on train."""
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def logistic(c: float):
        return lambda: make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=3000))

    def trees(depth: int, n: int):
        return lambda: GradientBoostingClassifier(n_estimators=n, max_depth=depth, learning_rate=0.1,
                                                  subsample=0.8, random_state=seed)

    return {
        "logistic regression": [(f"C={c}", logistic(c)) for c in (0.05, 0.5, 5.0)],
        "gradient-boosted trees": [(f"depth {d}, {n} trees", trees(d, n)) for d, n in ((2, 200), (3, 150), (4, 100))],
    }


def choose(options: list[tuple[str, object]], fit: list[dict], names: list[str]) -> tuple[str, object, list[float]]:
    """The setting whose out-of-fold probabilities have the lowest log-loss on train."""
    best = None
    y = [r["target"] for r in fit]
    for label, factory in options:
        oof = out_of_fold(factory, fit, names)
        loss = -sum(math.log(max(p if t else 1 - p, 1e-9)) for p, t in zip(oof, y, strict=True)) / len(y)
        print(f"  {label}: out-of-fold log-loss {loss:.4f}", file=sys.stderr)
        if best is None or loss < best[0]:
            best = (loss, label, factory, oof)
    return best[1], best[2], best[3]


def matrix(records: list[dict], names: list[str]):
    import numpy as np

    x = np.zeros((len(records), len(names)))
    col = {n: k for k, n in enumerate(names)}
    for i, r in enumerate(records):
        for n, v in r["signals"].items():
            if n in col:
                x[i, col[n]] = v
    return x


def out_of_fold(factory, records: list[dict], names: list[str]) -> list[float]:
    """Each train figure's probability from a model fitted on the other folds (folds by article)."""
    from sklearn.model_selection import GroupKFold

    x, y = matrix(records, names), [r["target"] for r in records]
    groups = [r["file"] for r in records]
    prob = [0.0] * len(records)
    for fit_idx, held_idx in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        model = factory().fit(x[fit_idx], [y[i] for i in fit_idx])
        for i, p in zip(held_idx, model.predict_proba(x[held_idx])[:, 1], strict=True):
            prob[i] = float(p)
    return prob


def decisions(split_records: list[dict], prob: dict[int, float], threshold: float, mode: str) -> list[bool]:
    """Flags for every figure of a split: rules alone, model alone, or model where rules are unsure."""
    out = []
    for i, r in enumerate(split_records):
        rules = r["rules"] is not None
        if not r["prose"] or i not in prob:
            out.append(rules)
        elif mode == "model" or (mode == "hybrid" and unsure(r["signals"])):
            out.append(prob[i] >= threshold)
        else:
            out.append(rules)
    return out


def pick_threshold(split: Split, prob: dict[int, float], mode: str) -> float:
    """The threshold with the best F1 on train's out-of-fold probabilities."""
    best = (-1.0, 0.5)
    for t in [k / 40 for k in range(4, 37)]:
        f1 = prf(split.score(decisions(split.records, prob, t, mode)))[2]
        best = max(best, (f1, t))
    return best[1]


# -- the run ---------------------------------------------------------------------------------

def features(args, eval_dir: Path, work: Path) -> dict[str, tuple[Path, Path, list[dict]]]:
    cached = json.loads(args.features.read_text()) if args.features and args.features.is_file() else None
    out = {}
    for name in ("train", "dev"):
        textdir = run.polnear_text(name, eval_dir, args.cache)
        label_path = run.labels(name, eval_dir, work)
        if cached is None:
            print(f"analysing PolNeAR {name} …", file=sys.stderr)
        records = cached[name] if cached else extract(textdir, args.jobs)
        out[name] = (textdir, label_path, records)
    if args.features and cached is None:
        args.features.write_text(json.dumps({k: v[2] for k, v in out.items()}))
    return out


def strata(fit: list[dict]) -> list[str]:
    """How often the rules' verdict matches the label, by route and by sure/unsure (train)."""
    groups: dict[str, list[bool]] = defaultdict(list)
    for r in fit:
        right = (r["rules"] is not None) == bool(r["target"])
        route = next(n.split("=", 1)[1] for n in r["signals"] if n.startswith("route="))
        groups[f"route {route}"].append(right)
        groups["unsure" if unsure(r["signals"]) else "sure"].append(right)
    out = ["| train figures | count | rules right |", "|---|---|---|"]
    for name, rights in sorted(groups.items()):
        out.append(f"| {name} | {len(rights)} | {sum(rights) / len(rights):.3f} |")
    return out


def evaluate(train: Split, dev: Split, seed: int) -> list[str]:
    """The comparison table: the rules, each model alone, each model where the rules are unsure."""
    counted = [i for i, r in enumerate(train.records) if r["target"] is not None and r["prose"]]
    fit = [train.records[i] for i in counted]
    names = sorted({n for r in fit for n in r["signals"]})
    dev_idx = [i for i, r in enumerate(dev.records) if r["prose"]]
    x_dev = matrix([dev.records[i] for i in dev_idx], names)
    rows = [("rules alone", train.score([r["rules"] is not None for r in train.records]),
             dev.score([r["rules"] is not None for r in dev.records]), None)]
    for family, options in candidates(seed).items():
        print(f"{family}:", file=sys.stderr)
        setting, factory, oof_list = choose(options, fit, names)
        oof = dict(zip(counted, oof_list, strict=True))
        model = factory().fit(matrix(fit, names), [r["target"] for r in fit])
        dev_prob = dict(zip(dev_idx, (float(p) for p in model.predict_proba(x_dev)[:, 1]), strict=True))
        for mode, label in (("model", "alone"), ("hybrid", "where the rules are unsure")):
            t = pick_threshold(train, oof, mode)
            rows.append((f"{family} ({setting}), {label}", train.score(decisions(train.records, oof, t, mode)),
                         dev.score(decisions(dev.records, dev_prob, t, mode)), t))
    # Precision first: a row beats the rules only with a higher dev F1 and no lower dev precision.
    rules_dev = prf(rows[0][2])
    wins = [r for r in rows[1:] if prf(r[2])[2] > rules_dev[2] and prf(r[2])[0] >= rules_dev[0]]
    best = max(wins, key=lambda r: prf(r[2])[2])[0] if wins else "rules alone"
    return [f"{len(fit)} train figures counted ({sum(r['target'] for r in fit)} need a source), "
            f"{len(names)} signals", "", *strata(fit), "",
            "| decides | train P | train R | train F1 | dev P | dev R | dev F1 | dev TP | dev FP "
            "(credited, not a figure) | dev FN | threshold |", "|---|---|---|---|---|---|---|---|---|---|---|",
            *(_cells(*r) for r in rows), "", f"best on dev: {best}"]


def _cells(name: str, tr: Counter, dv: Counter, t: float | None) -> str:
    a, b = prf(tr), prf(dv)
    th = "" if t is None else f"{t:.3f}"
    fp = f"{dv['FP']} ({dv['fp_attributed']}, {dv['false_alarm_nonfigure'] + dv['false_alarm_nomention']})"
    return (f"| {name} | {a[0]:.3f} | {a[1]:.3f} | {a[2]:.3f} | {b[0]:.3f} | {b[1]:.3f} | {b[2]:.3f} "
            f"| {dv['TP']} | {fp} | {dv['FN']} | {th} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rules against a learned model on PolNeAR train (cross-validated) "
                                                 "and dev.")
    parser.add_argument("--eval", type=Path, default=Path(os.environ.get("ATTRLINT_EVAL", run.DEFAULT_EVAL)))
    parser.add_argument("--cache", type=Path, default=HERE / ".data")
    parser.add_argument("--features", type=Path, help="JSON file of extracted signals: reused if it exists")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    eval_dir = args.eval.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            data = features(args, eval_dir, Path(tmp))
            sp = load_scorer(eval_dir)
            splits = {k: Split(k, v[0], v[1], sp, v[2]) for k, v in data.items()}
        except run.Missing as err:
            print(f"learn: {err}", file=sys.stderr)
            return 2
    for line in evaluate(splits["train"], splits["dev"], args.seed):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
