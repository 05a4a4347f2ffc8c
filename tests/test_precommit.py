"""pre-commit: the hook manifest for drafts repositories and the project's own config.

The slow tests run the real pre-commit against a snapshot of this working tree (one snapshot for
the module), the way a drafts repository uses the hook: ``try-repo``, and the setup
docs/integrations.md documents, its snippet taken verbatim (only the repository address replaced
by the snapshot's path), pinned by ``pre-commit autoupdate --freeze`` and run by ``git commit``.
pre-commit builds the hook's environment with pip from the package registry (about a minute with
a warm pip cache, most of it resolving and unpacking spaCy's dependencies). ``try-repo`` builds
it afresh on every call, in a store of its own, so it is called once; the commits of the
documented setup build it once and reuse it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from tests.helpers import HULLS_FACTS

ROOT = Path(__file__).resolve().parents[1]
GIT_ENV = {"GIT_AUTHOR_NAME": "attrlint tests", "GIT_AUTHOR_EMAIL": "tests@attrlint.invalid",
           "GIT_COMMITTER_NAME": "attrlint tests", "GIT_COMMITTER_EMAIL": "tests@attrlint.invalid"}

CLEAN = """\
# Dry dock reopens

The yard built 35 hulls in March, the port authority said.
"""
UNCREDITED = "The dry dock at Skarvik took in 35 hulls in March.\n"


def _pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, text=True,
                          capture_output=True, timeout=1200)


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_ENV}).stdout


def documented_snippet() -> str:
    """The first YAML block of the pre-commit section of docs/integrations.md, as written."""
    doc = (ROOT / "docs" / "integrations.md").read_text(encoding="utf-8")
    section = doc.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return re.search(r"```yaml\n(.*?)```", section, re.S).group(1)


def _snapshot(dest: Path) -> Path:
    """This working tree (tracked and new files, .gitignore respected) as a one-commit git repo.

    try-repo on the checkout itself would only see committed files plus changes to tracked ones,
    so a hook file not yet committed would be missed; a snapshot tests exactly what is on disk.
    """
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    _git("init", "-q", cwd=dest)
    _git("add", "-A", cwd=dest)
    _git("commit", "-q", "-m", "snapshot", cwd=dest)
    return dest


# --- fast: the files themselves -----------------------------------------------------------------


def test_documented_snippet_is_a_valid_config_naming_this_hook_with_fix():
    snippet = documented_snippet()
    (repo,) = yaml.safe_load(snippet)["repos"]
    assert [h["id"] for h in repo["hooks"]] == ["attrlint"]
    assert repo["hooks"][0]["args"] == ["--fix"]
    # The placeholder the docs tell `pre-commit autoupdate --freeze` to replace.
    assert repo["rev"] == "COMMIT-SHA" and "pre-commit autoupdate --freeze" in snippet


def test_hook_manifest_and_config_are_valid():
    env = dict(os.environ)
    out = _pre_commit("validate-manifest", ".pre-commit-hooks.yaml", cwd=ROOT, env=env)
    assert out.returncode == 0, out.stdout + out.stderr
    out = _pre_commit("validate-config", ".pre-commit-config.yaml", cwd=ROOT, env=env)
    assert out.returncode == 0, out.stdout + out.stderr


def test_hook_is_python_serial_and_reads_markdown_and_text():
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "attrlint" and hook["language"] == "python"
    assert hook["entry"].split()[:2] == ["attrlint", "check"]
    assert sorted(hook["types_or"]) == ["markdown", "plain-text"]
    assert hook["require_serial"] is True


def test_own_config_runs_attrlint_on_examples_but_not_the_flawed_ones():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: (repo, h) for repo in config["repos"] for h in repo["hooks"]}
    assert {repo["repo"] for repo, _ in hooks.values()} == {"local"}
    _, ruff = hooks["ruff"]
    assert ruff["language"] == "python" and ruff["additional_dependencies"] == ["ruff"]
    _, hook = hooks["attrlint"]
    assert hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    assert files.search("examples/dprk-troops.md") and not exclude.search("examples/dprk-troops.md")
    assert exclude.search("examples/flawed/dprk-troops-flawed.txt")


def test_own_attrlint_hook_installs_exactly_the_project_dependencies():
    """The local hook repeats pyproject's dependencies (it cannot install the project itself)."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for repo in config["repos"] for h in repo["hooks"] if h["id"] == "attrlint"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert sorted(hook["additional_dependencies"]) == sorted(project["dependencies"])


# --- slow: the real pre-commit, installing from the package registry ----------------------------


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """One snapshot of this working tree for the module's tests (they only read it)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("the project is not a git checkout, so there is no working tree to snapshot")
    return _snapshot(tmp_path_factory.mktemp("snapshot") / "attrlint")


def _hook_env(tmp_path: Path) -> dict[str, str]:
    """pre-commit's environment: its store and temporary files inside ``tmp_path``, no colours."""
    # try-repo keeps its store in a fresh temporary directory: TMPDIR keeps that inside tmp_path too.
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "TMPDIR": str(tmp_path / "tmp"), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("ATTRLINT_OUTPUT_FORMAT", None)
    return env


