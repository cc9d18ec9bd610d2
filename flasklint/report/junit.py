"""JUnit XML: one test suite per skill, one test case per rule.

A rule with findings, or a practice not (fully) met, is a failure carrying
file:line for each; a rule that does not apply is skipped.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from flasklint.report.model import FindingEntry, Report


def render_junit(report: Report) -> str:
    findings: dict[str, list[FindingEntry]] = {}
    for f in report["findings"]:
        findings.setdefault(f["code"], []).append(f)
    root = ET.Element("testsuites", name="flasklint")
    total = failed = 0
    for skill, data in report["skills"].items():
        suite = ET.SubElement(root, "testsuite", name=skill)
        suite_failed = suite_skipped = 0
        for rule in data["rules"]:
            case = ET.SubElement(
                suite, "testcase", classname=f"flasklint.{skill}", name=f"{rule['code']} {rule['name']}"
            )
            if rule["status"] == "not applicable":
                ET.SubElement(case, "skipped", message=rule.get("reason", "not applicable"))
                suite_skipped += 1
            elif findings.get(rule["code"]):
                here = findings[rule["code"]]
                failure = ET.SubElement(case, "failure", message=f"{len(here)} finding(s)", type=here[0]["severity"])
                failure.text = "\n".join(f"{f['path']}:{f['line']}:{f['col']}: {f['message']}" for f in here)
                suite_failed += 1
            elif rule["status"] in ("not met", "partly met"):
                failure = ET.SubElement(
                    case, "failure", message=f"{rule['status']}: {rule['message']}", type="practice"
                )
                failure.text = "\n".join(f"{e['path']}:{e['line']}: {e['note']}" for e in rule.get("evidence", []))
                suite_failed += 1
        count = len(data["rules"])
        suite.set("tests", str(count))
        suite.set("failures", str(suite_failed))
        suite.set("skipped", str(suite_skipped))
        total += count
        failed += suite_failed
    root.set("tests", str(total))
    root.set("failures", str(failed))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
