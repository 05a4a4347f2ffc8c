"""The rule documentation pages, ``docs/rules/CODE.md`` and ``docs/rules/index.md``, made from the registry.

The rule's docstring is the one source of its documentation: ``attrlint rule CODE`` prints it,
SARIF carries it, and these pages hold it with a header and links. Regenerate the pages with
``python -m attrlint.ruledocs docs/rules``; ``--check`` exits 1 when a page differs from the
registry (the test suite runs the same comparison).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path

from attrlint.rules.registry import Rule
from attrlint.suppress import CODE as SUPPRESSION_CODE

GENERATED = "<!-- Generated from the rule registry by `python -m attrlint.ruledocs docs/rules`: edit the rule's docstring, not this file. -->"  # noqa: E501

# Rule families by code prefix, in the order the index lists them.
FAMILIES = (
    ("AT1", "Attribution: figures and quotations nobody is credited for"),
    ("AT2", "Numbers that disagree: within the draft and with the fact file"),
    ("AT3", "Denials and responses"),
    ("AT4", "Hygiene: names and letters"),
    ("AT9", "attrlint's own comments in a draft"),
)


def rule_text(rule: Rule) -> str:
    """The rule's documentation as ``attrlint rule CODE`` prints it (Markdown)."""
    summary = f"{rule.summary[:1].upper()}{rule.summary[1:]}."
    return f"# {rule.code} {rule.name}\n\nDefault severity: {rule.severity.value}. {summary}\n\n{rule.doc}\n"


def page(rule: Rule) -> str:
    """The rule's page: its documentation, what it needs, how to turn it off, and links."""
    needs = "It needs a fact file and is silent when a draft has none. " if rule.needs_facts else ""
    off = f"Leave it out with `ignore = [\"{rule.code}\"]` in the configuration or `--ignore {rule.code}`"
    if rule.code == SUPPRESSION_CODE:
        off += "."  # a suppression comment cannot hide findings about suppression comments
    else:
        off += (f"; hide one finding with `<!-- attrlint: disable-next-line {rule.code} -- reason -->` on the "
                f"line above it in Markdown (`attrlint: disable-next-line {rule.code} -- reason` in plain text).")
    return (
        f"{GENERATED}\n\n{rule_text(rule)}\n"
        f"## Turning it off\n{needs}{off}\n\n"
        "---\n"
        "[All rules](index.md) · [What counts as a figure and as attribution](../policy.md) · "
        "[Fact files](../factfile.md)\n"
    )


def index(rules: Mapping[str, Rule]) -> str:
    """``docs/rules/index.md``: every rule by family, linked to its page."""
    lines = [
        GENERATED, "",
        "# Rules", "",
        "Every rule attrlint runs, by family. Codes never change meaning. `attrlint rules` lists them",
        "with whether your configuration enables them; `attrlint rule CODE` prints a page in the terminal.",
        "What counts as a figure and as attribution is set out in [the attribution policy](../policy.md).",
    ]
    for prefix, title in FAMILIES:
        codes = sorted(c for c in rules if c.startswith(prefix))
        if codes:
            lines += ["", f"## {title}", "", "| code | name | default severity | finds |", "|---|---|---|---|"]
            lines += [_index_row(rules[c]) for c in codes]
    rest = sorted(c for c in rules if not c.startswith(tuple(p for p, _ in FAMILIES)))
    if rest:
        lines += ["", "## Other", "", "| code | name | default severity | finds |", "|---|---|---|---|"]
        lines += [_index_row(rules[c]) for c in rest]
    return "\n".join(lines) + "\n"


def _index_row(rule: Rule) -> str:
    facts = " (with a fact file)" if rule.needs_facts else ""
    return f"| [{rule.code}]({rule.code}.md) | {rule.name} | {rule.severity.value} | {rule.summary}{facts} |"


def expected_pages(rules: Mapping[str, Rule]) -> dict[str, str]:
    """File name → content of every page the registry calls for."""
    pages = {f"{code}.md": page(rules[code]) for code in sorted(rules)}
    pages["index.md"] = index(rules)
    return pages


def stale_pages(directory: Path, rules: Mapping[str, Rule]) -> list[str]:
    """Pages in ``directory`` that are missing, differ from the registry, or name no rule."""
    want = expected_pages(rules)
    problems = []
    for name, text in want.items():
        path = directory / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path}: differs from the rule registry")
    for path in sorted(directory.glob("*.md")):
        if path.name not in want and _is_generated(path):
            problems.append(f"{path}: no registered rule has this page")
    return problems


def write_pages(directory: Path, rules: Mapping[str, Rule]) -> list[Path]:
    """Write every page that differs; remove generated pages of codes no longer registered."""
    directory.mkdir(parents=True, exist_ok=True)
    want = expected_pages(rules)
    changed = []
    for name, text in want.items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for path in sorted(directory.glob("*.md")):
        if path.name not in want and _is_generated(path):
            path.unlink()
            changed.append(path)
    return changed


def _is_generated(path: Path) -> bool:
    try:
        return path.read_text(encoding="utf-8").startswith(GENERATED)
    except (OSError, UnicodeDecodeError):
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m attrlint.ruledocs",
                                     description="Write (or --check) the rule pages from the rule registry.")
    parser.add_argument("directory", nargs="?", default="docs/rules", help="where the pages live (docs/rules)")
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 when a page is out of date")
    args = parser.parse_args(argv)
    from attrlint.rules import RULES

    directory = Path(args.directory)
    if args.check:
        problems = stale_pages(directory, RULES)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"run `python -m attrlint.ruledocs {directory}` to regenerate", file=sys.stderr)
        return 1 if problems else 0
    for path in write_pages(directory, RULES):
        print(f"wrote {path}" if path.exists() else f"removed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
