#!/usr/bin/env python3
"""Fit the rubric's calibrated numbers on a labelled corpus, and measure how well they generalise.

usage: python calibration/fit.py [--corpus ../shared/corpus] [--reports DIR] [--write]

Grades every repository of the corpus once (or reads `--reports DIR/<id>.json`
saved earlier), then derives from the per-rule values in those reports:

1. a weight multiplier per rule, from how well the rule separates the
   expert's seniors from everyone else:
   `clip(separation / FULL_SEPARATION, MIN_RULE_FACTOR, 1)`, where separation is
   the mean value among seniors minus the mean among the other repositories,
   over the repositories where the rule applies. A rule too few repositories of
   either group exercise keeps its own weight. A practice nearly everyone
   fails, or one the others meet as often as seniors, ends near MIN_RULE_FACTOR;
2. a weight multiplier per skill, the same way from the skills' subscores;
3. the exponent of the scale (`100 x mean ** exponent`) that puts the most
   repositories in the expert's band, the closest to the expert's 0-100
   scores (least squares) among equals; searched on a grid of 0.05 from 1 to 4.

Four constants are chosen, not fitted (FULL_SEPARATION, MIN_RULE_FACTOR,
MIN_SKILL_FACTOR, MIN_GROUP); everything else follows from the corpus. The
script prints the agreement of the full fit and of a leave-one-out fit (each
repository scored by numbers fitted without it), and with --write stores the
numbers in flasklint/scoring/calibration.json, which the default rubric reads.
The engine itself never reads the corpus.
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from flasklint.analysis.registry import load_rules  # noqa: E402
from flasklint.core.kinds import SKILLS  # noqa: E402
from flasklint.scoring.score import (  # noqa: E402
    BASE_SKILL_WEIGHTS,
    band_for,
    default_rubric,
    overall_score,
    skill_subscore,
    worst_cap,
)

FULL_SEPARATION = 0.5  # a rule whose value differs this much between seniors and the rest keeps its whole weight
MIN_RULE_FACTOR = 0.1  # a rule that does not separate them keeps this share of it
MIN_SKILL_FACTOR = 0.25
MIN_GROUP = 3  # repositories of each group where a rule applies, to judge its separation
ORDER = {"senior": 3, "mid": 2, "junior": 1, "vulnerable": 1}
OUTPUT = ROOT / "flasklint" / "scoring" / "calibration.json"


@dataclass
class Repo:
    id: str
    rank: int
    band: str  # the expert's
    expert_score: float
    values: dict[str, list[tuple[str, float | None]]]  # skill -> [(code, value or None)]
    severities: dict[str, set[tuple[str, str]]]  # skill -> (rule code, severity) of its findings


def load_toml(path: Path) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(path.read_text())


def grade(tree: Path, out: Path) -> dict[str, Any] | None:
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", str(tree), "--format", "json", "--no-cache", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode not in (0, 1) or not out.exists():
        print(f"not graded, left out of the fit: {result.stderr.strip()}", file=sys.stderr)
        return None
    return json.loads(out.read_text())


def _saved(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text())
    except ValueError:
        print(f"not a report, left out of the fit: {path}", file=sys.stderr)
        return None


def repos_of(corpus: Path, reports: Path | None) -> list[Repo]:
    manifest = load_toml(corpus / "manifest.toml")
    ranks = {r["repo"]: r["rank"] for r in manifest["ranking"]}
    scratch = Path(tempfile.mkdtemp(prefix="flasklint-fit-"))
    found = []
    for entry in manifest["repo"]:
        tree = corpus / "trees" / entry["id"] / entry.get("root", "")
        saved = reports / f"{entry['id']}.json" if reports else None
        report = _saved(saved) if saved and saved.exists() else grade(tree, scratch / f"{entry['id']}.json")
        if report is None:
            continue
        values: dict[str, list[tuple[str, float | None]]] = {}
        for skill, data in report["skills"].items():
            values[skill] = [
                (r["code"], None if r["earned"] is None else r["earned"] / r["weight"]) for r in data["rules"]
            ]
        severities: dict[str, set[tuple[str, str]]] = {skill: set() for skill in SKILLS}
        for finding in report["findings"]:
            severities[finding["skill"]].add((finding["code"], finding["severity"]))
        found.append(
            Repo(
                entry["id"],
                ranks[entry["repo"]],
                entry["expected_band"],
                float(entry["expert_score"]),
                values,
                severities,
            )
        )
    return found


def _separation(pairs: list[tuple[str, float]]) -> float | None:
    """Mean value among seniors minus the mean among the others (mid, junior, vulnerable)."""
    seniors = [v for band, v in pairs if band == "senior"]
    others = [v for band, v in pairs if band != "senior"]
    if len(seniors) < MIN_GROUP or len(others) < MIN_GROUP:
        return None
    return sum(seniors) / len(seniors) - sum(others) / len(others)


def _factor(separation: float | None, floor: float) -> float:
    return 1.0 if separation is None else min(1.0, max(floor, separation / FULL_SEPARATION))


def skill_means(repo: Repo, weights: dict[str, float], rubric: dict[str, Any]) -> dict[str, tuple[float, float | None]]:
    """Per skill that applies: (weighted mean of its rule values, the cap of its worst finding)."""
    found = {}
    for skill in SKILLS:
        values = [(weights[code], value) for code, value in repo.values.get(skill, []) if value is not None]
        mean = skill_subscore(values, None, 1.0)
        if mean is not None:
            found[skill] = (mean / 100.0, worst_cap(skill, repo.severities.get(skill, set()), rubric))
    return found


def subscore(mean: float, cap: float | None, exponent: float) -> float:
    """What skill_subscore gives for a skill of this mean and cap (the same formula, from the mean)."""
    value = 100.0 * mean**exponent
    return value if cap is None else min(value, cap)


def fit(train: list[Repo], base_weights: dict[str, float]) -> dict[str, Any]:
    rubric = default_rubric()
    codes = sorted(base_weights)
    factors = {}
    for code in codes:
        pairs = [
            (repo.band, value)
            for repo in train
            for rules in repo.values.values()
            for c, value in rules
            if c == code and value is not None
        ]
        factors[code] = _factor(_separation(pairs), MIN_RULE_FACTOR)
    weights = {code: round(base_weights[code] * factors[code], 3) for code in codes}
    means = {repo.id: skill_means(repo, weights, rubric) for repo in train}
    skill_weights = {}
    for skill in SKILLS:
        pairs = [(repo.band, means[repo.id][skill][0]) for repo in train if skill in means[repo.id]]
        skill_weights[skill] = round(BASE_SKILL_WEIGHTS[skill] * _factor(_separation(pairs), MIN_SKILL_FACTOR), 2)
    targets = [repo.expert_score for repo in train]

    rubric_bands = default_rubric()

    def miss(exponent: float) -> tuple[int, float]:
        """(repositories outside the expert's band, squared distance to the expert's scores)."""
        predicted = [
            _capped(
                repo,
                overall_score([(skill_weights[s], subscore(*means[repo.id][s], exponent)) for s in means[repo.id]])
                or 0.0,
                rubric_bands,
            )
            for repo in train
        ]
        outside = sum(1 for p, repo in zip(predicted, train) if not _same_band(band_for(p, rubric_bands), repo.band))
        return outside, sum((p - t) ** 2 for p, t in zip(predicted, targets))

    exponent = min((1 + i * 0.05 for i in range(61)), key=miss)
    return {"rule_weights": weights, "skill_weights": skill_weights, "scale": {"exponent": round(exponent, 2)}}


def _capped(repo: Repo, score: float, rubric: dict[str, Any]) -> float:
    """The rubric's score cap for a critical finding, as the grader applies it."""
    critical = any(severity == "critical" for found in repo.severities.values() for _, severity in found)
    limit = rubric.get("critical_finding_score_cap")
    return min(score, float(limit)) if critical and limit is not None else score


