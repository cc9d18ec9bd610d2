"""The line-labelled security benchmark (tests/security_lines/, benchmarks/security_lines.py).

Every vulnerable line is marked `# expect: FL5xx` and every safe look-alike
`# ok: FL5xx`; the targets are recall of at least 90% and false alarms on at
most 3% of the look-alikes, over at least 250 labelled lines.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "security_lines.py"
sys.path.insert(0, str(BENCHMARK.parent))
import security_lines  # noqa: E402


@pytest.fixture(scope="module")
def tallies() -> dict[str, security_lines.Tally]:
    return security_lines.compare(security_lines.apps())


def test_recall_and_false_alarms_meet_the_targets(tallies):
    total = security_lines.totals(tallies)
    print("\n" + security_lines.table(tallies))  # shown with -s, and in the report of a failure
    misses = [f"{code} {where}" for code, tally in tallies.items() for where in tally.misses]
    alarms = [f"{code} {where}" for code, tally in tallies.items() for where in tally.alarms]
    assert total.expected + total.safe >= 250
    assert total.recall >= 0.90, misses
    assert total.false_alarms <= 0.03 * total.safe, alarms


def test_every_rule_in_the_benchmark_has_a_safe_look_alike(tallies):
    for code, tally in tallies.items():
        if tally.expected:
            assert tally.safe, f"{code} has vulnerable lines and no look-alike"


def test_the_benchmark_script_prints_the_table():
    done = subprocess.run([sys.executable, str(BENCHMARK)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("| rule |") and "| all |" in done.stdout
