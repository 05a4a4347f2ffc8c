"""``attrlint archive``: check a corpus of ``{id, text}`` articles on a Dask cluster, restartably.

The corpus is JSON Lines, one object per article with a string or integer ``id``, a string
``text`` and optionally a ``path`` (which then decides Markdown or plain text, and per-file
ignores; by default the article is plain text and its path is its id), or Parquet with those
columns (``attrlint.archive_parquet``). ``dask.bag`` reads JSON Lines in blocks of lines, in the
workers; a Parquet corpus is read by the client in record batches and sent in blocks, a few
blocks per worker in flight, so its memory stays bounded. Each block is checked by
``attrlint.api.Linter`` in a worker process, which loads the spaCy model once (a worker plugin
builds the linter when the worker joins). The client writes each finished block to
``RESULTS/part-<run>-<block>.jsonl`` (or ``.parquet`` when RESULTS ends in ``.parquet``) — one
row per article: ``id``, ``path`` and ``findings`` (the JSON output's objects), or ``error`` —
first under a temporary name, then renamed, so an interrupted run leaves only whole files. A
rerun skips every id already in RESULTS, and an id seen twice in one run is written once.

Dask (and pyarrow, for Parquet) is an optional extra (``pip install 'attrlint[dask]'``) and is
imported only here, only when the command runs.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from attrlint import archive_parquet
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


def _part_glob(out: Path) -> str:
    return archive_parquet.PART_GLOB if archive_parquet.is_parquet(out) else PART_GLOB


def done_ids(out: Path) -> set[str]:
    """Ids already in RESULTS (every whole part file; temporary files are not results)."""
    ids: set[str] = set()
    for part in sorted(out.glob(_part_glob(out))):
        if archive_parquet.is_parquet(out):
            ids.update(archive_parquet.result_ids(part))
            continue
        with part.open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    ids.add(json.loads(line)["id"])
    return ids


def write_part(out: Path, name: str, rows: Iterable[dict[str, Any]]) -> Path:
    """Write rows as one part file atomically: a temporary file, fsync, then rename. The file is
    Parquet when RESULTS ends in ``.parquet``, else JSON Lines; ``name`` has no suffix."""
    parquet = archive_parquet.is_parquet(out)
    name += archive_parquet.SUFFIX if parquet else ".jsonl"
    final = out / name
    tmp = out / f".{name}.{os.getpid()}.tmp"
    if parquet:
        archive_parquet.write_results(tmp, rows)
    else:
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
    return {"rows": check_articles(articles, settings, facts), "invalid": invalid}


def check_articles(articles: list[tuple[str, str, str]], settings: Settings, facts: str | None) -> list[dict[str, Any]]:
    """Result rows for (id, path, text) articles, in order."""
    linter = _linter(settings, facts)
    try:
        results = [d for _, d in linter.check_many((path, text) for _, path, text in articles)]
        rows = [_row(a, diags) for a, diags in zip(articles, results, strict=True)]
    except Exception:  # one bad article must not lose its block: check them one by one
        rows = [_checked_alone(linter, a) for a in articles]
    return rows


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
    parquet = archive_parquet.open_corpus(job.corpus) if archive_parquet.is_parquet(job.corpus) else None
    if parquet is None and not Path(job.corpus).is_file():
        raise ArchiveError(f"{job.corpus}: no such corpus file")
    job.out.mkdir(parents=True, exist_ok=True)
    for stale in job.out.glob(".part-*.tmp"):  # an interrupted run's unfinished file
        stale.unlink()
    seen = done_ids(job.out)
    summary = Summary(skipped=0)
    before = len(seen)
    run = time.strftime("%Y%m%d%H%M%S") + "-" + uuid.uuid4().hex[:6]
    client, cluster = _client(scheduler, workers)
    try:
        client.register_plugin(_plugin(job.settings, job.facts), name=PLUGIN_NAME)
        start = time.perf_counter()
        blocks = (_parquet_blocks(client, job, parquet, seen, summary) if parquet is not None
                  else _jsonl_blocks(client, job, seen))
        for k, part in blocks:
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
                summary.parts.append(write_part(job.out, f"part-{run}-{k:05d}", rows))
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


def _jsonl_blocks(client, job: ArchiveJob, seen: set[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(block number, checked block) as the workers finish them: ``dask.bag`` reads the corpus in
    blocks of lines, in the workers, and every block is submitted at once."""
    import dask
    import dask.bag as db
    from distributed import as_completed

    blocksize = None if job.corpus.endswith((".gz", ".bz2", ".xz")) else job.blocksize
    bag = db.read_text(job.corpus, blocksize=blocksize)
    done = dask.delayed(frozenset(seen), pure=True)
    futures = client.compute(bag.map_partitions(check_block, done, job.settings, job.facts).to_delayed())
    index = {f.key: k for k, f in enumerate(futures)}
    for fut in as_completed(futures):
        yield index[fut.key], fut.result()


def _parquet_blocks(client, job: ArchiveJob, corpus: archive_parquet.ParquetCorpus, seen: set[str],
                    summary: Summary) -> Iterator[tuple[int, dict[str, Any]]]:
    """(block number, checked block) as the workers finish them. The client reads the corpus and
    keeps two blocks per worker thread in flight, so neither it nor the cluster holds more of the
    corpus than that; articles already in RESULTS, or already sent, are not sent."""
    from distributed import as_completed

    limit = max(2, 2 * sum(client.nthreads().values()))
    queued: set[str] = set()

    def wanted(key: str) -> bool:
        if key in queued:
            summary.duplicates += 1
            return False
        if key in seen:
            return False
        queued.add(key)
        return True

    counts = {"invalid": 0}
    pending = as_completed()
    index: dict[str, int] = {}
    unreadable = None
    try:
        for block in corpus.blocks(job.blocksize, counts, wanted):
            fut = client.submit(check_articles, block, job.settings, job.facts, pure=False)
            index[fut.key] = len(index)
            pending.add(fut)
            while pending.count() >= limit:
                done = next(pending)
                yield index[done.key], {"rows": done.result(), "invalid": 0}
    except archive_parquet.ParquetError as e:  # keep what was checked before the damaged part
        unreadable = e
    summary.invalid += counts["invalid"]
    for done in pending:
        yield index[done.key], {"rows": done.result(), "invalid": 0}
    if unreadable is not None:
        raise unreadable


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
    from attrlint.archive_parquet import ParquetError
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
    except (ArchiveError, ParquetError, ModelError) as e:
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
        what = "rows have no id or no text" if archive_parquet.is_parquet(corpus) else \
            "lines are not {id, text} objects"
        problems.append(f"{corpus}: {s.invalid:,} {what} (not checked)")
    if s.errors:
        problems.append(f"{out}: {s.errors:,} articles could not be checked (rows with \"error\")")
    if s.duplicates:
        print(f"attrlint archive: {s.duplicates:,} repeated ids checked once", file=err)
    for p in problems:
        print(f"attrlint: {p}", file=err)
    return 2 if problems else 0
