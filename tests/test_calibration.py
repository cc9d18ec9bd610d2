"""The default rubric orders the calibration repositories as docs/calibration.md says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flasklint.workflow.grading import grade
from tests.helpers import FIXTURES

TABLE = Path(__file__).resolve().parent.parent / "docs" / "calibration.md"
ROW = re.compile(r"^\| (\w+) \| (junior|mid|senior) \| (\d+)-(\d+) \| .+ \|$", re.MULTILINE)
EXPECTED = {name: (band, int(low), int(high)) for name, band, low, high in ROW.findall(TABLE.read_text())}


@pytest.fixture(scope="module")
def reports() -> dict[str, dict]:
    return {name: grade(str(FIXTURES / name)) for name in EXPECTED}


def test_the_table_covers_at_least_twelve_repositories_across_the_bands():
    assert len(EXPECTED) >= 12
    bands = [band for band, _, _ in EXPECTED.values()]
    assert {"junior", "mid", "senior"} <= set(bands)
    assert sum(name.startswith("vulnerable") for name in EXPECTED) >= 2


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_band_and_score_range(name, reports):
    band, low, high = EXPECTED[name]
    report = reports[name]
    assert report["band"] == band, (name, report["score"], report["band_capped_by"])
    assert low <= report["score"] <= high, (name, report["score"])


def test_groups_are_ordered(reports):
    def scores(band: str, vulnerable: bool | None = None) -> list[float]:
        return [
            reports[name]["score"]
            for name, (expected, _, _) in EXPECTED.items()
            if expected == band and (vulnerable is None or name.startswith("vulnerable") == vulnerable)
        ]

    assert min(scores("senior")) > max(scores("mid"))
    assert min(scores("mid")) > max(scores("junior", vulnerable=False))


def test_deliberately_vulnerable_apps_are_flagged_for_what_makes_them_vulnerable(reports):
    notes = {f["code"] for f in reports["vulnerable_notes"]["findings"]}
    assert {"FL503", "FL504", "FL507", "FL508", "FL509", "FL510", "FL501", "FL502"} <= notes
    api = {f["code"] for f in reports["vulnerable_api"]["findings"]}
    assert {"FL511", "FL512", "FL517", "FL518", "FL519"} <= api
    practices = {p["code"]: p["status"] for p in reports["vulnerable_api"]["practices"]}
    assert practices["FL514"] == "not met"  # plain-text passwords
    assert practices["FL515"] != "met"  # an unauthenticated DELETE
