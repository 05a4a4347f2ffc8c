"""``attrlint archive``: check a corpus of ``{id, text}`` articles on a Dask cluster, restartably.

The corpus is JSON Lines, one object per article with a string or integer ``id``, a string
``text`` and optionally a ``path`` (which then decides Markdown or plain text, and per-file
ignores; by default the article is plain text and its path is its id). ``dask.bag`` reads it in
blocks of lines; each block is checked by ``attrlint.api.Linter`` in a worker process, which loads
the spaCy model once (a worker plugin builds the linter when the worker joins). The client writes
each finished block to ``RESULTS/part-<run>-<block>.jsonl`` — one line per article: ``id``,
``path`` and ``findings`` (the JSON output's objects), or ``error`` — first under a temporary name,
then renamed, so an interrupted run leaves only whole files. A rerun skips every id already in
RESULTS, and an id seen twice in one run is written once.

Dask is an optional extra (``pip install 'attrlint[dask]'``) and is imported only here, only
when the command runs.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attrlint.config import Settings

INSTALL_HINT = "pip install 'attrlint[dask]'"
PLUGIN_NAME = "attrlint-linter"
PART_GLOB = "part-*.jsonl"
DEFAULT_BLOCKSIZE = 1 << 20  # bytes of corpus per task: ~200 wire articles, a few seconds of work


class ArchiveError(Exception):
    """A problem that stops the run before it starts; the message is one line."""


def require_dask() -> None:
    """Raise ArchiveError saying what to install when Dask (bag + distributed) is missing."""
    try:
        import dask.bag  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as e:
        raise ArchiveError(f"attrlint archive needs Dask ({e.name} is not installed): {INSTALL_HINT}") from None


@dataclass
class ArchiveJob:
    corpus: str
    out: Path
    settings: Settings
    facts: str | None = None
    blocksize: int = DEFAULT_BLOCKSIZE


@dataclass
class Summary:
    checked: int = 0
    skipped: int = 0  # already in RESULTS
    duplicates: int = 0  # an id seen again in this run
    invalid: int = 0  # corpus lines that are not {id, text} objects
    errors: int = 0  # articles whose check raised
    findings: int = 0
    seconds: float = 0.0
    parts: list[Path] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.checked / self.seconds if self.seconds > 0 else 0.0


# --- results on disk ---------------------------------------------------------------------------


def done_ids(out: Path) -> set[str]:
    """Ids already in RESULTS (every whole part file; temporary files are not results)."""
    ids: set[str] = set()
    for part in sorted(out.glob(PART_GLOB)):
        with part.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    ids.add(json.loads(line)["id"])
    return ids


def write_part(out: Path, name: str, rows: Iterable[dict[str, Any]]) -> Path:
    """Write rows as one JSON Lines file atomically: a temporary file, fsync, then rename."""
    final = out / name
    tmp = out / f".{name}.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, final)
    return final


# --- the worker side ---------------------------------------------------------------------------


def _article(line: str) -> tuple[str, str, str] | None:
    """(id, path, text) of one corpus line, or None when it is not an {id, text} object."""
    try:
        row = json.loads(line)
    except ValueError:
        return None
    if not isinstance(row, dict):
        return None
    key, text, path = row.get("id"), row.get("text"), row.get("path")
    if isinstance(key, bool) or not isinstance(key, str | int) or not isinstance(text, str):
        return None
    key = str(key)
    return key, path if isinstance(path, str) and path else key, text


def _linter(settings: Settings, facts: str | None):
    """The worker's linter (built once by the plugin), or a new one outside a Dask worker."""
    from attrlint.api import Linter

    try:
        from distributed import get_worker

        plugin = get_worker().plugins.get(PLUGIN_NAME)
    except (ImportError, ValueError):
        plugin = None
    if plugin is not None and plugin.key == (settings.fingerprint(), facts):
        return plugin.linter
    return Linter(settings, facts=facts)


def check_block(lines: list[str], done: frozenset[str], settings: Settings, facts: str | None) -> dict[str, Any]:
    """Check one block of corpus lines: result rows for articles not in ``done``, and a count of
    lines that are not articles."""
    articles, invalid = [], 0
    for line in lines:
        if not line.strip():
            continue
        art = _article(line)
        if art is None:
            invalid += 1
        elif art[0] not in done:
            articles.append(art)
    linter = _linter(settings, facts)
    try:
        results = [d for _, d in linter.check_many((path, text) for _, path, text in articles)]
        rows = [_row(a, diags) for a, diags in zip(articles, results, strict=True)]
    except Exception:  # one bad article must not lose its block: check them one by one
        rows = [_checked_alone(linter, a) for a in articles]
    return {"rows": rows, "invalid": invalid}


def _row(article: tuple[str, str, str], diagnostics) -> dict[str, Any]:
    key, path, _ = article
    return {"id": key, "path": path, "findings": [d.to_json() for d in diagnostics]}


def _checked_alone(linter, article: tuple[str, str, str]) -> dict[str, Any]:
    key, path, text = article
    try:
        return _row(article, linter.check_text(text, path=path))
    except Exception as e:  # reported in the results, so the rest of the archive goes on
        return {"id": key, "path": path, "error": f"{type(e).__name__}: {e}"}


def _plugin(settings: Settings, facts: str | None):
    """A worker plugin that builds the linter and loads the model once per worker process."""
    from distributed.diagnostics.plugin import WorkerPlugin

    class LinterPlugin(WorkerPlugin):
        name = PLUGIN_NAME

        def __init__(self) -> None:
            self.key = (settings.fingerprint(), facts)
            self.linter = None

        def setup(self, worker) -> None:  # noqa: ANN001 - Dask's signature
            from attrlint.api import Linter

            self.linter = Linter(settings, facts=facts)
            self.linter.load_model()

    return LinterPlugin()


