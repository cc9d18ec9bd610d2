"""What --similarity costs: fingerprinting and comparing a batch, as a ratio to grading it.

    python benchmarks/similarity.py [--submissions 500] [--lines 1000]

Generates SUBMISSIONS deterministic Flask apps of about LINES lines each:
two thirds from the benchmark generator (alike in shape whatever the seed,
so the comparison leaves it out as boilerplate, as it would a role's common
scaffolding) and a third of code whose shape is random per submission (each
candidate's own). Every fiftieth submission is a copy of another. Measures
in one run: grading the batch (`flasklint grade --each --no-cache`, a file
worker per core), then fingerprinting every submission and comparing them
(a process per core, as --similarity does; no cache). Prints both times, their ratio, and the pairs found.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

from flasklint.core.defaults import default_jobs  # noqa: E402
from flasklint.similarity.compare import compare  # noqa: E402
from flasklint.similarity.submission import fingerprint_all  # noqa: E402

OPERATORS = ("+", "-", "*", "//", "%", "<<", "|", "&")
COMPARISONS = ("<", ">", "==", "!=", "<=", ">=", "in", "is not")


def _expression(rnd: random.Random, depth: int = 0) -> str:
    kind = rnd.randrange(4 if depth < 2 else 2)
    if kind == 0:
        return rnd.choice(("value", "total", "item", "count"))
    if kind == 1:
        return str(rnd.randrange(100))
    if kind == 2:
        return f"({_expression(rnd, depth + 1)} {rnd.choice(OPERATORS)} {_expression(rnd, depth + 1)})"
    args = ", ".join(_expression(rnd, depth + 1) for _ in range(rnd.randrange(1, 4)))
    return f"helper_{rnd.randrange(5)}({args})"


def own_code(lines: int, rnd: random.Random) -> str:
    """Functions whose statements, operators and nesting are drawn at random: code no two candidates share."""
    out = ['"""Code of this candidate\'s own."""', ""]
    while len(out) < lines:
        out += ["", "", f"def step_{len(out)}(value, total, item, count):"]
        for _ in range(rnd.randrange(3, 9)):
            shape = rnd.randrange(4)
            if shape == 0:
                out.append(f"    {rnd.choice(('total', 'count'))} = {_expression(rnd)}")
            elif shape == 1:
                out.append(f"    if {_expression(rnd)} {rnd.choice(COMPARISONS)} {_expression(rnd)}:")
                out.append(f"        item = {_expression(rnd)}")
            elif shape == 2:
                out.append(f"    for value in range({rnd.randrange(2, 9)}):")
                out.append(f"        total = {_expression(rnd)}")
            else:
                out.append(f"    count = [{_expression(rnd)} for item in range({rnd.randrange(9)})]")
        out.append(f"    return {_expression(rnd)}")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=500)
    parser.add_argument("--lines", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="flasklint-similar-"))
    try:
        role = work / "role"
        lines = 0
        copies = 0
        for index in range(args.submissions):
            target = role / f"candidate_{index:04d}"
            if index % 50 == 49:
                shutil.copytree(role / f"candidate_{index - 25:04d}", target)
                copies += 1
            else:
                generate(target, args.lines * 2 // 3, seed=index)
                (target / "bench_app" / "own.py").write_text(own_code(args.lines // 3, random.Random(index)))
            lines += sum(1 for p in target.rglob("*.py") for _ in p.open())
        print(f"{args.submissions} submissions, {lines} lines in all, {copies} of them copies of another")
        started = time.perf_counter()
        command = [sys.executable, "-m", "flasklint", "grade", "--each", str(role), "--no-cache", "--format", "csv"]
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
        grading = time.perf_counter() - started
        started = time.perf_counter()
        codes = fingerprint_all([(str(path), path.name) for path in sorted(role.iterdir())], jobs=default_jobs())
        fingerprinting = time.perf_counter() - started
        started = time.perf_counter()
        similarity = compare(codes)
        comparing = time.perf_counter() - started
        print(f"grading the batch           {grading:8.1f} s")
        print(f"fingerprinting every file   {fingerprinting:8.1f} s  {fingerprinting / grading:5.3f} x grading")
        print(f"comparing (inverted index)  {comparing:8.1f} s  {comparing / grading:5.3f} x grading")
        print(
            f"pairs at or above {similarity.threshold:.0%}: {len(similarity.pairs)}; "
            f"boilerplate fingerprints left out: {similarity.boilerplate_prints}"
        )
        for pair in similarity.pairs[:12]:
            print(f"  {pair.a} ~ {pair.b}: {pair.share_a:.0%} / {pair.share_b:.0%}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
