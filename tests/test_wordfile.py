"""Word drafts (.docx) read as paragraphs, and other binary formats refused in one line."""

from __future__ import annotations

import json
import re
import zipfile

import docx  # python-docx: builds the documents the way a word processor writes them
import pytest

from attrlint.reader import DraftError, is_writable_text, load_draft
from attrlint.wordfile import MAX_PART_BYTES, WordFileError, read_docx
from tests.helpers import run_cli

# (style, text) per paragraph; Markdown gets the same text with its own syntax for the style.
STORY = [
    ("Heading 1", "Harbour bridge repairs to run over budget"),
    (None, "The harbour bridge will close for 14 weeks next spring while crews replace its deck."),
    (None, "Repairs will cost about $38 million, up from the $25 million approved last year, "
           "the transport department said."),
    (None, "Experts say as many as 9,000 commuters a day will need another route."),
    ("Heading 2", "Traffic"),
    (None, "Buses will carry an extra 2,400 riders each morning."),
    ("List Bullet", "Ferries will add 6 crossings an hour."),
    ("Quote", "\u201cWe cannot keep patching a deck that is 60 years old.\u201d"),
    (None, "Councillor Mara Quist said the closure was \u201cthe least bad option\u201d."),
]

_MD_PREFIX = {"Heading 1": "# ", "Heading 2": "## ", "List Bullet": "- ", "Quote": "> ", None: ""}


def _markdown() -> str:
    return "\n\n".join(_MD_PREFIX[style] + text for style, text in STORY) + "\n"


def _word(path, story=STORY) -> None:
    d = docx.Document()
    for style, text in story:
        if style and style.startswith("Heading"):
            d.add_heading(text, level=int(style[-1]))
        else:
            p = d.add_paragraph(style=style)
            # Split into runs (as typing and formatting does) so the reader must join them.
            words = text.split(" ")
            half = len(words) // 2
            p.add_run(" ".join(words[:half]) + " ")
            p.add_run(" ".join(words[half:])).italic = True
    d.save(path)


def _findings(path, *extra: str) -> list[dict]:
    r = run_cli(["check", "--no-cache", "--output-format", "json", *extra, str(path)])
    assert r.returncode in (0, 1), r.stderr
    return json.loads(r.stdout)


def _comparable(findings: list[dict], text: str) -> list[tuple]:
    """What must agree between formats: rule, the text under the span, and the message (with
    line numbers, which differ between the two layouts, taken out)."""
    lines = text.splitlines()
    out = []
    for f in findings:
        line = lines[f["line"] - 1]
        under = line[f["column"] - 1:f["end_column"]] if f["end_line"] == f["line"] else line[f["column"] - 1:]
        out.append((f["code"], under, re.sub(r"line \d+", "line N", f["message"]), f["suggestion"]))
    return sorted(out)


def test_docx_gives_the_same_findings_as_the_same_text_in_markdown(tmp_path):
    md = tmp_path / "bridge.md"
    md.write_text(_markdown(), encoding="utf-8")
    word = tmp_path / "bridge.docx"
    _word(word)
    from_md = _findings(md)
    from_word = _findings(word)
    assert {f["code"] for f in from_md} >= {"AT101", "AT102"}, from_md
    word_text = load_draft(word).text
    assert _comparable(from_word, word_text) == _comparable(from_md, _markdown())


def test_docx_positions_are_paragraph_and_character(tmp_path):
    word = tmp_path / "bridge.docx"
    _word(word)
    findings = _findings(word, "--select", "AT102")
    [vague] = findings
    # Paragraph 4 of the document, the figure's first character counted within that paragraph.
    assert (vague["line"], vague["column"]) == (4, STORY[3][1].index("9,000") + 1)


def test_docx_heading_style_is_not_prose(tmp_path):
    """A figure in a Heading-styled paragraph is not judged (policy: headlines are not prose);
    the same sentence in a body paragraph is."""
    story = [("Heading 1", "Storm leaves 40,000 homes without power"), (None, "Crews worked overnight.")]
    word = tmp_path / "storm.docx"
    _word(word, story)
    assert _findings(word, "--select", "AT101") == []
    _word(word, [(None, text) for _, text in story])
    assert [(f["code"], f["line"]) for f in _findings(word, "--select", "AT101")] == [("AT101", 1)]


def test_directory_walk_includes_docx_but_not_word_lock_files(tmp_path):
    _word(tmp_path / "bridge.docx")
    (tmp_path / "~$bridge.docx").write_bytes(b"\x0bjdoe  " + b"\0" * 100)
    r = run_cli(["check", "--no-cache", "--output-format", "json", str(tmp_path)])
    assert r.returncode == 1, r.stderr
    assert r.stderr == ""
    assert {f["path"] for f in json.loads(r.stdout)} == {str(tmp_path / "bridge.docx")}


