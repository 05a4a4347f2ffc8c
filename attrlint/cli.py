"""The command line: ``attrlint check``, ``rules``, ``rule``, ``facts``, ``server``.

Nothing heavy is imported here at start-up: spaCy loads only when a file needs a parse.
Exit codes: 0 nothing at or above ``--fail-on``; 1 findings; 2 usage, input, config or fact-file
errors (one line on stderr naming the file, never a traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from attrlint import __version__
from attrlint.printable import visible

OUTPUT_FORMATS = ("text", "json", "jsonl", "sarif", "github", "rdjson", "html")
SEVERITIES = ("error", "warning", "info")
# click checks nothing about paths: an unreadable or odd file is reported by attrlint for that file
# alone (one line, exit 2), while the other files are still checked.
_PATH = click.Path(path_type=str, readable=False)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="attrlint")
def main() -> None:
    """attrlint: a source-attribution linter for news drafts."""


CHECK_EPILOG = """\b
Examples:
  attrlint check story.md            one draft
  attrlint check drafts/             every .md, .markdown, .txt, .docx below
  attrlint check story.docx          a Word draft: line = paragraph number,
                                     column = character in the paragraph
  attrlint check --facts budget.facts.toml story.md
  attrlint check --select AT1 --fail-on error drafts/
  attrlint check --output-format html drafts/ > report.html
  attrlint check --stdin-filename story.md - < story.md

\b
The fact file for a draft is the first of:
  1. --facts PATH
  2. <draft name>.facts.toml beside the draft (story.md: story.facts.toml)
  3. facts = "..." in the nearest attrlint.toml (or pyproject.toml with
     [tool.attrlint]) in the draft's folder or above it

\b
Exit codes:
  0  nothing at or above --fail-on (default: warning)
  1  findings at or above --fail-on
  2  usage error, a draft that could not be read, a bad config or fact file
     (one line on stderr names the file; the other drafts are still checked)
"""


@main.command(short_help="Check drafts: sources of figures, numbers, denials, names.",
              epilog=CHECK_EPILOG)
@click.argument("paths", nargs=-1, type=_PATH)
@click.option("--facts", "facts_path", type=_PATH,
              help="Fact file for every draft (see below for where it is looked up otherwise).")
@click.option("--select", multiple=True, help="Only these rules (codes, prefixes such as AT1, or names).")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--extend-select", multiple=True, help="Add these rules to the selection.")
@click.option("--output-format", type=click.Choice(OUTPUT_FORMATS), envvar="ATTRLINT_OUTPUT_FORMAT",
              default="text", show_default=True, help="How to print findings.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Count findings per rule.")
@click.option("-q", "--quiet", is_flag=True, help="No summary line.")
@click.option("--config", "config_path", type=_PATH, help="Config file to use.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write .attrlint_cache/.")
@click.option("--stdin-filename", help="Path to report for a draft read from stdin ('-').")
@click.option("--exclude", multiple=True, help="Glob of paths to skip (adds to config 'exclude').")
@click.option("--jobs", "-j", type=int, default=0, help="Worker processes (0 = automatic).")
@click.option("--fix", is_flag=True, help="Apply safe fixes (name spellings, look-alike letters) to the drafts.")
@click.option("--unsafe-fixes", is_flag=True, help="Also offer and, with --fix, apply fixes that change what a "
              "draft says (crediting the source the fact file names).")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff instead of writing them; "
              "exit 1 if there are any.")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=str),
              help="Do not report findings recorded in this baseline file (overrides the config's 'baseline').")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(path_type=str),
              help="Record every finding in this baseline file and exit 0.")
@click.option("--explain", is_flag=True,
              help="For each number, say why it was or was not flagged (text and jsonl output).")
def check(paths: tuple[str, ...], facts_path: str | None, select: tuple[str, ...], ignore: tuple[str, ...],
          extend_select: tuple[str, ...], output_format: str, fail_on: str | None, exit_zero: bool,
          statistics: bool, quiet: bool, config_path: str | None, no_cache: bool,
          stdin_filename: str | None, exclude: tuple[str, ...], jobs: int, fix: bool, unsafe_fixes: bool,
          diff: bool, baseline_path: str | None, write_baseline_path: str | None, explain: bool) -> None:
    """Check drafts: files, directories (searched for .md, .markdown, .txt and .docx), or - for
    stdin. Findings print as path:line:column: CODE message; on a terminal they are grouped per
    draft, each with the part of the line it is about."""
    from attrlint.run import CheckOptions, run_check

    opts = CheckOptions(
        paths=paths or (".",), facts=facts_path, select=_split(select) or None, ignore=_split(ignore),
        extend_select=_split(extend_select), output_format=output_format, fail_on=fail_on,
        exit_zero=exit_zero, statistics=statistics, quiet=quiet, config=config_path,
        cache=not no_cache, stdin_filename=stdin_filename, exclude=_split(exclude), jobs=jobs,
        fix=fix and not diff, unsafe_fixes=unsafe_fixes, diff=diff, baseline=baseline_path,
        write_baseline=write_baseline_path, explain=explain,
    )
    _exit_now(run_check(opts))


def _exit_now(code: int) -> None:
    """Flush the output and end the process without tearing the interpreter down.

    Freeing a loaded spaCy model at exit takes about 0.1 s, a sixth of a one-draft run. Nothing
    is left to do by then: reports are written, cache entries are complete (written atomically),
    worker pools are shut down. Inside a host process (tests calling the command in-process) the
    ordinary exit is kept.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # the reader went away (``attrlint check | head``): nothing to add
        pass
    if not _is_cli_process():
        sys.exit(code)
    os._exit(code)


