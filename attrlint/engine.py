"""Run the rules over drafts: read → segment → analyse → rules → suppress → diagnostics, with a cache.

The engine knows nothing of the command line: the CLI, the language server and the tests call
``Checker.check``.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from attrlint import __version__
from attrlint.cache import ResultCache, diagnostics_from_entry
from attrlint.config import (
    Settings,
    effective_severity,
    enabled_codes,
    resolve_selector,
)
from attrlint.facts import FactBase, read_facts
from attrlint.lexicon import Lexicon, load_lexicon
from attrlint.model import BlockKind, Diagnostic, Document, Related, sorted_unique
from attrlint.reader import is_markdown
from attrlint.rules import RULES
from attrlint.rules.registry import Context
from attrlint.segment import segment, segment_paragraphs
from attrlint.suppress import apply_suppressions, directive_lines, parse_directives

SUPPRESSION_CODE = "AT900"
# Drafts longer than this are analysed in slices of about HUGE_SLICE_CHARS characters of prose:
# a parsed slice, with its sentences, cues and figures, holds up to ~2 KB per character of
# figure-dense text (230,000 characters of short lines with a figure each peaked at 585 MB), so
# slices of 60,000 characters keep a process under 400 MB whatever the draft's shape. A news
# story is rarely a fifth of the threshold.
HUGE_DRAFT_CHARS = 120_000
HUGE_SLICE_CHARS = 60_000


def _slices(blocks: list, limit: int) -> Iterator[list]:
    """Consecutive runs of ``blocks`` of about ``limit`` characters. The list is emptied as it is
    read, so each run's blocks are let go once the caller is done with it."""
    part: list = []
    size = 0
    for k in range(len(blocks)):
        b, blocks[k] = blocks[k], None
        if part and size + len(b.text) > limit:
            yield part
            part, size = [], 0
        part.append(b)
        size += len(b.text)
    if part:
        yield part


@dataclass
class Draft:
    """One draft to check: its path as shown in reports, its text and the fact file that applies."""

    path: str
    source: str
    facts_path: str | None = None
    settings: Settings | None = None
    stdin: bool = False  # read from standard input: --fix prints it instead of writing a file
    # For a draft read from Word: the kind of each line (one line per paragraph), from its style.
    kinds: tuple[str, ...] | None = None


@dataclass
class FileResult:
    path: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    cached: bool = False


def build_document(path: str, source: str, markdown: bool | None = None,
                   kinds: tuple[str, ...] | None = None) -> Document:
    """Segment a draft into blocks (no parse yet); ``kinds`` for a draft read from Word."""
    md = (is_markdown(path) if markdown is None else markdown) and kinds is None
    blocks = segment_paragraphs(source, kinds) if kinds is not None else segment(source, md)
    if not md:
        # Plain-text suppression lines are instructions to attrlint, not prose.
        hidden = directive_lines(source, md)
        for b in blocks:
            if b.segments and any(a <= b.segments[0].src < z for a, z in hidden):
                b.kind = BlockKind.HTML
    return Document(path, source, blocks, md)


def _related(doc: Document, place: tuple) -> Related:
    """A rule's related place, ``(offset, message)`` or ``(start, end, message)``, as a position."""
    if len(place) == 2:
        return Related(doc.path, *doc.position(place[0]), place[1])
    start, end, message = place
    return Related(doc.path, *doc.position(start), message, *doc.end_position(start, end))


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version and a digest of attrlint's own sources (about 1 ms): a cached result is only
    reused by the code that produced it, even in an editable install where the version stays."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:16]}"


