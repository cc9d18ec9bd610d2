"""Grading a stream of submissions: one process, the local pool, and a two-worker Dask LocalCluster.

    python benchmarks/scale.py [--submissions 200] [--repeat 1]

Generates SUBMISSIONS deterministic Flask apps of mixed sizes (a quarter
each of about 300, 600, 1,200 and 2,500 lines), grades the folder with
`flasklint grade --each --no-cache` three ways, and prints the wall time of
each as a ratio to the one-process run (the machine is shared: compare the
ratios within one run), and whether the three rankings are byte-identical.
Then it grades one submission of each size alone in one process, the figure
docs/scaling.md turns into submissions per worker-hour. Needs the dask extra.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

SIZES = (300, 600, 1200, 2500)


def flasklint(*args: str) -> list[str]:
    return [sys.executable, "-m", "flasklint", *args]


def timed(command: list[str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr.decode()}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each way; the fastest counts (default: 1)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flasklint-scale-"))
    try:
        role = work / "role"
        lines = 0
        for index in range(args.submissions):
            lines += generate(role / f"candidate_{index:04d}", SIZES[index % len(SIZES)], seed=index)
        print(f"{args.submissions} submissions, {lines} lines in all")
        ways = {
            "one process (-j 1)": ("-j", "1"),
            "local pool (a file worker per core)": (),
            "Dask LocalCluster, 2 workers": ("--scheduler", "local"),
        }
        seconds: dict[str, float] = {}
        tables: dict[str, bytes] = {}
        for name, options in ways.items():
            runs = [timed(flasklint("grade", "--each", str(role), "--no-cache", "--format", "csv", *options))]
            runs += [
                timed(flasklint("grade", "--each", str(role), "--no-cache", "--format", "csv", *options))
                for _ in range(args.repeat - 1)
            ]
            seconds[name] = min(s for s, _ in runs)
            tables[name] = runs[0][1]
        base = seconds["one process (-j 1)"]
        print(f"{'way':<38} {'seconds':>8} {'x one process':>14} {'per submission':>15}")
        for name, value in seconds.items():
            print(f"{name:<38} {value:8.1f} {value / base:14.2f} {value / args.submissions * 1000:12.0f} ms")
        identical = len(set(tables.values())) == 1
        print(f"rankings byte-identical across the three: {'yes' if identical else 'NO'}")
        print(f"{'one submission alone, one process':<38} {'seconds':>8} {'per worker-hour':>16}")
        for size in (*SIZES, 10_000, 45_000):
            alone = work / f"alone_{size}"
            generate(alone, size, seed=size)
            value = min(
                timed(flasklint("grade", str(alone), "--no-cache", "-j", "1", "--format", "json"))[0]
                for _ in range(max(1, args.repeat))
            )
            print(f"{f'{size:,} lines':<38} {value:8.2f} {3600 / value:16.0f}")
        if not identical:
            raise SystemExit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