# --- the client side ---------------------------------------------------------------------------


def _client(scheduler: str | None, workers: int | None):
    """A client of the given scheduler, or of a local cluster of single-threaded worker processes
    (spaCy parses in one thread; processes use every core)."""
    import logging

    from distributed import Client, LocalCluster

    # Dask's own shutdown chatter ("worker process still alive …, killing") is not the user's concern.
    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        return Client(scheduler), None
    n = workers or os.cpu_count() or 1
    cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_archive(job: ArchiveJob, *, scheduler: str | None = None, workers: int | None = None,
                progress: Callable[[Summary], None] | None = None) -> Summary:
    """Check every article of ``job.corpus`` not yet in ``job.out``; returns the run's counts."""
    require_dask()
    import dask
    import dask.bag as db
    from distributed import as_completed

    if not Path(job.corpus).is_file():
        raise ArchiveError(f"{job.corpus}: no such corpus file")
    job.out.mkdir(parents=True, exist_ok=True)
    for stale in job.out.glob(".part-*.tmp"):  # an interrupted run's unfinished file
        stale.unlink()
    seen = done_ids(job.out)
    summary = Summary(skipped=0)
    before = len(seen)
    run = time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
    blocksize = None if job.corpus.endswith((".gz", ".bz2", ".xz")) else job.blocksize
    client, cluster = _client(scheduler, workers)
    try:
        client.register_plugin(_plugin(job.settings, job.facts), name=PLUGIN_NAME)
        bag = db.read_text(job.corpus, blocksize=blocksize)
        done = dask.delayed(frozenset(seen), pure=True)
        blocks = bag.map_partitions(check_block, done, job.settings, job.facts).to_delayed()
        start = time.perf_counter()
        futures = client.compute(blocks)
        index = {f.key: k for k, f in enumerate(futures)}
        for fut in as_completed(futures):
            part = fut.result()
            summary.invalid += part["invalid"]
            rows = []
            for row in part["rows"]:
                if row["id"] in seen:
                    summary.duplicates += 1
                    continue
                seen.add(row["id"])
                rows.append(row)
                summary.errors += "error" in row
                summary.findings += len(row.get("findings", ()))
            if rows:
                summary.parts.append(write_part(job.out, f"part-{run}-{index[fut.key]:05d}.jsonl", rows))
            summary.checked += len(rows)
            summary.seconds = time.perf_counter() - start
            if progress:
                progress(summary)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary.skipped = before
    return summary


# --- the command -------------------------------------------------------------------------------


def _progress_printer(quiet: bool, tty: bool) -> Callable[[Summary], None] | None:
    if quiet:
        return None
    last = [0.0]

    def show(s: Summary) -> None:
        now = time.monotonic()
        if now - last[0] < 1.0:
            return
        last[0] = now
        line = f"attrlint archive: {s.checked:,} articles checked ({s.rate:,.1f} articles/s)"
        print(("\r" + line) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)

    return show


def _terminate(signum, frame) -> None:  # noqa: ANN001 - signal handler signature
    raise KeyboardInterrupt


def archive_command(corpus: str, out: str, *, scheduler: str | None, workers: int, facts: str | None,
                    config: str | None, select: tuple[str, ...] | None, ignore: tuple[str, ...],
                    blocksize: int, quiet: bool) -> int:
    """``attrlint archive``: returns the exit code (0 complete, 2 not everything was checked)."""
    import signal

    from attrlint.api import ConfigError, FactFileError, LexiconError, ModelError, load_settings
    from attrlint.config import UnknownRuleError, merge_cli, resolve_selector
    from attrlint.rules import RULES

    err = sys.stderr
    try:
        require_dask()
        for sel in (select or ()) + ignore:
            resolve_selector(sel, RULES)
        settings = merge_cli(load_settings(config), select=select, ignore=ignore)
        if facts is not None:
            from attrlint.facts import load_facts

            load_facts(facts)  # a bad fact file stops the run before a cluster starts
        job = ArchiveJob(corpus, Path(out), settings, facts or settings.facts, blocksize)
        signal.signal(signal.SIGTERM, _terminate)
        s = run_archive(job, scheduler=scheduler, workers=workers or None,
                        progress=_progress_printer(quiet, err.isatty()))
    except (ArchiveError, ModelError) as e:
        print(str(e) if str(e).startswith("attrlint") else f"attrlint: {e}", file=err)
        return 2
    except UnknownRuleError as e:
        print(f"attrlint: {e} (see `attrlint rules`)", file=err)
        return 2
    except (ConfigError, FactFileError, LexiconError) as e:  # these name their file and line
        print(str(e), file=err)
        return 2
    except KeyboardInterrupt:
        print(f"\nattrlint archive: interrupted; the articles finished so far are in {out}; "
              "run the same command again to resume", file=err)
        return 130
    except OSError as e:
        print(f"attrlint: {e.filename or corpus}: {e.strerror or e}", file=err)
        return 2
    if not quiet:
        print(f"{chr(13) if err.isatty() else ''}attrlint archive: {s.checked:,} articles checked in "
              f"{s.seconds:.1f} s ({s.rate:,.1f} articles/s), {s.findings:,} findings; "
              f"{s.skipped:,} already in {out}", file=err)
    problems = []
    if s.invalid:
        problems.append(f"{corpus}: {s.invalid:,} lines are not {{id, text}} objects (not checked)")
    if s.errors:
        problems.append(f"{out}: {s.errors:,} articles could not be checked (rows with \"error\")")
    if s.duplicates:
        print(f"attrlint archive: {s.duplicates:,} repeated ids checked once", file=err)
    for p in problems:
        print(f"attrlint: {p}", file=err)
    return 2 if problems else 0
