"""SARIF 2.1.0, the static-analysis exchange format GitHub code scanning and editors read.

Positions: our columns count characters, declared with ``columnKind: unicodeCodePoints``; SARIF
``endColumn`` is exclusive, ours inclusive. Relative paths are URIs under ``%SRCROOT%`` so a viewer
resolves them against the checkout.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePath, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from attrlint.model import Diagnostic, Related, Severity
from attrlint.report import message_with_suggestion
from attrlint.rules.registry import doc_url

if TYPE_CHECKING:
    from attrlint.report import ReportContext

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> str:
    return json.dumps(sarif_log(diagnostics, ctx), indent=2, ensure_ascii=False) + "\n"


def sarif_log(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> dict[str, Any]:
    descriptors = _descriptors(diagnostics, ctx)
    index = {rule["id"]: i for i, rule in enumerate(descriptors)}
    driver = {"name": "attrlint", "version": ctx.version, "rules": descriptors}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "columnKind": "unicodeCodePoints",
                "results": [_result(d, index[d.code]) for d in diagnostics],
            }
        ],
    }


def _descriptors(diagnostics: Sequence[Diagnostic], ctx: ReportContext) -> list[dict[str, Any]]:
    """One descriptor per registered rule, plus any code a diagnostic uses that the registry
    lacks (so every result's ``ruleIndex`` points at a descriptor)."""
    out: dict[str, dict[str, Any]] = {}
    for code in sorted(ctx.rules):
        rule = ctx.rules[code]
        doc = rule.doc
        out[code] = {
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": doc},
            "help": {"text": doc, "markdown": doc},
            "helpUri": doc_url(code),
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        }
    for d in diagnostics:
        if d.code not in out:
            level = {"level": _LEVEL[d.severity]}
            out[d.code] = {"id": d.code, "name": d.rule, "defaultConfiguration": level}
    return list(out.values())


def _result(d: Diagnostic, rule_index: int) -> dict[str, Any]:
    region = {
        "startLine": d.line, "startColumn": d.column, "endLine": d.end_line, "endColumn": d.end_column + 1,
    }
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[d.severity],
        "message": {"text": message_with_suggestion(d)},
        "locations": [{"physicalLocation": _physical(d.path, region)}],
    }
    if d.related:
        result["relatedLocations"] = [
            {
                "id": i,
                "physicalLocation": _physical(r.path, _related_region(r)),
                "message": {"text": r.message},
            }
            for i, r in enumerate(d.related)
        ]
    properties = {k: v for k, v in (("suggestion", d.suggestion), ("fact", d.fact)) if v}
    if properties:
        result["properties"] = properties
    return result


def _related_region(r: Related) -> dict[str, int]:
    region = {"startLine": r.line, "startColumn": r.column}
    if r.end_line is not None and r.end_column is not None:
        region |= {"endLine": r.end_line, "endColumn": r.end_column + 1}  # SARIF's end is exclusive
    return region


def _physical(path: str, region: dict[str, int]) -> dict[str, Any]:
    return {"artifactLocation": artifact_location(path), "region": region}


def artifact_location(path: str) -> dict[str, str]:
    """A relative path becomes a percent-encoded URI under %SRCROOT%; an absolute one a file: URI."""
    p = PurePath(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    posix = PurePosixPath(p.as_posix())
    return {"uri": quote(str(posix), safe="/"), "uriBaseId": "%SRCROOT%"}