def _raw_docx(body_xml: str, extra: dict[str, bytes] | None = None) -> bytes:
    import io

    buf = io.BytesIO()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {w}><w:body>{body_xml}'
                                         f"</w:body></w:document>")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_reader_keeps_tabs_and_breaks_in_one_line_and_leaves_out_deleted_text_and_footnotes():
    body = ("<w:p><w:r><w:t>Up </w:t><w:tab/><w:t>to</w:t><w:br/><w:t>9</w:t></w:r>"
            "<w:del><w:r><w:delText>REMOVED</w:delText></w:r></w:del>"
            "<w:ins><w:r><w:t> added</w:t></w:r></w:ins>"
            "<w:r><w:footnoteReference w:id=\"1\"/></w:r>"
            "<w:r><w:drawing><w:p><w:r><w:t>TEXTBOX</w:t></w:r></w:p></w:drawing></w:r></w:p>"
            "<w:p/><w:p><w:r><w:t xml:space=\"preserve\">two\nlines</w:t></w:r></w:p>")
    doc = read_docx(_raw_docx(body, {"word/footnotes.xml": b"<w:footnotes>9,999 FOOTNOTE</w:footnotes>"}))
    assert doc.text == "Up \tto 9 added\n\ntwo lines"
    assert doc.kinds == ("paragraph", "paragraph", "paragraph")


def test_reader_refuses_entity_declarations():
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
              f"<w:document {w}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", laughs)
    with pytest.raises(WordFileError, match="document type"):
        read_docx(buf.getvalue())


def test_reader_stops_at_the_size_cap_whatever_the_zip_says(monkeypatch):
    import attrlint.wordfile as wordfile

    monkeypatch.setattr(wordfile, "MAX_PART_BYTES", 1000)
    data = _raw_docx("<w:p><w:r><w:t>" + "9" * 5000 + "</w:t></w:r></w:p>")
    with pytest.raises(WordFileError, match="MB"):
        read_docx(data)
    assert MAX_PART_BYTES >= 10 * 1024 * 1024


def test_damaged_docx_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "story.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    r = run_cli(["check", "--no-cache", str(bad)])
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and str(bad) in r.stderr
    assert "Traceback" not in r.stderr


# A few bytes of each format as it starts on disk.
BINARIES = {
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
    "story.rtf": (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} 1,000 troops\\par}", "RTF"),
    "story.doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, ".doc"),
    "photo.jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    "chart.png": (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG"),
}


@pytest.mark.parametrize("name", sorted(BINARIES))
def test_binary_formats_get_one_line_naming_file_and_format(tmp_path, name):
    data, word = BINARIES[name]
    # Renamed to .txt the content still tells: no "no problems" for a file that was not read.
    for path in (tmp_path / name, tmp_path / (name + ".txt")):
        path.write_bytes(data)
        r = run_cli(["check", "--no-cache", str(path)])
        assert r.returncode == 2, (name, r.stdout)
        [line] = r.stderr.strip().splitlines()
        assert line.startswith(f"{path}: ") and word in line
        assert "save it as .docx or plain text" in line or "pictures" in line


def test_odt_is_named_and_refused(tmp_path):
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
    path = tmp_path / "story.odt"
    path.write_bytes(buf.getvalue())
    with pytest.raises(DraftError, match=r"OpenDocument text \(\.odt\).*save it as \.docx"):
        load_draft(path)


def test_pdf_named_file_is_refused_even_when_its_content_is_not_recognised(tmp_path):
    path = tmp_path / "export.pdf"
    path.write_bytes(b"")
    with pytest.raises(DraftError, match="PDF"):
        load_draft(path)


def test_fixes_are_never_written_into_word_documents(tmp_path):
    word = tmp_path / "bridge.docx"
    _word(word)
    renamed = tmp_path / "bridge.txt"
    renamed.write_bytes(word.read_bytes())
    text = tmp_path / "bridge.md"
    text.write_text("text\n", encoding="utf-8")
    assert not is_writable_text(word)
    assert not is_writable_text(renamed)
    assert is_writable_text(text)
    # The renamed file is still read as what it is.
    assert load_draft(renamed).kinds is not None


def test_plain_text_suppression_paragraph_works_in_word(tmp_path):
    story = list(STORY)
    story.insert(3, (None, "attrlint: disable-next-line AT102 -- the survey is cited in the sidebar"))
    word = tmp_path / "bridge.docx"
    _word(word, story)
    codes = [f["code"] for f in _findings(word)]
    assert "AT102" not in codes and "AT900" not in codes and "AT101" in codes


def test_fix_never_rewrites_a_word_document(tmp_path):
    word = tmp_path / "bridge.docx"
    # A look-alike Cyrillic "о" in a name: a safe fix in a text draft.
    _word(word, [(None, "The harbour master, Ingrid V\u043estberg, closed the quay on Monday.")])
    before = word.read_bytes()
    r = run_cli(["check", "--no-cache", "--fix", str(word)])
    assert word.read_bytes() == before
    assert f"{word}: a Word document: attrlint does not write fixes into it" in r.stderr
    assert "AT402" in r.stdout and "Traceback" not in r.stderr
