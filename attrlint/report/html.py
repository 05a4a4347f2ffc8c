"""One self-contained HTML page per run: each draft rendered as prose (headings, paragraphs,
emphasis, lists, quotes) with its findings highlighted in place and listed beside it (severity
colour, code, message, suggestion).

For an editor who never opens a terminal: ``attrlint check --output-format html drafts/ >
report.html`` and send the file. The page needs nothing else: styles are inline and there is no
script at all. Every piece of draft text, path and message is escaped; on top of that a
Content-Security-Policy forbids scripts, so even a slip in escaping could not run a draft's
``<script>``.

Positions: diagnostics carry 1-based character columns with an inclusive end; they become source
offsets, and the marks are placed by those offsets before the draft is rendered
(``attrlint.report.prose``), so they land on exactly the characters found, Markdown or not.
"""

from __future__ import annotations

import bisect
import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from attrlint.model import Diagnostic, Severity, line_starts
from attrlint.report.prose import Mark, Prose, render_draft
from attrlint.report.text import severity_counts

if TYPE_CHECKING:
    from attrlint.report import ReportContext

_SEVERITY_CLASS = {Severity.ERROR: "sev-error", Severity.WARNING: "sev-warning", Severity.INFO: "sev-info"}
_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

_CSS = """
:root { --error: #b3261e; --error-bg: #fde7e4; --warning: #8a5a00; --warning-bg: #ffefc2;
        --info: #0b57a4; --info-bg: #e1efff; --rule: #d9d9d9; --muted: #5f6368; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f1f1f;
       background: #fafafa; }
header { padding: 1rem 1.5rem; background: #fff; border-bottom: 1px solid var(--rule); }
header h1 { margin: 0 0 .25rem; font-size: 1.3rem; }
header p { margin: 0; color: var(--muted); }
.legend span { margin-right: 1rem; }
main { padding: 1rem 1.5rem 3rem; }
section.draft { margin: 0 0 2rem; background: #fff; border: 1px solid var(--rule); border-radius: 6px; }
section.draft > h2 { margin: 0; padding: .6rem 1rem; font-size: 1.05rem; border-bottom: 1px solid var(--rule);
                   background: #f3f3f3; border-radius: 6px 6px 0 0; }
section.draft > h2 .counts { font-weight: normal; color: var(--muted); margin-left: .75rem; }
.columns { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); }
@media (max-width: 900px) { .columns { grid-template-columns: 1fr; } }
.prose { padding: .5rem 1.75rem 1rem; border-right: 1px solid var(--rule); max-width: 46rem;
         font: 17px/1.65 Charter, "Bitstream Charter", Georgia, "DejaVu Serif", serif; color: #202124;
         overflow-wrap: anywhere; tab-size: 4; }
.prose h1 { font-size: 1.6rem; line-height: 1.25; margin: 1rem 0 .75rem; }
.prose h2, .prose h3, .prose h4, .prose h5, .prose h6 { font-size: 1.2rem; margin: 1.25rem 0 .5rem; }
.prose p { margin: 0 0 .9rem; }
.prose blockquote { margin: 0 0 .9rem; padding: 0 0 0 1rem; border-left: 3px solid var(--rule);
                    color: #3c4043; }
.prose ul, .prose ol { margin: 0 0 .9rem; padding-left: 1.5rem; }
.prose li { margin: 0 0 .3rem; }
.prose pre, .prose code { font: 14px/1.5 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.prose pre { white-space: pre-wrap; background: #f6f6f6; padding: .5rem; }
.prose table { border-collapse: collapse; margin: 0 0 .9rem; }
.prose td, .prose th { border: 1px solid var(--rule); padding: .2rem .5rem; }
.prose .meta, .prose .caption, .prose .muted { color: var(--muted); font-size: .9em; }
.prose .cell { margin: 0 0 .3rem; }
.prose .link { text-decoration: underline dotted; }
.prose :target { background: #fff8d0; }
a.hl { color: inherit; text-decoration: none; border-bottom: 2px solid; border-radius: 2px; }
a.hl.sev-error { background: var(--error-bg); border-color: var(--error); }
a.hl.sev-warning { background: var(--warning-bg); border-color: var(--warning); }
a.hl.sev-info { background: var(--info-bg); border-color: var(--info); }
a.hl.pin::before { content: "\\25B8"; }
sup.tag { font: bold 10px/1 system-ui, sans-serif; margin-left: 1px; }
sup.tag a { color: #fff; text-decoration: none; padding: 0 3px; border-radius: 6px; }
sup.tag.sev-error a, .badge.sev-error { background: var(--error); }
sup.tag.sev-warning a, .badge.sev-warning { background: var(--warning); }
sup.tag.sev-info a, .badge.sev-info { background: var(--info); }
ol.findings { margin: 0; padding: .5rem .75rem .5rem 2.25rem; }
ol.findings li { margin: 0 0 .75rem; padding: .4rem .5rem; border-left: 4px solid; border-radius: 3px; }
ol.findings li.sev-error { border-color: var(--error); }
ol.findings li.sev-warning { border-color: var(--warning); }
ol.findings li.sev-info { border-color: var(--info); }
ol.findings li:target { background: #fff8d0; }
.badge { color: #fff; font-size: .75rem; font-weight: bold; padding: 1px 6px; border-radius: 8px;
         text-transform: uppercase; }
.code { font-weight: bold; }
.rule, .where { color: var(--muted); font-size: .9em; }
.msg { margin: .25rem 0 0; }
.suggestion { margin: .25rem 0 0; color: #1e5e2e; }
.related { margin: .25rem 0 0; font-size: .9em; color: var(--muted); }
.clean { color: var(--muted); }
.clean li { font-family: ui-monospace, monospace; }
"""