def _same_band(graded: str, expert: str) -> bool:
    return graded == expert or (expert == "vulnerable" and graded == "junior")


def score_with(repo: Repo, numbers: dict[str, Any]) -> float:
    rubric = default_rubric()
    exponent = numbers["scale"]["exponent"]
    weights = numbers["rule_weights"]
    subscores = []
    for skill in SKILLS:
        values = [(weights[code], value) for code, value in repo.values.get(skill, []) if value is not None]
        cap = worst_cap(skill, repo.severities.get(skill, set()), rubric)
        subscores.append((numbers["skill_weights"][skill], skill_subscore(values, cap, exponent)))
    return round(_capped(repo, overall_score(subscores) or 0.0, rubric), 1)


def ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    return cov / math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))


def agreement(repos: list[Repo], scores: list[float]) -> str:
    rho = spearman([-r.rank for r in repos], scores)
    pairs = [
        (i, j) for i in range(len(repos)) for j in range(len(repos)) if ORDER[repos[i].band] > ORDER[repos[j].band]
    ]
    right = sum(1 for i, j in pairs if scores[i] > scores[j])
    rubric = default_rubric()
    bands = sum(
        1
        for r, s in zip(repos, scores)
        if band_for(s, rubric) == r.band or (r.band == "vulnerable" and band_for(s, rubric) == "junior")
    )
    return f"spearman {rho:.3f}  pairs {right}/{len(pairs)} = {right / len(pairs):.3f}  bands (by score alone) {bands}/{len(repos)}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--reports", type=Path, help="a folder of <id>.json reports graded earlier")
    parser.add_argument("--write", action="store_true", help=f"store the full fit in {OUTPUT.relative_to(ROOT)}")
    args = parser.parse_args()
    base = {rule.code: float(rule.weight) for rule in load_rules()}
    repos = sorted(repos_of(args.corpus, args.reports), key=lambda r: r.rank)
    numbers = fit(repos, base)
    full = [score_with(r, numbers) for r in repos]
    loo = [score_with(r, fit([o for o in repos if o is not r], base)) for r in repos]
    for r, f, o in zip(repos, full, loo):
        print(f"{r.rank:>3} {r.band:<10} expert {r.expert_score:5.1f}  fit {f:5.1f}  left out {o:5.1f}  {r.id}")
    print("full fit:      " + agreement(repos, full))
    print("leave-one-out: " + agreement(repos, loo))
    print(f"scale: {numbers['scale']}")
    print("skill weights: " + json.dumps(numbers["skill_weights"]))
    if args.write:
        numbers["fitted_on"] = f"{len(repos)} repositories of {args.corpus.name}/manifest.toml"
        OUTPUT.write_text(json.dumps(numbers, indent=1, sort_keys=True) + "\n")
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
