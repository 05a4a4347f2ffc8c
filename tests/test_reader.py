"""attrlint.reader: exact decoding of drafts, one-line errors, and the directory walk."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from attrlint.reader import (
    DRAFT_SUFFIXES,
    DraftError,
    decode_draft,
    is_markdown,
    iter_drafts,
    read_draft,
    read_stdin,
)

# --- decoding -------------------------------------------------------------------------------


def test_line_endings_survive_exactly(tmp_path: Path) -> None:
    raw = "Harbour strike\r\n\r\nThe union said 1,840 voted.\rA lone CR line.\nLast line"
    p = tmp_path / "d.txt"
    p.write_bytes(raw.encode("utf-8"))
    assert read_draft(p) == raw


def test_one_leading_bom_is_dropped_and_only_one(tmp_path: Path) -> None:
    p = tmp_path / "d.md"
    p.write_bytes(b"\xef\xbb\xbf# Title\n")
    assert read_draft(p) == "# Title\n"
    p.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbfx")
    assert read_draft(p) == "\ufeffx"
    # A BOM in the middle is text, not a marker.
    p.write_bytes("a\ufeffb".encode())
    assert read_draft(p) == "a\ufeffb"


def test_non_ascii_is_decoded(tmp_path: Path) -> None:
    text = "Zelenskyy said 12,000 troops — “quoted” in Kyiv’s view, naïve café"
    p = tmp_path / "d.txt"
    p.write_bytes(text.encode("utf-8"))
    assert read_draft(p) == text


def test_invalid_utf8_names_the_byte_offset(tmp_path: Path) -> None:
    p = tmp_path / "bad.md"
    p.write_bytes(b"first line\nsecond \xe9t\xe9 line\n")
    with pytest.raises(DraftError) as info:
        read_draft(p)
    err = info.value
    assert err.path == str(p)
    assert str(err) == f"{p}: not valid UTF-8 at byte 18 (line 2)"
    assert "\n" not in str(err)


def test_truncated_multibyte_sequence_at_end(tmp_path: Path) -> None:
    p = tmp_path / "cut.txt"
    p.write_bytes("ok —".encode()[:-1])
    with pytest.raises(DraftError, match=r"not valid UTF-8 at byte 3 \(line 1\)$"):
        read_draft(p)


def test_nul_bytes_mean_binary(tmp_path: Path) -> None:
    p = tmp_path / "image.md"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(DraftError) as info:
        read_draft(p)
    assert str(info.value) == f"{p}: a PNG image, not a draft: attrlint checks the text of drafts, not pictures"


def test_utf16_is_named_as_such(tmp_path: Path) -> None:
    p = tmp_path / "wide.txt"
    p.write_bytes("hello".encode("utf-16"))
    with pytest.raises(DraftError, match="UTF-16"):
        read_draft(p)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DraftError) as info:
        read_draft(tmp_path / "nope.md")
    assert str(info.value) == f"{tmp_path / 'nope.md'}: no such file"
    with pytest.raises(DraftError) as info:
        read_draft(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a directory"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_permission_denied(tmp_path: Path) -> None:
    p = tmp_path / "secret.md"
    p.write_text("x")
    p.chmod(0)
    try:
        with pytest.raises(DraftError, match="permission denied$"):
            read_draft(p)
    finally:
        p.chmod(0o644)


def test_decode_draft_directly() -> None:
    assert decode_draft(b"\xef\xbb\xbfa\r\nb", "x") == "a\r\nb"


# --- stdin -----------------------------------------------------------------------------------


def test_stdin_reads_bytes_through_buffer() -> None:
    raw = "\ufeffROME — Police said 40 were hurt.\r\nSecond\rthird".encode()
    # Like sys.stdin: a text stream whose .buffer holds the raw bytes.
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="latin-1", newline=None)
    # The text layer would have translated newlines and mis-decoded: the buffer must win.
    assert read_stdin(stream) == "ROME — Police said 40 were hurt.\r\nSecond\rthird"
    assert read_stdin(io.BytesIO(b"plain")) == "plain"


def test_stdin_errors_use_the_given_name() -> None:
    with pytest.raises(DraftError) as info:
        read_stdin(io.BytesIO(b"ab\xffcd"))
    assert str(info.value) == "-: not valid UTF-8 at byte 2 (line 1)"
    with pytest.raises(DraftError) as info:
        read_stdin(io.BytesIO(b"a\x00b"), "story.md")
    assert str(info.value) == ("story.md: a binary file (NUL bytes), not a draft: "
                               "save it as .docx or plain text (.txt, .md)")


def test_stdin_already_decoded_text() -> None:
    assert read_stdin(io.StringIO("\ufeffa\r\nb")) == "a\r\nb"


# --- kinds of file ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("story.md", True), ("STORY.MD", True), ("a/b.Markdown", True), ("story.txt", False),
    ("story", False), ("story.md.txt", False), ("-", False), ("notes.mdx", False),
])
def test_is_markdown(name: str, expected: bool) -> None:
    assert is_markdown(name) is expected
    assert is_markdown(Path(name)) is expected


# --- walking ---------------------------------------------------------------------------------


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")


def _rel(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_walk_is_sorted_recursive_and_filters_suffixes(tmp_path: Path) -> None:
    _tree(tmp_path, [
        "b.md", "a.txt", "c.markdown", "story.facts.toml", "notes.rst", "z/one.md", "z/deep/two.TXT",
        "m/three.md", ".git/HEAD.md", ".attrlint_cache/x.md", "sub/.hidden.md", "image.png",
    ])
    found = _rel(list(iter_drafts([tmp_path])), tmp_path)
    assert found == ["a.txt", "b.md", "c.markdown", "m/three.md", "z/deep/two.TXT", "z/one.md"]
    assert DRAFT_SUFFIXES == (".md", ".markdown", ".txt")


def test_explicit_files_are_yielded_as_given_whatever_the_suffix(tmp_path: Path) -> None:
    _tree(tmp_path, ["draft.rst", "b.md"])
    given = tmp_path / "draft.rst"
    assert list(iter_drafts([given])) == [given]
    # Named twice (once inside a walked directory): reported once.
    assert _rel(list(iter_drafts([tmp_path / "b.md", tmp_path])), tmp_path) == ["b.md"]


def test_exclude_globs_match_components_and_relative_paths(tmp_path: Path) -> None:
    _tree(tmp_path, ["keep.md", "archive/old.md", "drafts/archive2/x.md", "drafts/y.md",
                     "drafts/y.tmp.md", "legal/review/z.md", "legal/w.md"])
    found = _rel(list(iter_drafts([tmp_path], ["archive*", "*.tmp.md", "legal/review"])), tmp_path)
    assert found == ["drafts/y.md", "keep.md", "legal/w.md"]


def test_exclude_does_not_drop_an_explicit_file(tmp_path: Path) -> None:
    _tree(tmp_path, ["archive/old.md"])
    target = tmp_path / "archive" / "old.md"
    assert list(iter_drafts([target], ["archive"])) == [target]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loop_terminates(tmp_path: Path) -> None:
    _tree(tmp_path, ["top.md", "a/inner.md"])
    (tmp_path / "a" / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "a" / "self").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "link.md").symlink_to(tmp_path / "top.md")
    found = _rel(list(iter_drafts([tmp_path])), tmp_path)
    # top.md and link.md are one file; the loops are entered at most once.
    assert found == ["a/inner.md", "link.md"]


def test_nonexistent_path_raises(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(DraftError) as info:
        list(iter_drafts([missing]))
    assert str(info.value) == f"{missing}: no such file or directory"
