"""attrlint on drafts of pathological shape, side by side with normal prose, in one run.

    python benchmarks/pathological.py [--scale F] [--only NAME[,NAME]] [--timeout S]

Each shape is generated from our own sentences (never copied from anywhere), checked once with
``attrlint check --no-cache -j 1 --output-format json`` in a fresh process, and reported as words
(tokens with a letter or digit) per CPU second of the process beyond the fixed start-up cost
(imports and model load, measured on a one-line draft first), and peak summed RSS of the process
tree (sampled every 20 ms, as ``benchmarks/bench.py`` measures). CPU time rather than wall time,
because on a shared machine wall time measures the other users' load; wall seconds are printed
beside it. The target
for every shape: at least 5,000 words/s or within 2x of normal prose's rate, and a peak under
400 MB. ``--scale`` shrinks every shape (0.1 for a quick look); the targets are judged at
scale 1. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench import compile_bytecode, machine, run  # noqa: E402
from corpus import PLACES, THINGS, draft, paragraph, wire_text  # noqa: E402

TARGET_WPS = 5_000
TARGET_RATIO = 2.0
TARGET_MB = 400

# Words are whitespace-separated tokens with a letter or digit: Markdown markers and table pipes are not.
_WORDLIKE = re.compile(r"[^\W_]")

SHORT = ["The ferry left at {n}.", "Officials counted {n} boats.", "Rain fell all day.", "The port stayed shut.",
         "Crews worked through the night.", "Nobody was hurt.", "Police closed {n} roads.", "Traffic was slow."]


def short_sentence(rng: random.Random) -> str:
    return rng.choice(SHORT).format(n=rng.randint(2, 900))


def normal(rng: random.Random, scale: float) -> str:
    """Forty 800-word wire drafts' worth of paragraphs: the reference rate."""
    return "\n\n".join(draft(rng, 800) for _ in range(max(10, int(40 * scale))))


def one_line(rng: random.Random, scale: float) -> str:
    """One paragraph on one line: 8,000 short sentences (about 300 KB)."""
    n = max(10, int(8_000 * scale))
    return " ".join(paragraph(rng) if k % 4 == 0 else short_sentence(rng) for k in range(n)) + "\n"


def one_word_lines(rng: random.Random, scale: float) -> str:
    """100,000 one-word paragraphs."""
    words = ["Rain.", "Quiet.", "Boats.", "Later.", "Yes.", "No.", "Forty.", "Harbour."]
    return "\n\n".join(rng.choice(words) for _ in range(max(10, int(100_000 * scale)))) + "\n"


def short_lines(rng: random.Random, scale: float) -> str:
    """100,000 short lines and no blank line: one paragraph of 100,000 line breaks."""
    return "\n".join(short_sentence(rng) for _ in range(max(10, int(100_000 * scale)))) + "\n"


def many_figures(rng: random.Random, scale: float) -> str:
    """50,000 figures in one draft, in ordinary paragraphs of five sentences."""
    sents = []
    for _ in range(max(10, int(50_000 * scale))):
        sents.append(f"Officials in {rng.choice(PLACES)} counted {rng.randint(2, 95) * 100:,} "
                     f"{rng.choice(THINGS)}, the agency said.")
    return "\n\n".join(" ".join(sents[k:k + 5]) for k in range(0, len(sents), 5)) + "\n"


def sentence_figures(rng: random.Random, scale: float) -> str:
    """10,000 figures in one sentence: a table pasted as a list, each figure conjoined to the last."""
    n = max(10, int(10_000 * scale))
    return "The port counted " + ", ".join(f"{rng.randint(2, 900)} {rng.choice(THINGS)}" for _ in range(n)) + ".\n"


def huge(rng: random.Random, scale: float) -> str:
    """A 20 MB draft of ordinary wire paragraphs."""
    return wire_text(rng, int(20_000_000 * scale))


def nested_lists(rng: random.Random, scale: float) -> str:
    """A 2,000-level Markdown list, one uncredited figure per level (4 MB: the indentation grows)."""
    n = max(10, int(2_000 * scale))
    return "\n".join("  " * k + f"- There were {rng.randint(2, 900)} boats." for k in range(n)) + "\n"


def nested_deep(rng: random.Random, scale: float) -> str:
    """10,000 nested levels: lines that each open 10,000 block quotes and lists, then hold 200
    short sentences."""
    lines = max(1, int(10 * scale))
    opener = "> " * 5_000 + "- " * 5_000
    return "\n\n".join(opener + " ".join(short_sentence(rng) for _ in range(200)) for _ in range(lines)) + "\n"


