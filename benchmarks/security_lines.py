"""The line-labelled security benchmark: recall and false alarms per rule.

`tests/security_lines/` holds small, realistic Flask apps. Each vulnerable
line ends with `# expect: FL503` (the rule that must flag it) and each safe
look-alike with `# ok: FL503` (the rule that must not); a Jinja template
uses `{# expect: FL506 #}`. This script grades every app and compares:

- recall: labelled `expect` lines that the rule flagged, over all of them;
- false alarms: findings of a security rule on a line not labelled `expect`
  for it (an `ok` look-alike or any other line), over the `ok` lines.

Only findings of medium severity or worse count either way: a low finding
says "worth a look" (SQL formatted from a constant, a template built from a
setting), which is what severity-follows-the-flow asks for on safe lines.
A rule that is low by design (binding `0.0.0.0`) is labelled
`# expect: FL520/low`, and then a low finding is a hit.

    python benchmarks/security_lines.py            # the table
    python benchmarks/security_lines.py --details  # every miss and false alarm

`tests/test_security_lines.py` runs the same comparison and holds the targets.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tests" / "security_lines"
LABEL = re.compile(r"(expect|ok):\s*(FL\d{3}(?:/low)?(?:\s*,\s*FL\d{3}(?:/low)?)*)")
SECURITY = "FL5"


@dataclass
class Tally:
    expected: int = 0
    found: int = 0
    safe: int = 0  # `ok` look-alike lines
    false_alarms: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def labels(app: Path) -> dict[tuple[str, int], dict[str, str]]:
    """(path, line) -> {code: "expect" | "ok"} for every labelled line of the app."""
    found: dict[tuple[str, int], dict[str, str]] = {}
    for path in sorted(p for p in app.rglob("*") if p.is_file()):
        rel = path.relative_to(app).as_posix()
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for kind, codes in LABEL.findall(text):
                for code in re.split(r"\s*,\s*", codes):
                    found.setdefault((rel, number), {})[code] = kind
    return found


def compare(apps: list[Path]) -> dict[str, Tally]:
    from flasklint.workflow.grading import grade

    tallies: dict[str, Tally] = {}
    for app in apps:
        marks = labels(app)
        report = grade(str(app))
        security = [f for f in report["findings"] if f["code"].startswith(SECURITY)]
        flagged = {(f["path"], f["line"], f["code"]) for f in security if f["severity"] != "low"}
        flagged_low = {(f["path"], f["line"], f["code"] + "/low") for f in security}
        for (rel, line), codes in marks.items():
            for label, kind in codes.items():
                code = label.removesuffix("/low")
                tally = tallies.setdefault(code, Tally())
                where = f"{app.name}/{rel}:{line}"
                if kind == "expect":
                    tally.expected += 1
                    if (rel, line, label) in flagged | flagged_low:
                        tally.found += 1
                    else:
                        tally.misses.append(where)
                else:
                    tally.safe += 1
        for rel, line, code in sorted(flagged):
            mark = marks.get((rel, line), {})
            if mark.get(code) != "expect" and mark.get(code + "/low") != "expect":
                tally = tallies.setdefault(code, Tally())
                tally.false_alarms += 1
                tally.alarms.append(f"{app.name}/{rel}:{line}")
    return tallies


def totals(tallies: dict[str, Tally]) -> Tally:
    total = Tally()
    for tally in tallies.values():
        total.expected += tally.expected
        total.found += tally.found
        total.safe += tally.safe
        total.false_alarms += tally.false_alarms
    return total


def table(tallies: dict[str, Tally]) -> str:
    lines = [
        "| rule | vulnerable lines | found | recall | look-alikes | false alarms |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for code, tally in sorted(tallies.items()):
        lines.append(
            f"| {code} | {tally.expected} | {tally.found} | {tally.recall:.0%} | {tally.safe} | {tally.false_alarms} |"
        )
    total = totals(tallies)
    rate = total.false_alarms / total.safe if total.safe else 0.0
    lines.append(
        f"| all | {total.expected} | {total.found} | {total.recall:.1%} | {total.safe} | "
        f"{total.false_alarms} ({rate:.1%}) |"
    )
    return "\n".join(lines)


def apps() -> list[Path]:
    return sorted(p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss and false alarm")
    args = parser.parse_args(argv)
    tallies = compare(apps())
    print(table(tallies))
    if args.details:
        for code, tally in sorted(tallies.items()):
            for where in tally.misses:
                print(f"miss        {code} {where}")
            for where in tally.alarms:
                print(f"false alarm {code} {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
