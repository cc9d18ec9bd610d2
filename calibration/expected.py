#!/usr/bin/env python3
"""Check flasklint's verdicts against the corpus reviewer's `expected_findings`.

usage: python calibration/expected.py [--corpus ../shared/corpus] [--reports DIR] [--markdown] [--details]

Each repository of the corpus lists what a careful reviewer expects, as
`key: value (comment)` lines, e.g. `migrations: present (...)` or
`sql_injection: flag critical (app.py:40)`. The keys that name a practice or a
problem flasklint judges map to one rule, or to two that report the same
problem in different places (`FL502+FL519`: a secret in code or in a
committed .env file) (KEY_RULES); the value says what the rule should
conclude:

- for a practice: present / yes -> met or partly met (the practice is there;
  flasklint may still judge its extent short); absent / no -> not met; a
  hedged value (partial, minimal, weak, "present but ...") accepts met or
  partly met, or partly met or not met when it leans negative; `flag` on a
  practice (a weak password hash) means not met;
- for a problem: flag -> the rule reports at least one finding; no-flag -> none;
  `low/no-flag` and `flag low` accept a low finding or none.

A key about one setting (`hardcoded_secret_key`) is answered only by findings
that name it (a hard-coded SMTP password does not answer it either way).

Every expectation ends as `hit`, `miss` (flasklint did not see what is there),
`wrong` (flasklint reports what is not there) or `n/a` (flasklint judged
nothing where the reviewer did). Agreement is hits over everything judged.
Keys flasklint does not judge (broken_code, flask_detected, ...) are skipped
and counted. The script never changes a grade; it reads reports.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

HERE = Path(__file__).resolve().parent

KEY_RULES = {
    "app_factory": "FL101",
    "blueprints": "FL102",
    "config_from_env": "FL104",
    "modular_package": "FL105",
    "circular_import": "FL106",
    "mutable_global_state": "FL201",
    "import_time_connection": "FL203",
    "input_validation": "FL301",
    "error_handlers": "FL302",
    "api_versioning": "FL304",
    "pagination": "FL305",
    "openapi_description": "FL306",
    "rate_limiting": "FL307",
    "state_change_in_get": "FL308",
    "migrations": "FL401",
    "create_all_at_startup": "FL402",
    "legacy_query_api": "FL403",
    "connection_per_request": "FL407",
    "debug_true": "FL501",
    # a secret in a committed .env file is what FL519 reports
    "hardcoded_secret_key": "FL502+FL519",
    "hardcoded_secret": "FL502+FL519",
    "hardcoded_db_credentials": "FL502+FL519",
    "sql_injection": "FL503",
    "template_injection": "FL504",
    "unescaped_markup": "FL505",
    "template_safe_filter": "FL506",
    "unsafe_deserialization": "FL507",
    "shell_injection": "FL508",
    "path_traversal": "FL509",
    "path_traversal / arbitrary file read-write": "FL509",
    "open_redirect": "FL510",
    "jwt_verification": "FL511",
    "csrf_protection": "FL513",
    "password_hashing": "FL514",
    "auth_on_state_changing_routes": "FL515",
    "cors_wildcard_credentials": "FL517",
    "outbound_http": "FL518",
    "ssrf/outbound_http": "FL522",
    "committed_env_secrets": "FL519",
    "bind_all_interfaces": "FL520",
    "tests": "FL601",
    "tests_use_factory": "FL602",
    "ci_runs_tests": "FL604",
    "coverage_threshold": "FL605",
    "print_in_app_code": "FL701",
    "logging": "FL702",
    "health_endpoint": "FL703",
    "production_server": "FL704",
    "dockerfile_hygiene": "FL705",
    "pinned_dependencies": "FL706",
    "env_example": "FL707",
    "type_hints": "FL801",
    "bare_or_swallowed_except": "FL803",
    "mutable_default_argument": "FL804",
    "linters_configured": "FL807",
}

# the value's first words, before any parenthesised comment
POSITIVE = ("present", "yes", "gunicorn", "uwsgi", "good", "declared")
LEANS_POSITIVE = ("present but", "partial")
LEANS_NEGATIVE = ("minimal", "weak", "nominal only", "absent in", "poor", "no ")
NEGATIVE = ("absent", "no", "flag")


@dataclass(frozen=True)
class Expectation:
    repo: str
    key: str
    value: str
    code: str


@dataclass(frozen=True)
class Check:
    expectation: Expectation
    result: str  # hit / miss / wrong / n/a
    got: str


def parse(line: str, repo: str) -> Expectation | None:
    key, _, value = line.partition(":")
    code = KEY_RULES.get(key.strip())
    if code is None:
        return None
    return Expectation(repo, key.strip(), value.strip(), code)


def head(value: str) -> str:
    return value.split(" (")[0].strip().lower()


def accepted(expectation: Expectation, kind: str) -> set[str]:
    """What the rule may conclude for the reviewer's value to hold."""
    value = head(expectation.value)
    if kind == "antipattern":
        if value.startswith(("no-flag", "low/no-flag")) and ("low" in value):
            return {"none", "low"}
        if value.startswith("no-flag"):
            return {"none"}
        if value.startswith("flag low"):
            return {"low", "flagged"}
        if value.startswith("flag"):
            return {"flagged", "low"}
        if value in ("low",):
            return {"low", "none"}
        return {"none"}
    if value == "n/a" or value.startswith("n/a"):
        return {"not applicable", "met"}
    if value.startswith(LEANS_POSITIVE) or value.startswith("present in base"):
        return {"met", "partial"}
    if value.startswith(LEANS_NEGATIVE) or value == "partial":
        return {"partial", "not met"}
    if value.startswith(POSITIVE):
        return {"met", "partial"}
    if value.startswith(NEGATIVE):
        return {"not met"}
    return {"met", "partial"}