def big_table(rng: random.Random, scale: float) -> str:
    """A Markdown table of 100,000 rows."""
    rows = ["| port | ships | note |", "|---|---|---|"]
    for k in range(max(10, int(100_000 * scale))):
        rows.append(f"| Port {k} | {rng.randint(2, 900)} | {rng.choice(SHORT).format(n=k)} |")
    return "\n".join(rows) + "\n"


def name_lists(rng: random.Random, scale: float) -> str:
    """1,000 paragraphs each counting "two" ports before a list of 60 capitalised names that never
    closes: the shape that makes a careless list pattern try every way to split the names."""
    names = ", ".join(f"Port {chr(65 + k % 26)}lder Brill Cove Dune" for k in range(60))
    para = f"The union won in two northern ports, {names} and Eke Fenn Gale Hart went home."
    return "\n\n".join(para for _ in range(max(5, int(1_000 * scale)))) + "\n"


SHAPES: list[tuple[str, str, Callable[[random.Random, float], str]]] = [
    ("start-up", "start.txt", lambda rng, scale: "Rain fell.\n"),
    ("normal", "normal.txt", normal),
    ("one-line", "one-line.txt", one_line),
    ("one-word-lines", "one-word-lines.txt", one_word_lines),
    ("short-lines", "short-lines.txt", short_lines),
    ("figures", "figures.txt", many_figures),
    ("sentence-figures", "sentence.txt", sentence_figures),
    ("20MB", "huge.txt", huge),
    ("nested-2000", "nested-lists.md", nested_lists),
    ("nested-10000", "nested-deep.md", nested_deep),
    ("table", "table.md", big_table),
    ("name-lists", "name-lists.txt", name_lists),
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="shrink every shape (default 1: the targets' sizes)")
    ap.add_argument("--only", default="", help="comma-separated shape names (normal always runs)")
    ap.add_argument("--timeout", type=float, default=900.0, help="seconds before a shape is reported unfinished")
    a = ap.parse_args()
    only = {s for s in a.only.split(",") if s}
    print(machine())
    compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="attrlint-patho-"))
    env = dict(os.environ, ATTRLINT_CACHE_DIR=str(work / "cache"), PYTHONPATH=str(ROOT))
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    failed = 0
    try:
        print(f"{'shape':<15} {'size':>9} {'words':>10} {'wall s':>8} {'cpu s':>7} {'words/s':>9} {'peak MB':>8} "
              f"{'findings':>8}  target")
        base_rate = None
        startup = 0.0
        for name, fname, make in SHAPES:
            if only and name not in ("normal", "start-up") and name not in only:
                continue
            path = work / fname
            text = make(random.Random(17), a.scale)
            path.write_text(text, encoding="utf-8")
            words = sum(1 for w in text.split() if _WORDLIKE.search(w))
            cmd = [sys.executable, "-m", "attrlint", "check", "--no-cache", "-j", "1", "--output-format", "json",
                   str(path)]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall, (rss, _pss), proc = run(cmd, cwd=work, env=env, memory=True, timeout=a.timeout)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            timed_out = b"bench: timed out" in proc.stderr
            if proc.returncode not in (0, 1) and not timed_out:
                tail = proc.stderr.decode(errors="replace").strip().splitlines()[-2:]
                print(f"{name:<15} failed (exit {proc.returncode}): {' | '.join(tail)}")
                failed += 1
                continue
            if name == "start-up":
                startup = cpu
                print(f"{name:<15} {'':>9} {'':>10} {wall:>8.1f} {cpu:>7.1f} {'':>9} {rss:>8.0f} {'':>8}  "
                      "(fixed cost: imports, model load; subtracted below)", flush=True)
                continue
            # below 0.2 CPU seconds beyond start-up the difference is noise: report the bound
            rate = words / max(cpu - startup, 0.2)
            findings = "-" if timed_out else str(proc.stdout.count(b'"code"'))
            if name == "normal":
                base_rate = rate
                verdict = "(reference)"
            else:
                fast = rate >= TARGET_WPS or (base_rate is not None and rate * TARGET_RATIO >= base_rate)
                ok = fast and rss < TARGET_MB and not timed_out
                failed += not ok
                verdict = ("met" if ok else "NOT met") + (" (unfinished)" if timed_out else "")
            print(f"{name:<15} {len(text.encode()) / 1e6:7.2f}MB {words:>10,} {wall:>8.1f} {cpu:>7.1f} {rate:>9,.0f} "
                  f"{rss:>8.0f} {findings:>8}  {verdict}", flush=True)
            path.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"targets: >= {TARGET_WPS:,} words/s or within {TARGET_RATIO:g}x of normal prose, peak < {TARGET_MB} MB; "
          f"{'all met' if not failed else f'{failed} NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
