"""Parallel runs (``attrlint check -j N``): split uncached drafts into contiguous chunks for worker processes.

Each worker loads the NLP pipeline once and checks one contiguous slice, so putting results back
in input order is concatenation. Cache lookups stay in the parent (hashing is cheap and a fully
cached run must not start a worker or import spaCy); workers write their own cache entries, which
is safe because cache writes are atomic.

Measured on a 2-core machine (benchmarks/bench.py): a worker costs about 1.5-2 s to start (spawn,
spaCy import and model load) while an 800-word draft takes about 0.1 s to check, so a pool pays
off from roughly a dozen such drafts; the automatic setting waits for more than that.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from attrlint.cache import ResultCache
from attrlint.config import Settings
from attrlint.engine import Checker, Draft, FileResult
from attrlint.lexicon import Lexicon
from attrlint.nlp import ModelError
from attrlint.rules import RULES

# The automatic setting (-j 0) starts workers only for at least this much uncached work.
AUTO_MIN_DRAFTS = 16
AUTO_MIN_CHARS = 48_000


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs to build its own Checker (all picklable)."""

    settings: Settings
    # Every lexicon the drafts' settings name, as the parent read them: workers never re-read the
    # files, so a file edited during the run cannot give two workers two versions.
    lexicons: dict[tuple[str, ...], Lexicon]
    cache_dir: str | None
    parent_pid: int = 0  # the process that started the pool: workers exit when it is gone


def available_cpus() -> int:
    """CPUs this process may run on (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def plan_workers(jobs: int, drafts: Sequence[Draft], cpus: int | None = None) -> int:
    """How many worker processes to use for ``drafts`` (the uncached ones); 1 means in-process.

    An explicit ``jobs`` is obeyed (capped by the number of drafts); 0 chooses by size, because a
    pool only wins when the analysis outweighs starting one pipeline per worker.
    """
    n = len(drafts)
    if n < 2:
        return 1
    if jobs > 0:
        return min(jobs, n)
    cpus = available_cpus() if cpus is None else cpus
    if cpus < 2 or n < AUTO_MIN_DRAFTS or sum(len(d.source) for d in drafts) < AUTO_MIN_CHARS:
        return 1
    return min(cpus, n // (AUTO_MIN_DRAFTS // 2))


def chunk_bounds(sizes: Sequence[int], parts: int) -> list[tuple[int, int]]:
    """Split ``range(len(sizes))`` into at most ``parts`` contiguous non-empty slices of similar size."""
    n = len(sizes)
    parts = max(1, min(parts, n))
    total = sum(sizes) or n
    bounds: list[tuple[int, int]] = []
    start, acc = 0, 0
    for i, size in enumerate(sizes):
        acc += size or 1
        remaining_parts = parts - len(bounds) - 1
        # Close the slice once it reaches its share, leaving at least one item per later slice.
        share_reached = acc >= total * (len(bounds) + 1) / parts
        if remaining_parts > 0 and share_reached and n - (i + 1) >= remaining_parts:
            bounds.append((start, i + 1))
            start = i + 1
    bounds.append((start, n))
    return [b for b in bounds if b[0] < b[1]]


def _needs_nlp(checker: Checker, drafts: Sequence[Draft]) -> bool:
    return any(RULES[c].needs_nlp for d in drafts for c in checker.codes(d) if c in RULES)


def _split_cached(checker: Checker, drafts: Sequence[Draft]) -> tuple[dict[int, FileResult], list[int]]:
    """Cache hits by input index, and the indices still to check (FactFileError propagates, as in-process)."""
    hits: dict[int, FileResult] = {}
    misses: list[int] = []
    for i, draft in enumerate(drafts):
        hit = checker.cached(draft)
        if hit is not None:
            hits[i] = hit
        else:
            misses.append(i)
    return hits, misses


_WORKER: Checker | ModelError | None = None


def _exit_with(parent_pid: int) -> None:
    """End this worker as soon as ``parent_pid`` has ended, however it ended.

    A parent stopped by SIGTERM or SIGKILL runs no clean-up; its workers (children of the fork
    server, which itself lives as long as they do) would wait for work forever, each holding a
    loaded model. A daemon thread waits on a pidfd of the parent (Linux), else polls it each second.
    """
    import select
    import threading
    import time

    def watch() -> None:
        try:
            fd = os.pidfd_open(parent_pid)
        except (AttributeError, OSError):  # no pidfd here, or the parent is already gone
            while _alive(parent_pid):
                time.sleep(1.0)
        else:
            select.select([fd], [], [])  # readable once the process has exited
        os._exit(1)

    threading.Thread(target=watch, name="attrlint-exit-with-parent", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _init_worker(setup: WorkerSetup) -> None:
    global _WORKER
    if setup.parent_pid:
        _exit_with(setup.parent_pid)
    # Workers stay silent about cache failures: the parent says it once per run (_work returns it).
    cache = ResultCache(Path(setup.cache_dir), quiet=True) if setup.cache_dir else None
    _WORKER = Checker(setup.settings, cache=cache, lexicons=setup.lexicons)
    # Load the pipeline while the parent is still sending work, not on the first chunk (a draft
    # whose settings name another model loads that one when it comes). A model that cannot be
    # loaded must reach the parent as that error (one line), not as a broken pool.
    try:
        _WORKER.nlp()
    except ModelError as exc:
        _WORKER = exc


def _work(drafts: list[Draft]) -> tuple[list[FileResult], OSError | None]:
    """A chunk's results, and the cache write failure (if any) for the parent to report."""
    assert _WORKER is not None, "worker not initialised"
    if isinstance(_WORKER, ModelError):
        raise _WORKER
    results = list(_WORKER.check(drafts))
    return results, None if _WORKER.cache is None else _WORKER.cache.failure