# keys about one setting: only findings that name it answer them
KEY_SUBJECT = {"hardcoded_secret_key": "SECRET_KEY"}


def conclusion(report: dict[str, Any], code: str, kind: str, key: str = "") -> str:
    """What flasklint concluded for one rule, in the vocabulary of `accepted`."""
    if kind == "antipattern":
        codes = code.split("+")
        subject = KEY_SUBJECT.get(key, "")
        severities = {
            f["severity"] for f in report["findings"] if f["code"] in codes and subject in f["message"].upper()
        }
        outcome = _outcome(report, codes[0])
        if not severities:
            return "not applicable" if outcome and outcome.get("status") == "not applicable" else "none"
        return "low" if severities == {"low"} else "flagged"
    outcome = _outcome(report, code)
    return "not applicable" if outcome is None else str(outcome["status"]).replace("partly met", "partial")


def _outcome(report: dict[str, Any], code: str) -> dict[str, Any] | None:
    for skill in report["skills"].values():
        for rule in skill["rules"]:
            if rule["code"] == code:
                return rule  # type: ignore[no-any-return]
    return None


def judge(expectation: Expectation, report: dict[str, Any], kind: str) -> Check:
    got = conclusion(report, expectation.code, kind, expectation.key)
    wanted = accepted(expectation, kind)
    if got in wanted:
        return Check(expectation, "hit", got)
    if got == "not applicable":
        return Check(expectation, "n/a", got)
    if kind == "antipattern":
        return Check(expectation, "wrong" if got in ("flagged", "low") else "miss", got)
    return Check(expectation, "wrong" if got in ("met", "partial") and "not met" in wanted else "miss", got)


def load_report(repo: dict[str, Any], corpus: Path, reports: Path | None) -> dict[str, Any]:
    if reports is not None:
        path = reports / f"{repo['id']}.json"
        if not path.exists():  # a snapshot folder of `c_<id>.json` files
            path = reports / f"c_{repo['id']}.json"
        return json.loads(path.read_text())  # type: ignore[no-any-return]
    tree = corpus / "trees" / repo["id"] / repo.get("root", "")
    done = subprocess.run(
        ["flasklint", "grade", str(tree), "--format", "json", "--no-cache"], capture_output=True, text=True, check=False
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus")
    parser.add_argument("--reports", type=Path, help="read <id>.json reports from here instead of grading")
    parser.add_argument("--markdown", action="store_true", help="print the per-key table as Markdown")
    parser.add_argument("--details", action="store_true", help="list every expectation that is not a hit")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent))
    from flasklint.analysis.registry import load_rules

    kinds = {rule.code: rule.kind for rule in load_rules()}
    for code in set(KEY_RULES.values()):
        kinds.setdefault(code, kinds[code.split("+")[0]])
    manifest = tomllib.loads((args.corpus / "manifest.toml").read_text())
    checks: list[Check] = []
    skipped = 0
    for repo in manifest["repo"]:
        report = load_report(repo, args.corpus, args.reports)
        for line in repo.get("expected_findings", []):
            expectation = parse(line, repo["id"])
            if expectation is None:
                skipped += 1
                continue
            checks.append(judge(expectation, report, kinds[expectation.code]))
    print_table(checks, skipped, markdown=args.markdown)
    if args.details:
        for check in checks:
            if check.result != "hit":
                e = check.expectation
                print(f"{check.result:5} {e.code} {e.repo}: {e.key}: {e.value[:90]}  -> {check.got}")
    return 0


def print_table(checks: list[Check], skipped: int, *, markdown: bool) -> None:
    by_key: dict[str, Counter[str]] = defaultdict(Counter)
    for check in checks:
        by_key[f"{check.expectation.code} {check.expectation.key}"][check.result] += 1
    total = Counter(check.result for check in checks)
    judged = sum(total.values())
    columns = ("hit", "miss", "wrong", "n/a")
    if markdown:
        print("| Rule and reviewer's key | " + " | ".join(columns) + " |")
        print("|---|" + "---:|" * len(columns))
        for key in sorted(by_key):
            print(f"| {key} | " + " | ".join(str(by_key[key][c]) for c in columns) + " |")
        print("| **all** | " + " | ".join(f"**{total[c]}**" for c in columns) + " |")
    else:
        for key in sorted(by_key):
            print(f"{key:45} " + "  ".join(f"{c} {by_key[key][c]:3}" for c in columns))
    print(
        f"\n{total['hit']} of {judged} expectations agree ({total['hit'] / max(judged, 1):.1%}); "
        f"{total['miss']} missed, {total['wrong']} wrong, {total['n/a']} not judged; "
        f"{skipped} lines name something flasklint does not grade"
    )


if __name__ == "__main__":
    raise SystemExit(main())