def _is_cli_process() -> bool:
    argv0 = os.path.basename(sys.argv[0]) if sys.argv else ""
    main_mod = sys.modules.get("__main__")
    spec = getattr(main_mod, "__spec__", None)
    return argv0.startswith("attrlint") or (spec is not None and spec.name in ("attrlint", "attrlint.__main__"))


@main.command("rules", short_help="List every rule: code, name, severity, whether it is on here.")
@click.option("--config", "config_path", type=_PATH, help="Config file to use.")
def rules_cmd(config_path: str | None) -> None:
    """List every rule: code, name, default severity, enabled by the config here."""
    from attrlint.config import ConfigError, discover, enabled_codes, load_config
    from attrlint.rules import RULES

    try:
        settings = load_config(Path(config_path), RULES) if config_path else discover(Path.cwd(), RULES)
    except ConfigError as e:
        click.echo(visible(str(e)), err=True)
        sys.exit(2)
    enabled = enabled_codes(settings, RULES)
    click.echo(f"{'code':6}  {'name':22}  {'severity':8}  {'enabled':7}  summary")
    for code in sorted(RULES):
        r = RULES[code]
        click.echo(f"{code:6}  {r.name:22}  {r.severity.value:8}  {'yes' if code in enabled else 'no':7}  "
                   f"{r.summary}")


@main.command("rule", short_help="Print one rule's documentation (by code, e.g. AT101, or name).")
@click.argument("code_or_name")
def rule_cmd(code_or_name: str) -> None:
    """Print a rule's documentation (by code, e.g. AT101, or name)."""
    from attrlint.rules import RULES

    key = code_or_name.strip()
    found = RULES.get(key.upper()) or next((r for r in RULES.values() if r.name == key.lower()), None)
    if found is None:
        click.echo(f"attrlint: unknown rule '{code_or_name}' (see `attrlint rules`)", err=True)
        sys.exit(2)
    from attrlint.ruledocs import rule_text

    click.echo(rule_text(found), nl=False)


@main.group("facts", short_help="Validate, list or start a fact file.")
def facts_cmd() -> None:
    """Validate or list a fact file."""


@facts_cmd.command("check", short_help="Validate a fact file (exit 0 if valid, 2 if not).")
@click.argument("path", type=_PATH)
def facts_check(path: str) -> None:
    """Validate a fact file: exit 0 when valid, 2 with one line naming the problem."""
    from attrlint.factlisting import summary
    from attrlint.facts import FactFileError, load_facts

    try:
        fb = load_facts(path)
    except FactFileError as e:
        click.echo(visible(str(e)), err=True)
        sys.exit(2)
    click.echo(f"{visible(path)}: ok ({summary(fb)})")