class Checker:
    """Checks drafts, each with its own settings (``Draft.settings``, else the checker's).

    Word lists and NLP pipelines follow the settings: one lexicon per list of lexicon files and one
    pipeline per model, each loaded once and shared by every draft that names it, so a draft's
    findings never depend on which other drafts were checked with it or in what order."""

    def __init__(self, settings: Settings, lexicon: Lexicon | None = None, *, cache: ResultCache | None = None,
                 nlp_loader: Callable[[], object] | None = None,
                 lexicons: Mapping[tuple[str, ...], Lexicon] | None = None) -> None:
        self.settings = settings
        self.cache = cache
        self._nlp_loader = nlp_loader
        self._lexicons: dict[tuple[str, ...], Lexicon] = dict(lexicons or {})
        if lexicon is not None:
            self._lexicons[tuple(settings.lexicons)] = lexicon
        self._facts: dict[str, tuple[bytes, FactBase]] = {}

    # -- helpers -------------------------------------------------------------------------------

    @property
    def lexicon(self) -> Lexicon:
        """The lexicon of the checker's own settings."""
        return self.lexicon_for(self.settings)

    @property
    def lexicons(self) -> dict[tuple[str, ...], Lexicon]:
        """Every lexicon loaded so far, by its list of files (to hand to worker processes)."""
        return dict(self._lexicons)

    def lexicon_for(self, settings: Settings) -> Lexicon:
        """The built-in word lists extended by ``settings.lexicons``, loaded once; LexiconError propagates."""
        key = tuple(settings.lexicons)
        if key not in self._lexicons:
            self._lexicons[key] = load_lexicon(key)
        return self._lexicons[key]

    def settings_of(self, draft: Draft) -> Settings:
        return draft.settings or self.settings

    def nlp(self, settings: Settings | None = None):  # noqa: ANN201 - a spaCy Language, imported lazily
        """The pipeline of ``settings.model`` (the checker's own settings by default)."""
        if self._nlp_loader is None:
            from attrlint.nlp import get_nlp

            return get_nlp((settings or self.settings).model)
        return self._nlp_loader()

    def facts(self, path: str | None) -> tuple[bytes, FactBase | None]:
        """Load (once) and validate a fact file; FactFileError propagates."""
        if not path:
            return b"", None
        if path not in self._facts:
            self._facts[path] = read_facts(path)
        return self._facts[path]

    def codes(self, draft: Draft) -> set[str]:
        """The rule codes enabled for this draft (its own config, per-file ignores applied)."""
        return enabled_codes(self.settings_of(draft), RULES, draft.path)

    def _key(self, draft: Draft, facts_bytes: bytes, codes: set[str]) -> str:
        settings = self.settings_of(draft)
        # A Word draft's paragraph styles decide its structure: they are part of its input.
        source = draft.source if draft.kinds is None else draft.source + "\0" + ",".join(draft.kinds)
        return ResultCache.key(draft.path, source, facts_bytes, settings.fingerprint(), ",".join(sorted(codes)),
                               self.lexicon_for(settings).fingerprint, code_fingerprint(), settings.model or "")

    def cached(self, draft: Draft) -> FileResult | None:
        """The draft's cached result, if the cache holds one for exactly these inputs."""
        return None if self.cache is None else self._lookup(draft)[3]

    def _lookup(self, draft: Draft) -> tuple[set[str], FactBase | None, str | None, FileResult | None]:
        """The draft's enabled codes, fact base, cache key (None without a cache) and cached result."""
        facts_bytes, fb = self.facts(draft.facts_path)
        codes = self.codes(draft)
        if self.cache is None:
            return codes, fb, None, None
        key = self._key(draft, facts_bytes, codes)
        hit = self.cache.get(key)
        diags = None
        if hit is not None:
            names = {c: RULES[c].name for c in codes if c in RULES}
            diags = diagnostics_from_entry(hit, draft.path, draft.source, names)
            if diags is None:
                self.cache.discard(key)  # checked out but not this draft's: rewritten after the check
        result = None if diags is None else FileResult(draft.path, diags, cached=True)
        return codes, fb, key, result

    # -- the run -------------------------------------------------------------------------------

    def check(self, drafts: Iterable[Draft], batch: int = 8,
              progress: Callable[[int], None] | None = None) -> Iterator[FileResult]:
        """Results in input order; documents are analysed in batches to keep memory flat.

        A batch's parses are held until its rules have run: 8 drafts keep a process near 160 MB
        where 32 took 200 MB, for about 1% more time (benchmarks/bench.py)."""
        pending: list[tuple[Draft, str | None, set[str], FactBase | None]] = []
        for draft in drafts:
            codes, fb, key, hit = self._lookup(draft)
            if hit is not None:
                yield from self._flush(pending, progress)
                pending = []
                if progress:
                    progress(1)
                yield hit
                continue
            pending.append((draft, key, codes, fb))
            if len(pending) >= batch:
                yield from self._flush(pending, progress)
                pending = []
        yield from self._flush(pending, progress)

    def _needs_nlp(self, codes: set[str]) -> bool:
        return any(RULES[c].needs_nlp for c in codes if c in RULES)

    def _flush(self, pending, progress) -> Iterator[FileResult]:
        if not pending:
            return
        small = [p for p in pending if len(p[0].source) <= HUGE_DRAFT_CHARS]
        docs = {id(p): build_document(p[0].path, p[0].source, kinds=p[0].kinds) for p in small}
        self._analyse([(self.settings_of(p[0]), docs[id(p)]) for p in small if self._needs_nlp(p[2])])
        for item in pending:
            draft, key, codes, fb = item
            if id(item) in docs:
                diags = self.run_rules(docs.pop(id(item)), fb, codes, draft)
            else:
                diags = self._check_huge(draft, fb, codes)
            if self.cache and key:
                self.cache.put(key, [d.to_json() | {"related": [r.__dict__ for r in d.related]}
                                     for d in diags])
            if progress:
                progress(1)
            yield FileResult(draft.path, diags)

    def _analyse(self, work: list[tuple[Settings, Document]]) -> None:
        """Parse documents in one pass per (model, lexicon files): each with its own settings' pipeline
        and word lists."""
        if not work:
            return
        from attrlint.analysis.pipeline import analyse

        groups: dict[tuple[str | None, tuple[str, ...]], tuple[Settings, list[Document]]] = {}
        for settings, doc in work:
            groups.setdefault((settings.model, tuple(settings.lexicons)), (settings, []))[1].append(doc)
        for settings, group in groups.values():
            analyse(group, self.nlp(settings), self.lexicon_for(settings))

    def _check_huge(self, draft: Draft, fb: FactBase | None, codes: set[str]) -> list[Diagnostic]:
        """A very long draft is analysed a slice of paragraphs at a time, so memory stays flat: each
        slice's parse is dropped before the next. Rules that compare across the draft (names, figures
        from one source) then compare within a slice."""
        from attrlint.analysis.chunks import cut_long_blocks

        whole = build_document(draft.path, draft.source, kinds=draft.kinds)
        cut_long_blocks(whole)  # a draft that is one paragraph is sliced too
        settings = self.settings_of(draft)
        out: list[Diagnostic] = []
        # the draft's blocks are let go slice by slice: on a 100,000-row table they and the
        # findings would otherwise both be held at the end
        all_blocks, whole.blocks = whole.blocks, []
        for blocks in _slices(all_blocks, HUGE_SLICE_CHARS):
            part = Document(whole.path, whole.source, blocks, whole.markdown, line_starts=whole.line_starts)
            if self._needs_nlp(codes):
                self._analyse([(settings, part)])
            # each slice's findings in order: the draft's, slices being in order, then are too
            out.extend(sorted_unique(self.run_rules(part, fb, codes, draft, suppress=False)))
        directives = parse_directives(whole.source, whole.markdown)
        return self._suppress(out, directives, codes, draft)

    def run_rules(self, doc: Document, fb: FactBase | None, codes: set[str], draft: Draft,
                  suppress: bool = True) -> list[Diagnostic]:
        settings = self.settings_of(draft)
        ctx = Context(doc, fb, self.lexicon_for(settings), draft.facts_path)
        out: list[Diagnostic] = []
        for code in sorted(codes):
            rule = RULES.get(code)
            if rule is None or code == SUPPRESSION_CODE or (rule.needs_facts and fb is None):
                continue
            severity = effective_severity(settings, rule)
            for f in rule.check(ctx):
                line, col = doc.position(f.start)
                eline, ecol = doc.end_position(f.start, f.end)
                related = tuple(_related(doc, r) for r in f.related)
                out.append(Diagnostic(doc.path, line, col, eline, ecol, rule.code, rule.name, severity,
                                      f.message, f.suggestion, f.fact, related))
        if not suppress:
            return out
        return self._suppress(out, parse_directives(doc.source, doc.markdown), codes, draft)

    def _suppress(self, out: list[Diagnostic], directives, codes: set[str], draft: Draft) -> list[Diagnostic]:
        settings = self.settings_of(draft)
        if directives:
            out, notes = apply_suppressions(out, directives, lambda s: resolve_selector(s, RULES), draft.path)
            if SUPPRESSION_CODE in codes:
                rule = RULES[SUPPRESSION_CODE]
                sev = effective_severity(settings, rule)
                out.extend(Diagnostic(n.path, n.line, n.column, n.end_line, n.end_column, n.code, n.rule, sev,
                                      n.message) for n in notes)
        return sorted_unique(out)