def process_context():  # noqa: ANN201 - a multiprocessing context; the module is imported only when a pool starts
    import multiprocessing

    # fork is unsafe with spaCy's thread pools and would copy the parent's state; forkserver
    # starts workers from a clean process and is cheaper than spawn where it exists.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def check_parallel(checker: Checker, drafts: Sequence[Draft], jobs: int,
                   progress: Callable[[int], None] | None = None) -> Iterator[FileResult]:
    """Results for ``drafts`` in input order, identical to ``checker.check(drafts)``."""
    drafts = list(drafts)
    if jobs == 1 or len(drafts) < 2:
        yield from checker.check(drafts, progress=progress)
        return
    hits, misses = _split_cached(checker, drafts)
    todo = [drafts[i] for i in misses]
    workers = plan_workers(jobs, todo) if todo and _needs_nlp(checker, todo) else 1
    if workers < 2:
        # Hits are not read again; the misses are checked in-process.
        fresh = iter(checker.check(todo, progress=progress) if todo else ())
        for i in range(len(drafts)):
            if i in hits:
                if progress:
                    progress(1)
                yield hits[i]
            else:
                yield next(fresh)
        return
    # The parent prepares the cache directory (or warns, once) before any worker tries.
    writable = checker.cache is not None and checker.cache.writable()
    cache_dir = str(checker.cache.directory) if writable else None
    for draft in todo:
        checker.lexicon_for(checker.settings_of(draft))
    setup = WorkerSetup(checker.settings, checker.lexicons, cache_dir, os.getpid())
    from concurrent.futures import ProcessPoolExecutor

    bounds = chunk_bounds([len(d.source) for d in todo], workers)
    with ProcessPoolExecutor(max_workers=len(bounds), mp_context=process_context(),
                             initializer=_init_worker, initargs=(setup,)) as pool:
        futures = [pool.submit(_work, todo[a:b]) for a, b in bounds]
        fresh_results: list[FileResult] = []
        pos = 0
        for i in range(len(drafts)):
            if i in hits:
                if progress:
                    progress(1)
                yield hits[i]
                continue
            while pos >= len(fresh_results):
                chunk, failure = futures.pop(0).result()
                fresh_results.extend(chunk)
                if failure is not None and checker.cache is not None:
                    checker.cache.report(failure)
            if progress:
                progress(1)
            yield fresh_results[pos]
            pos += 1