@facts_cmd.command("show", short_help="List a fact file's sources, facts and denials.")
@click.argument("path", type=_PATH)
def facts_show(path: str) -> None:
    """List the sources, facts and denials of a fact file."""
    from attrlint.factlisting import describe
    from attrlint.facts import FactFileError, load_facts

    try:
        fb = load_facts(path)
    except FactFileError as e:
        click.echo(visible(str(e)), err=True)
        sys.exit(2)
    click.echo(describe(fb), nl=False)


@facts_cmd.command("init", short_help="Start a fact file from a draft (never overwrites without --force).")
@click.argument("draft", type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(path_type=str),
              help="Where to write (default: <draft>.facts.toml beside the draft; '-' for stdout).")
@click.option("--force", is_flag=True, help="Overwrite an existing fact file.")
def facts_init(draft: str, output: str | None, force: bool) -> None:
    """Start a fact file from a draft: its sources, credited figures and accused parties."""
    from pathlib import Path

    from attrlint.analysis.pipeline import analyse
    from attrlint.engine import build_document
    from attrlint.factdraft import draft_facts, write_atomically
    from attrlint.lexicon import LexiconError, load_lexicon
    from attrlint.nlp import ModelError, get_nlp
    from attrlint.reader import DraftError, read_draft

    target = Path(output) if output and output != "-" else \
        Path(draft).with_name(Path(draft).name.rsplit(".", 1)[0] + ".facts.toml")
    if output != "-" and target.exists() and not force:
        click.echo(f"{visible(str(target))}: already exists; use --force to overwrite it, or -o - to print",
                   err=True)
        sys.exit(2)
    try:
        source = read_draft(draft)
        lex = load_lexicon()
        doc = build_document(draft, source)
        analyse([doc], get_nlp(), lex)
    except (DraftError, LexiconError, ModelError) as e:
        click.echo(visible(f"attrlint: {e}"), err=True)
        sys.exit(2)
    text = draft_facts(doc, lex, Path(draft).name)
    if output == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomically(target, text)
    except OSError as e:
        click.echo(visible(f"{target}: cannot write fact file: {e.strerror or e}"), err=True)
        sys.exit(2)
    click.echo(f"{visible(str(target))}: written; check every value before relying on it")


@main.command("archive", short_help="Check a JSON Lines or Parquet corpus of articles on Dask.")
@click.argument("corpus", type=click.Path(path_type=str))
@click.option("--out", "out", required=True, type=click.Path(path_type=str),
              help="Results directory (created): Parquet part files when its name ends in .parquet, else "
                   "JSON Lines; a rerun skips the articles already in it.")
@click.option("--scheduler", help="Address of a running Dask scheduler [default: a local cluster].")
@click.option("--workers", type=int, default=0, help="Local worker processes (0 = one per core).")
@click.option("--facts", "facts_path", type=click.Path(path_type=str), help="Fact file for every article.")
@click.option("--config", "config_path", type=click.Path(path_type=str), help="Config file to use.")
@click.option("--select", multiple=True, help="Only these rules (codes, prefixes such as AT1, or names).")
@click.option("--ignore", multiple=True, help="Skip these rules.")
@click.option("--blocksize", type=int, default=1 << 20, show_default=True,
              help="Bytes of corpus (Parquet: characters of text) per task.")
@click.option("-q", "--quiet", is_flag=True, help="No progress or summary lines.")
def archive_cmd(corpus: str, out: str, scheduler: str | None, workers: int, facts_path: str | None,
                config_path: str | None, select: tuple[str, ...], ignore: tuple[str, ...], blocksize: int,
                quiet: bool) -> None:
    """Check a corpus of {id, text} articles on Dask (pip install 'attrlint[dask]').

    CORPUS is JSON Lines, one {"id", "text"} object per line, or, when its name ends in .parquet,
    a Parquet file (or a directory of them) with columns id and text (and optionally path).
    """
    from attrlint.archive import archive_command

    code = archive_command(corpus, out, scheduler=scheduler, workers=workers, facts=facts_path,
                           config=config_path, select=_split(select) or None, ignore=_split(ignore),
                           blocksize=blocksize, quiet=quiet)
    sys.exit(code)


@main.command("server", short_help="Run the language server on stdio (for editors).")
def server_cmd() -> None:
    """Run the language server on stdio (for editors)."""
    from attrlint.server import serve

    serve()


if __name__ == "__main__":  # pragma: no cover
    main()
    os._exit(0)
