"""Parquet for ``attrlint archive``: a corpus of ``{id, text}`` rows read in bounded blocks, and
results written as Parquet part files.

A Parquet corpus is a ``.parquet`` file, or a directory of them (as Dask and Spark write one),
with a string or integer column ``id``, a string column ``text`` and optionally a string column
``path``. The client reads it record batch by record batch (``ParquetFile.iter_batches``), so a
corpus of any size, in row groups of any size, never sits in memory whole; the rows are grouped
into blocks of about ``--blocksize`` bytes of text, one task each.

Results in Parquet hold the JSON Lines results' fields: ``id``, ``path``, ``findings`` (a list of
the JSON output's objects, as structs; null when the check failed) and ``error`` (null when it
did not), one part file per block, under one fixed schema so the directory reads as one table.

pyarrow comes with the ``dask`` extra and is imported only here, only when a corpus or RESULTS
name ends in ``.parquet``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIX = ".parquet"
PART_GLOB = "part-*.parquet"
ROWS_PER_BATCH = 256  # rows decoded at a time; a block gathers batches up to its byte size
_ID_TYPES = ("is_integer", "is_string", "is_large_string")
_TEXT_TYPES = ("is_string", "is_large_string")


class ParquetError(Exception):
    """A Parquet corpus or results file that cannot be used; the message is one line naming it."""


def is_parquet(name: str | os.PathLike[str]) -> bool:
    """Whether a corpus or RESULTS name asks for Parquet (it ends in ``.parquet``)."""
    return os.fspath(name).rstrip("/\\").lower().endswith(SUFFIX)


def _pyarrow():
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise ParquetError("Parquet needs pyarrow, which is not installed: pip install 'attrlint[dask]'") from None
    return pyarrow, pyarrow.parquet


def _read_errors() -> tuple[type[BaseException], ...]:
    """What pyarrow raises for a file it cannot read (its own errors, and I/O and value errors)."""
    pa, _ = _pyarrow()
    return (OSError, ValueError, pa.ArrowException)


def _one_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


# --- the corpus --------------------------------------------------------------------------------


@dataclass
class ParquetCorpus:
    """A validated Parquet corpus: its files and the columns to read."""

    name: str
    files: list[Path]
    columns: list[str]

    def blocks(self, blocksize: int, counts: dict[str, int],
               wanted: Callable[[str], bool]) -> Iterator[list[tuple[str, str, str]]]:
        """Blocks of (id, path, text) of the articles whose id is ``wanted``, each about
        ``blocksize`` characters of text; rows without an id or a text are counted in
        ``counts["invalid"]`` and left out."""
        _, pq = _pyarrow()
        block: list[tuple[str, str, str]] = []
        size = 0
        for file in self.files:
            for row in self._rows(pq, file):
                art = _article(row)
                if art is None:
                    counts["invalid"] += 1
                    continue
                if not wanted(art[0]):
                    continue
                block.append(art)
                size += len(art[2])
                if size >= blocksize:
                    yield block
                    block, size = [], 0
        if block:
            yield block

    def _rows(self, pq, file: Path) -> Iterator[dict[str, Any]]:
        where = file if file.name != self.name else self.name
        try:
            with pq.ParquetFile(file) as pf:
                for batch in pf.iter_batches(batch_size=ROWS_PER_BATCH, columns=self.columns):
                    yield from batch.to_pylist()
        except _read_errors() as e:
            raise ParquetError(f"{where}: cannot read the Parquet corpus: {_one_line(e)}") from None


def _article(row: dict[str, Any]) -> tuple[str, str, str] | None:
    key, text, path = row.get("id"), row.get("text"), row.get("path")
    if key is None or text is None:
        return None
    key = str(key)
    return key, path if path else key, text


def open_corpus(corpus: str) -> ParquetCorpus:
    """Check that ``corpus`` is a readable Parquet corpus of {id, text} before any work starts."""
    _pyarrow()
    root = Path(corpus)
    if root.is_dir():
        files = sorted(p for p in root.rglob(f"*{SUFFIX}") if p.is_file() and not p.name.startswith((".", "_")))
        if not files:
            raise ParquetError(f"{corpus}: a directory with no .parquet files")
    elif root.is_file():
        files = [root]
    else:
        raise ParquetError(f"{corpus}: no such corpus file")
    columns: list[str] | None = None
    for file in files:
        cols = _columns(file, corpus)
        if columns is not None and cols != columns:
            raise ParquetError(f"{file}: its columns differ from the corpus's other files ({', '.join(columns)})")
        columns = cols
    return ParquetCorpus(corpus, files, columns or [])


def _columns(file: Path, corpus: str) -> list[str]:
    """The columns to read from ``file``: id, text and path when present, after checking their types."""
    pa, pq = _pyarrow()
    where = corpus if file == Path(corpus) else str(file)
    try:
        with pq.ParquetFile(file) as pf:
            schema = pf.schema_arrow
    except _read_errors() as e:
        raise ParquetError(f"{where}: not a readable Parquet file ({_one_line(e)})") from None
    missing = [c for c in ("id", "text") if c not in schema.names]
    if missing:
        have = ", ".join(schema.names) or "none"
        raise ParquetError(f"{where}: a Parquet corpus needs columns id and text; "
                           f"{' and '.join(missing)} missing (columns: {have})")
    wanted = {"id": _ID_TYPES, "text": _TEXT_TYPES, "path": (*_TEXT_TYPES, "is_null")}  # a path column may be empty
    columns = []
    for name, kinds in wanted.items():
        if name not in schema.names:
            continue
        kind = schema.field(name).type
        if not any(getattr(pa.types, k)(kind) for k in kinds):
            need = "strings or integers" if name == "id" else "strings"
            raise ParquetError(f"{where}: column {name} must hold {need}, not {kind}")
        columns.append(name)
    return columns


# --- the results -------------------------------------------------------------------------------


def _schema():
    pa, _ = _pyarrow()
    finding = pa.struct([
        ("path", pa.string()), ("line", pa.int64()), ("column", pa.int64()), ("end_line", pa.int64()),
        ("end_column", pa.int64()), ("code", pa.string()), ("rule", pa.string()), ("severity", pa.string()),
        ("message", pa.string()), ("suggestion", pa.string()), ("fact", pa.string()),
    ])
    return pa.schema([("id", pa.string()), ("path", pa.string()), ("findings", pa.list_(finding)),
                      ("error", pa.string())])


def write_results(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Write result rows to ``path`` as one Parquet file, synced to disk before it returns."""
    pa, pq = _pyarrow()
    schema = _schema()
    table = pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)
    with path.open("wb") as f:
        pq.write_table(table, f)
        f.flush()
        os.fsync(f.fileno())


def result_ids(part: Path) -> list[str]:
    """The ids in one Parquet results file (only that column is read)."""
    _, pq = _pyarrow()
    try:
        return pq.read_table(part, columns=["id"]).column("id").to_pylist()
    except (*_read_errors(), KeyError) as e:
        raise ParquetError(f"{part}: not a results file attrlint can read ({_one_line(e)})") from None
