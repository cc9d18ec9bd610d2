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
from typing import Any

from flasklint.analysis.rule import Rule
from flasklint.report.docgen import rule_page
from flasklint.report.model import Report, RuleEntry

LEVELS = {"critical": "error", "high": "error", "medium": "warning", "low": "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _fingerprint(code: str, path: str, message: str, occurrence: int) -> str:
    digest = hashlib.sha256(f"{code}\0{path}\0{message}\0{occurrence}".encode()).hexdigest()
    return digest[:32]


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
        "properties": {"tags": [skill, entry["kind"]]},
    }


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
                "locations": [_location(finding["path"], finding["line"], finding["col"])],
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
                "locations": [_location(first["path"], first["line"])],
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
                "properties": {"score": report["score"], "band": report["band"]},
            }
        ],
    }
    return json.dumps(sarif, indent=2, sort_keys=True) + "\n"
