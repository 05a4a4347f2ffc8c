"""benchmarks/accuracy/learn.py: who decides each figure in each row of the comparison."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "accuracy" / "learn.py"


@pytest.fixture(scope="module")
def learn():
    spec = importlib.util.spec_from_file_location("accuracy_learn", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


@pytest.mark.parametrize("signals, expected", [
    ({"route=cue": 1.0, "cue_vague": 0.0}, False),  # a named source's cue covers it
    ({"route=cue": 1.0, "cue_vague": 1.0}, True),  # only a vague source
    ({"route=none": 1.0, "sentence_cues": 0.0}, False),  # nothing anywhere could credit it
    ({"route=none": 1.0, "sentence_cues": 2.0}, True),  # cues that do not reach it
    ({"route=none": 1.0, "previous_credited": 1.0}, True),  # the sentence before was credited
    ({"route=none": 1.0, "in_quote": 1.0}, True),  # a quotation with no speaker found
    ({"route=quote": 1.0}, True),
    ({"route=sentence": 1.0}, True),
])
def test_where_the_rules_are_unsure(learn, signals: dict, expected: bool) -> None:
    assert learn.unsure(signals) is expected


def test_each_row_lets_the_right_party_decide(learn) -> None:
    sure = {"route=cue": 1.0}
    unsure = {"route=quote": 1.0}
    records = [
        {"prose": True, "rules": "AT101", "signals": sure},  # rules flag, model says no
        {"prose": True, "rules": None, "signals": unsure},  # rules silent, model says yes
        {"prose": False, "rules": None, "signals": unsure},  # a headline: the model never decides
        {"prose": True, "rules": "AT101", "signals": unsure},  # not counted: no probability
    ]
    prob = {0: 0.1, 1: 0.9, 2: 0.9}
    assert learn.decisions(records, prob, 0.5, "rules") == [True, False, False, True]
    assert learn.decisions(records, prob, 0.5, "model") == [False, True, False, True]
    assert learn.decisions(records, prob, 0.5, "hybrid") == [True, True, False, True]
    assert learn.decisions(records, prob, 0.95, "hybrid") == [True, False, False, True]


def test_precision_and_recall_from_the_scorers_counts(learn) -> None:
    p, r, f1 = learn.prf(Counter(TP=8, FP=2, FN=8))
    assert (p, r) == (0.8, 0.5)
    assert f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert learn.prf(Counter()) == (0.0, 0.0, 0.0)
