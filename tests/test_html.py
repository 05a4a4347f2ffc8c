"""The HTML report: exact highlights and escaping (fast, parsed with the standard library), then the
real page in headless Chromium (DOM and one screenshot).
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from attrlint.model import Diagnostic, Related, Severity
from attrlint.report import ReportContext, render

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (Debian package 'chromium'; CI installs it)")

SCRIPT = "<script>document.title='pwned'</script>"
# Line 3: curly quotes, an accent and an astral emoji before the figure. Line 4: markup that must
# stay text. Line 6: a Cyrillic "о" in a Latin name. Lines 8–9: a finding across a line break.
DRAFT = (
    "Harbour traffic\n"
    "\n"
    "The 🚢 “Nordhavn” café terminal handled 4,200 ships last year.\n"
    f"{SCRIPT} & <b>bold</b> \"quoted\"\n"
    "\n"
    "Cranes at Nоrdhavn were idle on Monday, the harbour master said.\n"
    "\n"
    "Experts say as many as 40 cranes\n"
    "were idle in all.\n"
)
PATH = "drafts/<harbour>.txt"


def diag(line, column, end_line, end_column, code, severity, message, suggestion=None, related=()):
    return Diagnostic(PATH, line, column, end_line, end_column, code, "rule-" + code.lower(), severity,
                      message, suggestion, None, related)


def findings() -> list[Diagnostic]:
    line3 = DRAFT.splitlines()[2]
    at = line3.index("4,200") + 1
    return [
        diag(3, at, 3, at + 4, "AT101", Severity.ERROR, '"4,200" has no source <b>now</b>',
             "credit <img src=x onerror=alert(1)>"),
        # Overlaps the figure and runs on: the overlap takes the error's colour.
        diag(3, at + 2, 3, at + 10, "AT999", Severity.INFO, "an overlapping note"),
        diag(6, 11, 6, 18, "AT402", Severity.ERROR, '"Nоrdhavn" mixes scripts',
             'write "Nordhavn" with Latin letters only',
             (Related(PATH, 3, 6, "spelled with Latin letters here"),)),
        diag(8, 13, 9, 4, "AT102", Severity.WARNING, "credited only to a vague source"),
    ]


def page(diagnostics=None) -> str:
    ctx = ReportContext(rules={}, files_checked=2, sources={PATH: DRAFT, "drafts/clean.md": "All fine.\n"})
    return render("html", findings() if diagnostics is None else diagnostics, ctx)


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None) -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def text(self, skip: frozenset[str] = frozenset()) -> str:
        return "".join(c if isinstance(c, str) else ("" if c.tag in skip else c.text(skip))
                       for c in self.children)

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        out = []
        for c in self.children:
            if isinstance(c, Node):
                if c.tag == tag and (cls is None or cls in c.classes):
                    out.append(c)
                out.extend(c.find_all(tag, cls))
        return out


class TreeBuilder(HTMLParser):
    VOID = {"meta", "link", "br", "img", "hr", "input"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.node = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.node)
        self.node.children.append(node)
        if tag not in self.VOID:
            self.node = node

    def handle_endtag(self, tag):
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.node = node.parent

    def handle_data(self, data):
        self.node.children.append(data)


def parse(markup: str) -> Node:
    builder = TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


# --- fast: the page as text -----------------------------------------------------------------------


def test_every_piece_of_draft_text_is_escaped():
    out = page()
    assert out.startswith("<!DOCTYPE html>") and out.endswith("</html>\n")
    assert "<script" not in out.lower() and "<img" not in out and "<b>" not in out
    escaped = "&lt;script&gt;document.title=&#x27;pwned&#x27;&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;"
    assert escaped in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "drafts/&lt;harbour&gt;.txt" in out
    # Defence in depth: the page forbids scripts even if escaping ever slipped.
    assert "default-src 'none'" in out


def _paragraphs(section: Node) -> list[str]:
    """The text of each block of the prose, tags' text in, finding numbers out."""
    (prose,) = section.find_all("div", "prose")
    return [n.text(frozenset({"sup"})) for n in prose.children if isinstance(n, Node)]


