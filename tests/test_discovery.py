"""Settings and fact files per draft: a draft's findings depend on its own config only, never on
which drafts are checked with it, in what order or by how many workers — and the editor agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attrlint.config import default_settings
from attrlint.discovery import Overrides, SettingsResolver, facts_for, sibling_facts
from tests.helpers import run_cli

# "dockhands" is not a vague source in the built-in lists; b/'s word list makes it one.
STORY = "Harbour night\n\nAbout 340 passengers crossed the bay, dockhands said.\n"


def _two_folders(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b" / "attrlint.toml").write_text('lexicons = ["w.toml"]\n', encoding="utf-8")
    (tmp_path / "b" / "w.toml").write_text('vague-heads = ["dockhands"]\n', encoding="utf-8")


def _findings(tmp_path: Path, *args: str) -> list[tuple[str, str]]:
    proc = run_cli(["check", "--no-cache", "--output-format", "json", *args], cwd=tmp_path)
    assert proc.returncode in (0, 1), proc.stderr
    return sorted((d["path"], d["code"]) for d in json.loads(proc.stdout))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_word_list_applies_to_its_own_folder_in_either_order(tmp_path: Path, jobs: str) -> None:
    _two_folders(tmp_path)
    forward = _findings(tmp_path, "-j", jobs, "a/story.txt", "b/story.txt")
    backward = _findings(tmp_path, "-j", jobs, "b/story.txt", "a/story.txt")
    assert forward == backward == [("b/story.txt", "AT102")]


def test_the_language_server_resolves_the_same_settings(tmp_path: Path) -> None:
    from attrlint.server import DraftChecker

    _two_folders(tmp_path)
    checker = DraftChecker(str(tmp_path))
    found = {}
    for name in ("b", "a", "b"):
        outcome = checker.check(str(tmp_path / name / "story.txt"), STORY)
        assert outcome.problem is None
        found.setdefault(name, set()).add(tuple(d.code for d in outcome.diagnostics))
    assert found == {"a": {()}, "b": {("AT102",)}}


def test_a_model_is_per_settings_too(tmp_path: Path) -> None:
    """A model only c/ names is loaded for c/'s drafts: whichever comes first, the run says it
    cannot load it (the draft is not silently parsed with another folder's model)."""
    _two_folders(tmp_path)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "c" / "attrlint.toml").write_text('model = "attrlint_no_such_model"\n', encoding="utf-8")
    for order in (("a/story.txt", "c/story.txt"), ("c/story.txt", "a/story.txt")):
        proc = run_cli(["check", "--no-cache", *order], cwd=tmp_path)
        assert proc.returncode == 2, proc.stdout
        assert "attrlint_no_such_model" in proc.stderr and "Traceback" not in proc.stderr


def test_settings_are_resolved_once_per_directory(tmp_path: Path, monkeypatch) -> None:
    import attrlint.discovery

    _two_folders(tmp_path)
    for i in range(3):
        (tmp_path / "b" / f"more{i}.txt").write_text(STORY, encoding="utf-8")
    searches: list[Path] = []
    real = attrlint.discovery.find_config

    def counting(start: Path):
        searches.append(start)
        return real(start)

    monkeypatch.setattr(attrlint.discovery, "find_config", counting)
    resolver = SettingsResolver(root=str(tmp_path))
    first = resolver.for_path(tmp_path / "b" / "story.txt")
    for i in range(3):
        assert resolver.for_path(tmp_path / "b" / f"more{i}.txt") is first
    assert first.lexicons == (str(tmp_path / "b" / "w.toml"),)
    assert resolver.for_path(tmp_path / "a" / "story.txt").lexicons == ()
    # b/ once; a/ once, then the root for a's fallback (no config there either).
    assert searches == [tmp_path / "b", tmp_path / "a", tmp_path]
    assert len(resolver.all()) == 2


def test_fact_file_discovery_order(tmp_path: Path) -> None:
    draft = tmp_path / "story.md"
    draft.write_text(STORY, encoding="utf-8")
    settings = default_settings(tmp_path)
    assert facts_for(str(draft), settings) is None
    configured = settings.__class__(path=None, root=str(tmp_path), facts=str(tmp_path / "desk.facts.toml"))
    assert facts_for(str(draft), configured) == str(tmp_path / "desk.facts.toml")
    assert facts_for("-", configured) == str(tmp_path / "desk.facts.toml")
    sibling = sibling_facts(str(draft))
    assert sibling == tmp_path / "story.facts.toml"
    sibling.write_text("", encoding="utf-8")
    assert facts_for(str(draft), configured) == str(sibling)
    assert facts_for(str(draft), configured, override="given.toml") == "given.toml"
    resolver = SettingsResolver(Overrides(facts="given.toml"), root=str(tmp_path))
    assert resolver.facts_for(str(draft), configured) == "given.toml"
