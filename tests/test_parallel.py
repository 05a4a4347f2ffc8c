"""``attrlint check -j N``: worker processes give the same results, in the same order, as one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attrlint.engine import Draft
from attrlint.parallel import AUTO_MIN_DRAFTS, chunk_bounds, plan_workers
from tests.helpers import run_cli

# Our own sentences: figures with and without a source, quotes, a denial, an accusation.
LINES = [
    "The harbour board said {n} ships were delayed by the storm.",
    "About {n} passengers waited overnight in the terminal.",
    "\"We moved {n} containers in a single shift,\" said Ines Varga, the night manager.",
    "Fuel prices rose {p} percent in a week.",
    "The ferry company denied that {n} crossings had been cancelled without notice.",
    "Dock workers accused the operator of cutting {n} jobs.",
    "The mayor visited the quay on Friday.",
]


def _draft(i: int) -> str:
    paras = []
    for k in range(4):
        line = LINES[(i + k) % len(LINES)]
        paras.append(line.format(n=f"{(i + 1) * (k + 3) * 10:,}", p=i % 17 + 2))
    return f"Harbour report {i}\n\n" + "\n\n".join(paras) + "\n"


def _write(tmp_path: Path, count: int = 20) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    for i in range(count):
        suffix = ".md" if i % 3 == 0 else ".txt"
        (folder / f"d{i:02d}{suffix}").write_text(_draft(i), encoding="utf-8")
    return folder


def _check(tmp_path: Path, jobs: int, *extra: str) -> str:
    proc = run_cli(["check", "drafts", "--output-format", "json", "-j", str(jobs), *extra], cwd=tmp_path,
                   env={"ATTRLINT_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def test_two_workers_match_one_process_byte_for_byte(tmp_path: Path) -> None:
    _write(tmp_path)
    single = _check(tmp_path, 1, "--no-cache")
    parallel = _check(tmp_path, 2, "--no-cache")
    assert parallel == single
    found = json.loads(single)
    # The drafts really produce findings in many files, so order and content are compared.
    assert len({d["path"] for d in found}) >= 10
    assert not (tmp_path / "cache").exists()


def test_workers_fill_the_cache_and_mixed_runs_agree(tmp_path: Path) -> None:
    folder = _write(tmp_path)
    reference = _check(tmp_path, 1, "--no-cache")
    first = _check(tmp_path, 2)
    entries = list((tmp_path / "cache").rglob("*.json"))
    assert len(entries) == 20  # each worker wrote its drafts' entries
    # Change a few drafts (one per region of the input) so hits and misses interleave.
    for name in ("d01.txt", "d10.txt", "d19.txt"):
        p = folder / name
        p.write_text(p.read_text(encoding="utf-8") + "\nOfficials counted 4,400 lorries at the gate.\n",
                     encoding="utf-8")
    mixed_parallel = _check(tmp_path, 2)
    mixed_single = _check(tmp_path, 1, "--no-cache")
    cached = _check(tmp_path, 2)
    assert first == reference
    assert mixed_parallel == mixed_single != reference
    assert cached == mixed_single


def test_chunks_are_contiguous_and_cover_everything() -> None:
    sizes = [5, 1, 1, 1, 10, 2, 2, 8]
    for parts in range(1, 10):
        bounds = chunk_bounds(sizes, parts)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(sizes)
        assert all(a < b for a, b in bounds)
        assert all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:], strict=False))
        assert len(bounds) <= min(parts, len(sizes))
    assert chunk_bounds([1] * 10, 2) == [(0, 5), (5, 10)]


@pytest.mark.parametrize(("jobs", "count", "chars", "cpus", "expected"), [
    (1, 100, 5000, 8, 1),                  # -j 1 is one process
    (3, 10, 10, 1, 3),                     # an explicit count is obeyed
    (4, 2, 10, 8, 2),                      # but never more workers than drafts
    (0, AUTO_MIN_DRAFTS - 1, 9000, 2, 1),  # automatic: too few drafts to pay for a pool
    (0, 100, 10, 2, 1),                    # automatic: drafts too small
    (0, 100, 5000, 1, 1),                  # automatic: one CPU
    (0, 100, 5000, 2, 2),
])
def test_plan_workers(jobs: int, count: int, chars: int, cpus: int, expected: int) -> None:
    drafts = [Draft(f"d{i}.txt", "x" * chars) for i in range(count)]
    assert plan_workers(jobs, drafts, cpus=cpus) == expected