def test_the_draft_reads_as_paragraphs_and_findings_are_cut_exactly():
    tree = parse(page())
    (section,) = tree.find_all("section", "draft")
    # The plain-text draft's headline and paragraphs, each line break inside a paragraph kept.
    assert _paragraphs(section) == [
        "Harbour traffic",
        DRAFT.split("\n\n")[1],
        DRAFT.split("\n\n")[2].strip(),
        DRAFT.split("\n\n")[3].strip(),
    ]
    (prose,) = section.find_all("div", "prose")
    assert prose.children[1].tag == "h1" and {n.tag for n in prose.children[3:] if isinstance(n, Node)} == {"p"}
    highlights = [(a.text(), a.classes & {"sev-error", "sev-warning", "sev-info"}, a.attrs["href"])
                  for a in section.find_all("a", "hl")]
    assert highlights == [
        ("4,", {"sev-error"}, "#p1"),
        ("200", {"sev-error"}, "#p1"),  # the overlap: error beats info
        (" ships", {"sev-info"}, "#p2"),
        ("Nоrdhavn", {"sev-error"}, "#p3"),
        ("as many as 40 cranes\nwere", {"sev-warning"}, "#p4"),  # a wrapped line is one paragraph
    ]
    items = section.find_all("li", "finding")
    assert [li.attrs["id"] for li in items] == ["p1", "p2", "p3", "p4"]
    assert "sev-error" in items[0].classes and "sev-warning" in items[3].classes
    first = items[0].text()
    assert "AT101" in first and '"4,200" has no source <b>now</b>' in first
    assert "Suggestion: credit <img src=x onerror=alert(1)>" in first
    # Every listed finding links to its place in the text, and the related place to its line.
    ids = {n.attrs.get("id") for n in section.find_all("span")}
    assert {"m1", "m2", "m3", "m4"} <= ids
    assert any(a.attrs.get("href") == "#d1-L3" for a in items[2].find_all("a"))
    # A clean draft is named, not shown.
    (clean,) = tree.find_all("section", "clean")
    assert "drafts/clean.md" in clean.text()


def test_findings_outside_the_text_are_listed_and_a_clean_run_is_a_page():
    lost = diag(99, 1, 99, 3, "AT101", Severity.ERROR, "past the end")
    tree = parse(page([lost]))
    (item,) = tree.find_all("li", "finding")
    assert "past the end" in item.text() and not tree.find_all("a", "hl")
    ctx = ReportContext(rules={}, files_checked=1, sources={"a.md": "Fine.\n"})
    out = render("html", [], ctx)
    assert "All checked: no problems in 1 file." in out and out.endswith("</html>\n")


MD_DRAFT = (
    "# Ferry fares to rise\n"
    "\n"
    "The operator will charge *about 15% more* from May, and **2,000 season tickets** go on sale.\n"
    "\n"
    "> Fares have not risen in 6 years, a spokesperson said.\n"
    "\n"
    "- 12 new crossings a day\n"
    "- a [night service](https://example.com/x) for 40 workers\n"
    "\n"
    "<script>alert(1)</script> ![harbour photo](https://example.com/p.png)\n"
)


def _md_diag(needle: str, code: str = "AT101", severity=Severity.ERROR, path: str = "drafts/ferry.md",
             extra: int = 0) -> Diagnostic:
    line_no = next(i for i, ln in enumerate(MD_DRAFT.splitlines(), 1) if needle in ln)
    col = MD_DRAFT.splitlines()[line_no - 1].index(needle) + 1
    return Diagnostic(path, line_no, col, line_no, col + len(needle) - 1 + extra, code, "rule", severity,
                      f"about {needle}")


def test_markdown_draft_is_rendered_as_prose_with_marks_on_the_found_words():
    found = [_md_diag("15%"), _md_diag("2,000 season"), _md_diag("6 years", severity=Severity.WARNING),
             _md_diag("12"), _md_diag("40")]
    ctx = ReportContext(rules={}, files_checked=1, sources={"drafts/ferry.md": MD_DRAFT})
    out = render("html", found, ctx)
    tree = parse(out)
    (prose,) = tree.find_all("div", "prose")
    # Markdown structure, not Markdown source: no "#", "*", ">" or "- " left in the text.
    assert [h.text() for h in prose.find_all("h1")] == ["Ferry fares to rise"]
    assert [e.text(frozenset({"sup"})) for e in prose.find_all("em")] == ["about 15% more"]
    assert [e.text(frozenset({"sup"})) for e in prose.find_all("strong")] == ["2,000 season tickets"]
    assert len(prose.find_all("blockquote")) == 1 and len(prose.find_all("li")) == 2
    text = prose.text(frozenset({"sup"}))
    assert "**" not in text and "# Ferry" not in text and "> Fares" not in text
    # Each mark covers exactly the words found, inside the emphasis where they are emphasised.
    marked = [(a.text(), a.attrs["href"]) for a in prose.find_all("a", "hl")]
    assert marked == [("15%", "#p1"), ("2,000 season", "#p2"), ("6 years", "#p3"), ("12", "#p4"), ("40", "#p5")]
    assert prose.find_all("em")[0].find_all("a", "hl")[0].text() == "15%"
    # Nothing is loaded or followed: no image, no external link, no script; the tag is text.
    assert "<img" not in out and "https://example.com" not in out and "<script" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out and "[image: harbour photo]" in out
    assert all(a.attrs.get("href", "#").startswith("#") for a in tree.find_all("a"))