@dataclass(frozen=True)
class _Span:
    """A finding placed in the draft's text, and its ids on the page.

    ``start``/``end`` are character offsets of its visible characters (line breaks at either end
    dropped); a finding with none, or an empty one, is a ``pin`` shown as a marker at ``start``.
    """

    number: int  # global: ids m{number} (in the text) and p{number} (in the list)
    label: int  # shown beside the highlight, counting from 1 in each draft like the list
    start: int
    end: int
    pin: bool
    diagnostic: Diagnostic


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    """The whole page; always a page, even for a clean run (an editor wants to see the all-clear)."""
    by_path: dict[str, list[Diagnostic]] = {}
    for d in diagnostics:
        by_path.setdefault(d.path, []).append(d)
    paths = sorted(set(ctx.sources) | set(by_path))
    sections: list[str] = []
    clean: list[str] = []
    counter = 0
    for index, path in enumerate(paths, 1):
        found = by_path.get(path, [])
        if not found:
            clean.append(path)
            continue
        sections.append(_draft_section(index, path, found, ctx.sources.get(path), counter,
                                       ctx.layouts.get(path)))
        counter += len(found)
    title = page_summary(diagnostics, ctx.files_checked, ctx.files_unreadable)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="attrlint {_esc(ctx.version)}">',
        f"<title>attrlint report: {_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>attrlint report</h1>",
        f'<p class="summary">{_esc(title)}</p>',
        '<p class="legend"><span><span class="badge sev-error">error</span> must be fixed</span>'
        '<span><span class="badge sev-warning">warning</span> should be fixed</span>'
        '<span><span class="badge sev-info">info</span> worth a look</span></p>',
        "</header>",
        "<main>",
        *sections,
    ]
    if clean:
        items = "".join(f"<li>{_esc(p)}</li>" for p in clean)
        parts.append(f'<section class="clean"><h2>No problems</h2><ul>{items}</ul></section>')
    parts += ["</main>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def page_summary(diagnostics: Sequence[Diagnostic], files_checked: int, files_unreadable: int = 0) -> str:
    """``4 files checked, findings in 3: 5 problems (2 errors, 3 warnings).`` or the all-clear."""
    files = f"{files_checked} file{'' if files_checked == 1 else 's'} checked"
    if diagnostics:
        with_findings = len({d.path for d in diagnostics})
        n = len(diagnostics)
        line = (f"{files}, findings in {with_findings}: {n} problem{'' if n == 1 else 's'} "
                f"({severity_counts(diagnostics)}).")
    else:
        line = f"All checked: no problems in {files_checked} file{'' if files_checked == 1 else 's'}."
    if files_unreadable:
        line += f" {files_unreadable} file{'' if files_unreadable == 1 else 's'} could not be read."
    return line


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _counts(found: Sequence[Diagnostic]) -> str:
    counts = Counter(d.severity for d in found)
    words = []
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = counts[sev]
        if n:
            words.append(f"{n} {sev.value}" + ("s" if n != 1 and sev is not Severity.INFO else ""))
    return ", ".join(words)


def _draft_section(index: int, path: str, found: list[Diagnostic], text: str | None, first: int,
                   kinds: tuple[str, ...] | None = None) -> str:
    spans = _place(found, text, first)
    head = (f'<h2><span class="path">{_esc(path)}</span>'
            f'<span class="counts">{_esc(_counts(found))}</span></h2>')
    prose = _prose(index, path, text, spans, kinds) if text is not None else Prose("")
    body = f'<div class="prose">\n{prose.html}\n</div>' if text is not None else ""
    items = "\n".join(_finding_item(index, first + k, d, spans.get(first + k) if first + k in prose.shown else None,
                                    prose.block_lines)
                      for k, d in enumerate(found, 1))
    listing = f'<ol class="findings">\n{items}\n</ol>'
    return (f'<section class="draft" id="d{index}">\n{head}\n<div class="columns">\n{body}\n{listing}\n'
            f"</div>\n</section>")


def _place(found: list[Diagnostic], text: str | None, first: int) -> dict[int, _Span]:
    """Character spans of the findings that fall inside the text (others are only listed)."""
    if text is None:
        return {}
    starts = line_starts(text)
    spans: dict[int, _Span] = {}
    for k, d in enumerate(found, 1):
        a = _offset(text, starts, d.line, d.column)
        if a is None:
            continue
        b = _offset(text, starts, d.end_line, d.end_column)
        # The diagnostic's end column is inclusive: the span ends after that character.
        end = min(b + 1, len(text)) if b is not None else a + 1
        start, end = a, max(end, a)
        while start < end and text[start] in "\r\n":
            start += 1
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        if start == end:
            # Nothing visible to colour: a marker where the finding starts, kept on its own line.
            line = bisect.bisect_right(starts, a) - 1
            line_end = starts[line] + len(_line(text, starts, line))
            spans[first + k] = _Span(first + k, k, min(a, line_end), min(a, line_end), True, d)
        else:
            spans[first + k] = _Span(first + k, k, start, end, False, d)
    return spans


def _offset(text: str, starts: list[int], line: int, column: int) -> int | None:
    if not 1 <= line <= len(starts):
        return None
    return min(starts[line - 1] + max(column, 1) - 1, len(text))


def _line(text: str, starts: list[int], i: int) -> str:
    """Line ``i`` (0-based) without its line break."""
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return text[starts[i]:end].rstrip("\r\n")


def _prose(index: int, path: str, text: str, spans: dict[int, _Span], kinds: tuple[str, ...] | None) -> Prose:
    """The draft as prose with the spans highlighted (overlaps take the more severe colour)."""
    from attrlint.reader import is_markdown

    marks = [Mark(s.number, s.start, s.end) for s in spans.values()]
    return render_draft(
        path, text, marks, f"d{index}", markdown=is_markdown(path), kinds=kinds,
        highlight=lambda numbers, piece: _highlight(piece, [spans[n] for n in numbers]),
        opening=lambda n: f'<span id="m{n}"></span>',
        closing=lambda n, empty: _pin(spans[n]) if empty else _tag(spans[n]),
    )


def _worst(spans: list[_Span]) -> _Span:
    return max(spans, key=lambda s: (s.diagnostic.severity.rank, -s.number))


def _highlight(piece: str, covering: list[_Span]) -> str:
    top = _worst(covering)
    title = "\n".join(f"{s.diagnostic.code}: {s.diagnostic.message}" for s in covering)
    return (f'<a class="hl {_SEVERITY_CLASS[top.diagnostic.severity]}" href="#p{top.number}" '
            f'title="{_esc(title)}">{piece}</a>')


def _pin(s: _Span) -> str:
    d = s.diagnostic
    return (f'<a class="hl pin {_SEVERITY_CLASS[d.severity]}" '
            f'href="#p{s.number}" title="{_esc(d.code + ": " + d.message)}"></a>{_tag(s)}')


def _tag(s: _Span) -> str:
    cls = _SEVERITY_CLASS[s.diagnostic.severity]
    return f'<sup class="tag {cls}"><a href="#p{s.number}">{s.label}</a></sup>'


def _finding_item(index: int, number: int, d: Diagnostic, span: _Span | None, block_lines: list[int]) -> str:
    cls = _SEVERITY_CLASS[d.severity]
    where = f"line {d.line}, column {d.column}"
    where_html = f'<a class="where" href="#m{number}">{where}</a>' if span else \
        f'<span class="where">{where}</span>'
    lines = [
        f'<li class="finding {cls}" id="p{number}">',
        f'<span class="badge {cls}">{d.severity.value}</span> <span class="code">{_esc(d.code)}</span> '
        f'<span class="rule">{_esc(d.rule)}</span> · {where_html}',
        f'<p class="msg">{_esc(d.message)}</p>',
    ]
    if d.suggestion and d.suggestion not in d.message:
        lines.append(f'<p class="suggestion"><strong>Suggestion:</strong> {_esc(d.suggestion)}</p>')
    for r in d.related:
        # The block the related line is in (the page shows paragraphs, not lines).
        k = bisect.bisect_right(block_lines, r.line) - 1
        target = f"#d{index}-L{block_lines[k]}" if r.path == d.path and k >= 0 else None
        place = f"{r.path}:{r.line}:{r.column}" if r.path != d.path else f"line {r.line}, column {r.column}"
        link = f'<a href="{target}">{_esc(place)}</a>' if target else _esc(place)
        lines.append(f'<p class="related">Related: {link} — {_esc(r.message)}</p>')
    lines.append("</li>")
    return "\n".join(lines)
