"""docs/rules is generated from the rule classes; a drift fails here."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path

from flasklint.analysis.registry import load_rules
from flasklint.report.docgen import expected_pages
from tests.helpers import FIXTURES, credit, outcome_of, run_cli, write_tree

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def test_rule_pages_match_the_rules():
    expected = expected_pages(load_rules())
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    stale = sorted(name for name in expected if on_disk.get(name) != expected[name])
    orphans = sorted(set(on_disk) - set(expected))
    hint = "regenerate with: flasklint rules --write-docs docs/rules"
    assert not stale, f"out of date: {stale}; {hint}"
    assert not orphans, f"pages without a rule: {orphans}; {hint}"


def test_worked_example_in_scoring_doc_is_current():
    import re

    from flasklint.workflow.grading import grade
    from tests.helpers import FIXTURES

    text = (DOCS.parent / "scoring.md").read_text(encoding="utf-8")
    match = re.search(r"= \*\*([\d.]+)\*\*, band \*\*(\w+)\*\*", text)
    assert match, "worked example result not found in docs/scoring.md"
    report = grade(str(FIXTURES / "junior_single_file"), jobs=1)
    assert (report["score"], report["band"]) == (float(match.group(1)), match.group(2))


def test_practice_coverage_names_every_rule_and_only_real_ones():
    import re

    text = (DOCS.parent / "practices-coverage.md").read_text(encoding="utf-8")
    named = set(re.findall(r"\bFL\d{3}\b", text))
    codes = {rule.code for rule in load_rules()}
    assert named <= codes, f"unknown codes in practices-coverage.md: {sorted(named - codes)}"
    assert codes <= named, f"rules missing from practices-coverage.md: {sorted(codes - named)}"
    assert len(codes) >= 45


def _blocks(name: str, language: str) -> list[str]:
    import re

    text = (DOCS.parent / name).read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def test_configuration_example_is_valid(tmp_path):
    from flasklint.workflow.config import read_file

    (example,) = _blocks("configuration.md", "toml")
    path = tmp_path / "pyproject.toml"
    path.write_text(example)
    config = read_file(path)
    assert config.select == ["FL1", "FL2", "FL5"] and config.rubric["bands"] == {"senior": 80.0, "mid": 45.0}


def test_suppressions_example_checks_clean(tmp_path):
    import subprocess
    import sys

    (example,) = _blocks("suppressions.md", "python")
    (tmp_path / "app.py").write_text(example)
    plain = example.replace("  # flasklint: ignore[FL701]", "").replace("  # flasklint: ignore[FL508]", "")
    (tmp_path / "plain.py").write_text(plain)
    run = [sys.executable, "-m", "flasklint", "check", "--isolated"]
    suppressed = subprocess.run([*run, "app.py"], capture_output=True, text=True, cwd=tmp_path)
    assert (suppressed.returncode, suppressed.stdout) == (0, "")
    unsuppressed = subprocess.run([*run, "plain.py"], capture_output=True, text=True, cwd=tmp_path)
    assert unsuppressed.returncode == 1 and "FL701" in unsuppressed.stdout and "FL508" in unsuppressed.stdout


def test_reviewing_example_runs(tmp_path):
    text = (DOCS.parent / "reviewing.md").read_text()
    command = re.search(r"```sh\n(flasklint grade --each .*?)\n```", text).group(1)
    args = shlex.split(command)[2:]
    submissions = tmp_path / "submissions"
    for name in ("senior_pytest", "mid_blueprints"):
        shutil.copytree(FIXTURES / name, submissions / name)
    result = run_cli("grade", *args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "reports" / "index.html").is_file() and (tmp_path / "reports" / "mid_blueprints.html").is_file()
    assert (tmp_path / "ranking.csv").read_text().splitlines()[1].startswith("1,senior_pytest,graded")


def test_the_file_rule_of_writing_rules_md_works_as_written(tmp_path):
    """docs/writing-rules.md's file rule, loaded as written, passes its own examples."""
    text = (DOCS.parent / "writing-rules.md").read_text()
    (source,) = re.findall(r"~~~python\n(.*?)~~~", text, re.S)
    module_path = tmp_path / "sleep_in_view.py"
    module_path.write_text(source)
    spec = importlib.util.spec_from_file_location("sleep_in_view", module_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rule = module.SleepInView
    assert set(rule.docs()) == {"What it checks", "Why it matters", "Example", "Use instead"}
    good = outcome_of(rule, write_tree(tmp_path / "good", rule.good[0]))
    assert credit(good) == 1.0 and good.findings == []
    (invalid,) = rule.bad
    bad = outcome_of(rule, write_tree(tmp_path / "bad", invalid.example))
    assert [f"{f.path}:{f.line}" for f in bad.findings] == list(invalid.expect)