@pytest.mark.slow
def test_try_repo_fails_an_uncredited_figure_and_leaves_a_clean_draft_alone(tmp_path, project):
    """One try-repo run (each builds the hook's environment anew) over a clean draft, a file of a
    type the hook does not read, and a draft with an uncredited figure and its fact file. A clean
    draft alone passing the hook is asserted by the documented-setup test below, whose commits
    share one environment."""
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    _git("init", "-q", cwd=drafts)
    (drafts / "dry-dock.md").write_text(CLEAN, encoding="utf-8")
    (drafts / "notes.toml").write_text("not = 'a draft'\n", encoding="utf-8")  # not a type we check
    (drafts / "skarvik.txt").write_text(UNCREDITED, encoding="utf-8")
    (drafts / "skarvik.facts.toml").write_text(HULLS_FACTS, encoding="utf-8")
    _git("add", "-A", cwd=drafts)
    env = _hook_env(tmp_path)

    failed = _pre_commit("try-repo", str(project), "attrlint", "--all-files", cwd=drafts, env=env)
    out = failed.stdout + failed.stderr
    assert failed.returncode == 1, out
    assert "attrlint" in failed.stdout and "Failed" in out
    # The finding, with the fact file beside the draft picked up for the suggestion.
    assert "skarvik.txt:1:" in out and "AT101" in out
    assert "the Skarvik port authority" in out and "fact hulls-march" in out
    assert "dry-dock.md" not in out


LOOKALIKE = "The crew at Skаrvik repaired the crane on Friday, the harbour master said.\n"  # Cyrillic "а"


@pytest.mark.slow
def test_documented_setup_pins_a_commit_reads_the_baseline_and_fixes_on_commit(tmp_path, project):
    """The docs' snippet and commands, run as a desk would: autoupdate pins the snapshot's HEAD, a
    clean draft passes, the configured baseline lets old findings through, and --fix repairs a
    look-alike letter and stops the commit (pre-commit fails a hook that modifies files), after
    which the commit goes through."""
    head = _git("rev-parse", "HEAD", cwd=project).strip()
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    _git("init", "-q", cwd=drafts)
    snippet = documented_snippet()
    assert snippet.count("https://github.com/attrlint/attrlint") == 1
    (drafts / ".pre-commit-config.yaml").write_text(
        snippet.replace("https://github.com/attrlint/attrlint", str(project)), encoding="utf-8")
    env = _hook_env(tmp_path)

    pinned = _pre_commit("autoupdate", "--freeze", cwd=drafts, env=env)
    assert pinned.returncode == 0, pinned.stdout + pinned.stderr
    (repo,) = yaml.safe_load((drafts / ".pre-commit-config.yaml").read_text(encoding="utf-8"))["repos"]
    assert repo["rev"] == head
    installed = _pre_commit("install", cwd=drafts, env=env)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    # A clean draft passes (this first run builds the hook's environment; the later ones reuse it).
    (drafts / "dry-dock.md").write_text(CLEAN, encoding="utf-8")
    _git("add", "dry-dock.md", cwd=drafts)
    commit = subprocess.run(["git", "commit", "-m", "dry dock"], cwd=drafts, env=env, capture_output=True,
                            text=True, timeout=1200)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "attrlint" in commit.stdout + commit.stderr and "Passed" in commit.stdout + commit.stderr

    # An old draft with an uncredited figure, accepted through the configured baseline.
    (drafts / "skarvik.txt").write_text(UNCREDITED, encoding="utf-8")
    (drafts / "attrlint.toml").write_text('baseline = ".attrlint-baseline.json"\n', encoding="utf-8")
    recorded = subprocess.run([sys.executable, "-m", "attrlint", "check", "--no-cache", "--write-baseline",
                               ".attrlint-baseline.json", "skarvik.txt"], cwd=drafts, env=env,
                              capture_output=True, text=True, timeout=600)
    assert recorded.returncode == 0, recorded.stderr
    _git("add", "-A", cwd=drafts)
    commit = subprocess.run(["git", "commit", "-m", "old drafts"], cwd=drafts, env=env, capture_output=True,
                            text=True, timeout=1200)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "attrlint" in commit.stdout + commit.stderr and "Passed" in commit.stdout + commit.stderr

    # A look-alike letter: fixed on disk by the hook, and the commit stops for a review.
    draft = drafts / "crane.md"
    draft.write_text(LOOKALIKE, encoding="utf-8")
    _git("add", "crane.md", cwd=drafts)
    commit = subprocess.run(["git", "commit", "-m", "crane"], cwd=drafts, env=env, capture_output=True,
                            text=True, timeout=1200)
    out = commit.stdout + commit.stderr
    assert commit.returncode == 1, out
    assert "files were modified by this hook" in out
    assert draft.read_text(encoding="utf-8") == LOOKALIKE.replace("Skаrvik", "Skarvik")
    _git("add", "crane.md", cwd=drafts)
    commit = subprocess.run(["git", "commit", "-m", "crane"], cwd=drafts, env=env, capture_output=True,
                            text=True, timeout=1200)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "crane.md" in _git("log", "--name-only", "-1", "--format=", cwd=drafts)
