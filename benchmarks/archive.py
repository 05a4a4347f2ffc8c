"""``attrlint archive`` throughput with 1 and 2 local Dask workers, beside ``attrlint check -j``.

    python benchmarks/archive.py [--articles N] [--words W]

Builds a JSON Lines corpus of N generated wire articles (about W words each; our own templates,
benchmarks/corpus.py), then times, each in a fresh process: ``attrlint archive`` on a local
cluster of 1 and of 2 worker processes (wall time, cluster start and model loads included, and
the articles/s the command reports, counted from the first task), and ``attrlint check -j 1``
and ``-j 2`` on the same articles as files. CPU seconds (the command and every worker process)
are printed beside wall time: on a shared machine they, not wall time, say what an article costs.
Needs the ``dask`` extra. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench import compile_bytecode, machine, run  # noqa: E402
from corpus import draft  # noqa: E402

_RATE = re.compile(rb"\(([\d,.]+) articles/s\)")


def _cpu_since(before: resource.struct_rusage) -> float:
    """CPU seconds of the children reaped since ``before`` (the command and its worker processes)."""
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--words", type=int, default=600)
    a = ap.parse_args()
    print(machine())
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="attrlint-archive-bench-"))
    env = dict(os.environ, PYTHONPATH=str(ROOT), ATTRLINT_CACHE_DIR=str(work / "cache"))
    try:
        rng = random.Random(23)
        texts = {f"a{k:05d}": draft(rng, a.words) for k in range(a.articles)}
        words = sum(len(t.split()) for t in texts.values())
        with (work / "corpus.jsonl").open("w", encoding="utf-8") as f:
            for key, text in texts.items():
                f.write(json.dumps({"id": key, "text": text}) + "\n")
        (work / "files").mkdir()
        for key, text in texts.items():
            (work / "files" / f"{key}.txt").write_text(text, encoding="utf-8")
        print(f"corpus: {a.articles} articles, {words:,} words, "
              f"{(work / 'corpus.jsonl').stat().st_size / 1e6:.1f} MB")
        print(f"{'command':<34} {'wall s':>8} {'articles/s (wall)':>18} {'reported articles/s':>20} {'peak MB':>8} "
              f"{'cpu s':>7} {'cpu s/article':>13}")
        for n in (1, 2):
            cmd = [sys.executable, "-m", "attrlint", "archive", "corpus.jsonl", "--out", f"out{n}",
                   "--workers", str(n), "--blocksize", str(256 * 1024)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, (rss, _), proc = run(cmd, cwd=work, env=env, memory=True, timeout=3600)
            cpu = _cpu_since(before)
            if proc.returncode != 0:
                print(f"archive --workers {n} failed: {proc.stderr.decode(errors='replace')[-300:]}")
                return 1
            found = _RATE.findall(proc.stderr)
            reported = found[-1].decode() if found else "?"
            print(f"{'attrlint archive --workers ' + str(n):<34} {wall:>8.1f} {a.articles / wall:>18.1f} "
                  f"{reported:>20} {rss:>8.0f} {cpu:>7.1f} {cpu / a.articles:>13.3f}", flush=True)
        for n in (1, 2):
            cmd = [sys.executable, "-m", "attrlint", "check", "--no-cache", "-j", str(n), "--output-format", "json",
                   "files"]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, (rss, _), proc = run(cmd, cwd=work, env=env, memory=True, timeout=3600)
            cpu = _cpu_since(before)
            print(f"{'attrlint check -j ' + str(n):<34} {wall:>8.1f} {a.articles / wall:>18.1f} {'-':>20} "
                  f"{rss:>8.0f} {cpu:>7.1f} {cpu / a.articles:>13.3f}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
