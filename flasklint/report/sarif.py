"""SARIF 2.1.0, the format GitHub code scanning accepts (validated in the tests against OASIS's schema).

Every rule of the report is described (short and full description, help in
Markdown, a default level); every finding is a result with a relative URI
and a region, and a partial fingerprint that survives the code moving up or
down the file. Practices that are not met and point at a place in the code
are results too, at `note` level.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from typing import Any

from flasklint.analysis.rule import Rule
from flasklint.report.docgen import rule_page
from flasklint.report.model import Report, RuleEntry

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _fingerprint(code: str, path: str, message: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{code}\0{path}\0{message}\0{occurrence}".encode()).hexdigest()
    return digest[:32]


def repository_uri(report: Report, path: str) -> str:
    """A report path (relative to the graded folder) as a path from the repository root: GitHub resolves
    SARIF URIs and annotation files from there when the graded folder is a subfolder of the checkout."""
    inside = report.get("repository_path", "")
    return posixpath.normpath(posixpath.join(inside, path)) if inside else path


def _location(path: str, line: int, col: int = 1) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(1, line), "startColumn": max(1, col)},
        }
    }


def _rule_descriptor(rule: type[Rule] | None, entry: RuleEntry, skill: str) -> dict[str, Any]:
    docs = rule.docs() if rule is not None else {}
    title = rule.title() if rule is not None else entry["name"]
    level = LEVELS.get(rule.severity if rule is not None else "medium", "warning")
    return {
        "id": entry["code"],
        "name": entry["name"],
        "shortDescription": {"text": title},
        "fullDescription": {"text": docs.get("What it checks", title)},
        "help": {"text": docs.get("Use instead", title), "markdown": rule_page(rule) if rule is not None else title},
        "defaultConfiguration": {"level": level},
        "properties": _properties(rule, entry, skill),
    }


# GitHub code scanning ranks security alerts by `security-severity` (0-10), on rules tagged `security`
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0"}


def _properties(rule: type[Rule] | None, entry: RuleEntry, skill: str) -> dict[str, Any]:
    properties: dict[str, Any] = {"tags": [skill, entry["kind"]]}  # the security skill's tag is `security`
    if skill == "security":
        properties["security-severity"] = SECURITY_SEVERITY[rule.severity if rule is not None else "medium"]
    return properties


def render_sarif(report: Report, rules: list[type[Rule]]) -> str:
    by_code = {rule.code: rule for rule in rules}
    descriptors: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    for skill, data in report["skills"].items():
        for entry in data["rules"]:
            index[entry["code"]] = len(descriptors)
            descriptors.append(_rule_descriptor(by_code.get(entry["code"]), entry, skill))
    results: list[dict[str, Any]] = []
    seen: dict[tuple[str, str, str], int] = {}
    for finding in report["findings"]:
        key = (finding["code"], finding["path"], finding["message"])
        seen[key] = seen.get(key, 0) + 1
        results.append(
            {
                "ruleId": finding["code"],
                "ruleIndex": index[finding["code"]],
                "level": LEVELS[finding["severity"]],
                "message": {"text": finding["message"]},
                "locations": [_location(repository_uri(report, finding["path"]), finding["line"], finding["col"])],
                "partialFingerprints": {"flasklint/v1": _fingerprint(*key, seen[key])},
            }
        )
    for practice in report["practices"]:
        if practice["status"] not in ("not met", "partly met") or not practice.get("evidence"):
            continue
        first = practice["evidence"][0]
        message = f"{practice['name']}: {practice['status']}: {practice['message']}"
        results.append(
            {
                "ruleId": practice["code"],
                "ruleIndex": index[practice["code"]],
                "level": "note",
                "message": {"text": message},
                "locations": [_location(repository_uri(report, first["path"]), first["line"])],
                "partialFingerprints": {"flasklint/v1": _fingerprint(practice["code"], first["path"], message, 1)},
            }
        )
    sarif = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flasklint",
                        "version": report["flasklint_version"],
                        "semanticVersion": report["flasklint_version"],
                        "rules": descriptors,
                    }
                },
                "results": results,
                # URIs are relative to the repository root; where that is on disk is the reader's checkout
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The root of the graded repository."}}},
                "properties": {"score": report["score"], "band": report["band"]},
            }
        ],
    }
    return json.dumps(sarif, indent=2, sort_keys=True) + "\n"