def test_a_mark_across_emphasis_stays_well_formed():
    # From inside the emphasis to after it: the page must still nest correctly.
    d = _md_diag("more* from May", extra=0)
    ctx = ReportContext(rules={}, files_checked=1, sources={"drafts/ferry.md": MD_DRAFT})
    tree = parse(render("html", [d], ctx))  # the parser asserts on any stray closing tag
    pieces = [a.text() for a in tree.find_all("a", "hl")]
    assert "".join(pieces) == "more from May"
    assert len(pieces) == 2  # cut at the end of the emphasis, not nested across it


def test_file_counts_say_how_many_were_checked_and_how_many_had_findings():
    sources = {f"d{i}.md": "Fine.\n" for i in range(4)}
    ctx = ReportContext(rules={}, files_checked=4, sources=sources)
    found = [Diagnostic(f"d{i}.md", 1, 1, 1, 4, "AT101", "r", Severity.ERROR, "m") for i in range(3)]
    out = render("html", found, ctx)
    assert "4 files checked, findings in 3: 3 problems (3 errors)." in out
    assert "in 3 files" not in out


def test_word_draft_is_rendered_from_its_paragraph_styles():
    text = "Budget passes\nThe council approved 12 projects.\nRoads: 5 schemes\nParks: 3 schemes"
    kinds = ("heading", "paragraph", "list-item", "list-item")
    d = Diagnostic("budget.docx", 2, 22, 2, 23, "AT101", "r", Severity.ERROR, "no source")
    ctx = ReportContext(rules={}, files_checked=1, sources={"budget.docx": text}, layouts={"budget.docx": kinds})
    tree = parse(render("html", [d], ctx))
    (prose,) = tree.find_all("div", "prose")
    assert [h.text() for h in prose.find_all("h1")] == ["Budget passes"]
    assert [li.text() for li in prose.find_all("li")] == ["Roads: 5 schemes", "Parks: 3 schemes"]
    assert [a.text() for a in prose.find_all("a", "hl")] == ["12"]


# --- slow: the real page in headless Chromium -------------------------------------------------------


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "chromium-profile"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def cli_report(tmp_path_factory) -> Path:
    """The report of a real run: ``attrlint check --output-format html`` on the draft above, made
    once for the module's Chromium tests (each renders it in a profile of its own)."""
    tmp_path = tmp_path_factory.mktemp("report")
    draft = tmp_path / "harbour.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    run = subprocess.run([sys.executable, "-m", "attrlint", "check", "--no-cache", "--output-format", "html",
                          "harbour.txt"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr
    report = tmp_path / "report.html"
    report.write_text(run.stdout, encoding="utf-8")
    return report


@pytest.mark.slow
@needs_chromium
def test_chromium_renders_the_draft_as_text_and_runs_no_script(tmp_path, cli_report):
    run = _chromium(tmp_path, "--dump-dom", cli_report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    dom = parse(run.stdout)
    (title,) = dom.find_all("title")
    assert title.text().startswith("attrlint report: 1 file checked, findings in 1: 3 problems")  # not 'pwned'
    assert dom.find_all("script") == [] and dom.find_all("b") == []
    (section,) = dom.find_all("section", "draft")
    paragraphs = _paragraphs(section)
    assert paragraphs[0] == "Harbour traffic" and len(paragraphs) == 4
    assert f"{SCRIPT} & <b>bold</b>" in paragraphs[1]
    marked = {a.text(): a.classes for a in section.find_all("a", "hl")}
    assert "sev-error" in marked["4,200"] and "sev-error" in marked["Nоrdhavn"]
    assert "sev-warning" in marked["40"]
    codes = [li.find_all("span", "code")[0].text() for li in section.find_all("li", "finding")]
    assert codes == ["AT101", "AT402", "AT102"]


@pytest.mark.slow
@needs_chromium
def test_chromium_screenshot(tmp_path, cli_report):
    shot = tmp_path / "report.png"
    run = _chromium(tmp_path, "--hide-scrollbars", "--window-size=1280,800", f"--screenshot={shot}",
                    cli_report.as_uri())
    assert run.returncode == 0, run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 800)
    assert len(data) > 20_000  # a rendered page, not a blank one
    keep = os.environ.get("ATTRLINT_KEEP_SCREENSHOT")
    if keep:
        shutil.copy(shot, keep)
