"""The performance benchmark: every ratio of the targets, measured in one run.

    python benchmarks/run.py [--lines 45000] [--jobs N]

Generates a synthetic Flask codebase (benchmarks/generate.py), then measures
against a bare single-process libcst parse of the same files:

- cold `flasklint grade` (empty cache, default workers): target <= 1.5x
- warm run, nothing changed: target <= 0.15x
- one file changed: target <= 0.25x
- peak memory of the largest process of the run against parsing the largest
  file alone: target <= 2x + 100 MB
- 30 small submissions graded in one process against 30 separate runs:
  startup paid once (the CLI's batch grading arrives with batch support;
  this measures the library path it will use)

Timings are wall clock on a shared machine: compare the ratios of one run,
not absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{elapsed} {peak_kb} {code}")
"""

PARSE = """
import sys, libcst
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        libcst.parse_module(handle.read())
"""


def measure(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB of the largest process in the command's tree)."""
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    seconds, peak_kb, code = out.stdout.split()
    if code not in ("0", "1"):
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return float(seconds), int(peak_kb) / 1024


def flasklint(*args: str) -> list[str]:
    return [sys.executable, "-m", "flasklint", *args]


def batch(small: Path, copies: int, work: Path) -> tuple[float, float]:
    targets = []
    for index in range(copies):
        target = work / f"submission_{index:02d}"
        shutil.copytree(small, target)
        targets.append(target)
    started = time.perf_counter()
    for target in targets:
        subprocess.run(flasklint("grade", str(target), "--no-cache"), stdout=subprocess.DEVNULL, check=False)
    separate = time.perf_counter() - started
    script = (
        "import sys\nfrom flasklint.grading import grade\nfrom flasklint.registry import load_rules\n"
        "rules = load_rules()\nfor target in sys.argv[1:]:\n    grade(target, rules=rules)\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script, *map(str, targets)], check=True)
    together = time.perf_counter() - started
    return separate, together


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=45_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flasklint-bench-"))
    try:
        corpus = work / "corpus"
        lines = generate(corpus, args.lines)
        files = sorted(str(p) for p in corpus.rglob("*.py"))
        largest = max(files, key=lambda p: Path(p).stat().st_size)
        parse_s, parse_mb = measure([sys.executable, "-c", PARSE, *files])
        _, largest_mb = measure([sys.executable, "-c", PARSE, largest])
        cache = work / "cache"
        report = work / "report.json"
        cold_s, cold_mb = measure(flasklint("grade", str(corpus), "--cache-dir", str(cache), "-o", str(report)))
        warm_s, _ = measure(flasklint("grade", str(corpus), "--cache-dir", str(cache), "-o", str(report)))
        changed = Path(files[len(files) // 2])
        changed.write_text(changed.read_text() + "\n# changed\n")
        one_s, _ = measure(flasklint("grade", str(corpus), "--cache-dir", str(cache), "-o", str(report)))
        separate, together = batch(HERE.parent / "tests" / "fixtures" / "mid_flaskr", 30, work)
        rows = [
            ("bare libcst parse, one process", parse_s, 1.0, None),
            ("cold grade, default workers", cold_s, cold_s / parse_s, 1.5),
            ("warm grade, nothing changed", warm_s, warm_s / parse_s, 0.15),
            ("one file changed", one_s, one_s / parse_s, 0.25),
        ]
        print(f"corpus: {len(files)} files, {lines} lines; graded score {json.loads(report.read_text())['score']}")
        print(f"{'measure':<34} {'seconds':>8} {'x parse':>8} {'target':>8}  met")
        for name, seconds, ratio, target in rows:
            met = "" if target is None else ("yes" if ratio <= target else "NO")
            shown = "" if target is None else f"{target:.2f}"
            print(f"{name:<34} {seconds:8.2f} {ratio:8.2f} {shown:>8}  {met}")
        memory_target = 2 * largest_mb + 100
        print(
            f"peak memory: largest process {cold_mb:.0f} MB; parsing the largest file alone {largest_mb:.0f} MB; "
            f"target <= {memory_target:.0f} MB: {'yes' if cold_mb <= memory_target else 'NO'} "
            f"(a bare parse of every file in one process: {parse_mb:.0f} MB)"
        )
        print(
            f"30 small submissions: {separate:.2f} s as 30 runs, {together:.2f} s in one process "
            f"({(separate - together) / 30 * 1000:.0f} ms of start-up saved per submission)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
