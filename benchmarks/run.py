"""The performance benchmark: every target of the performance issue, measured in one run.

    python benchmarks/run.py [--lines 45000] [--repeat 5] [--repo PATH ...] [--no-batch]

Measures a generated Flask codebase (benchmarks/generate.py) and each
`--repo` (a real application, copied first: the one-file-changed measure
edits a file), against a bare single-process libcst parse of the same files
(the files flasklint discovers):

- cold `flasklint grade` (an empty cache folder, default workers): CPU at most 1.15x
- one file changed (the cache warm, one file edited): CPU at most 0.15x
- warm run, nothing changed: CPU at most 0.05x
- what the main process holds per file once the files are analysed: at most 10 kB of per-file
  results (shown too: all the analysis holds, the project model and outcomes included)
- 30 small submissions graded by one batch run (`flasklint grade A B ...`)
  against 30 separate runs: start-up paid once

Three floors are measured the same way, to show where a time target lies
below what a run must pay before its rules do any work:

- CLI start-up (`flasklint --version`): the interpreter, click and the CLI,
  which a warm run pays before it hashes a file;
- analysis start-up: the CLI, libcst, the analysis and the rule pack
  imported and libcst's native parser started, which a run that analyses
  even one file pays;
- parse and walk, no rules: every file parsed and walked as a grade does it,
  in one process, with no rule, collector or positions: what a cold grade
  pays before its rules, as long as every file is parsed with libcst.

Shown too: the bare parse of the test files alone, the most that not
parsing test files with libcst could take off a cold grade.

CPU is user + system time of the whole process tree, the workers included.
Each measure runs in turn with the bare parse (parse, grade, parse, grade...)
and the ratio is taken pair by pair: the machine is shared and noisy, and
pairing keeps a ratio meaningful when its speed drifts. The median pair is
printed, with the range. Wall time is shown too: with two free cores the
workers share the cold grade's CPU.
"""

from __future__ import annotations

import argparse
import compileall
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from flasklint.analysis.fileanalysis import role_for_source  # noqa: E402
from flasklint.intake.discover import discover  # noqa: E402

# Runs a command and prints its wall seconds, CPU seconds (its whole tree) and the peak RSS of its
# largest process.
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{elapsed} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss} {code}")
"""

PARSE = """
import sys, libcst
for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        try:
            libcst.parse_module(handle.read())
        except Exception:
            pass
"""

# What a run that analyses a file pays before it reads one: the CLI, libcst, the analysis and the rule
# pack imported, libcst's native parser started.
ANALYSIS_STARTUP = """
import libcst
import flasklint.cli.main
import flasklint.analysis.engine
import flasklint.analysis.fileanalysis
from flasklint.analysis.registry import load_rules
load_rules()
libcst.parse_module("")
"""

# The engine with nothing to do, in one process: every file parsed as a grade parses it and walked as a
# grade walks it (scopes, imports and data flow kept), with no rule, no collector and no positions.
PARSE_AND_WALK = """
import sys
from flasklint.analysis.context import FileContext
from flasklint.analysis.fileanalysis import module_name_for_path, role_for_source
from flasklint.analysis.parse import Unparsable, parse
from flasklint.analysis.walker import Walker
root = sys.argv[1]
for rel in sys.argv[2:]:
    with open(root + "/" + rel, "rb") as handle:
        try:
            module, source = parse(handle.read())
        except Unparsable:
            continue
    role, serves = role_for_source(rel, source)
    dotted, is_package = module_name_for_path(rel)
    Walker([], FileContext(rel, dotted, role, is_package, frozenset(), serves)).walk(module)
"""

# What the main process keeps of a repository's analysed files, in bytes per file (traced memory):
# the per-file results as the workers hand them over (summaries, findings), then everything the whole
# analysis holds once the project rules have run (the results, the project model and its indexes,
# the outcomes).
HELD = """
import gc, sys, tracemalloc
from pathlib import Path
from flasklint.analysis.engine import analyze
from flasklint.analysis.registry import load_rules
from flasklint.analysis.workers import WorkerPool
from flasklint.intake.discover import discover
root = Path(sys.argv[1])
rules = load_rules()
paths = discover(root, []).python_files
tracemalloc.start()
before = tracemalloc.get_traced_memory()[0]
pool = WorkerPool(str(root), rules, 2, 60)
results = pool.run(paths)
del pool  # and its table of shared strings, as analyze() drops it
gc.collect()
per_file = (tracemalloc.get_traced_memory()[0] - before) / max(len(results), 1)
del results
gc.collect()
before = tracemalloc.get_traced_memory()[0]
analysis = analyze(root, rules)
files = len(analysis.project.modules) + len(analysis.project.unreadable)
print(per_file, (tracemalloc.get_traced_memory()[0] - before) / max(files, 1))
"""

TARGETS = {"cold": 1.15, "one file changed": 0.15, "warm": 0.05}
# What each run pays before its rules do any work: a target below it cannot be met by their speed
FLOOR_OF = {"cold": "parse and walk, no rules", "one file changed": "analysis start-up", "warm": "CLI start-up"}
HELD_TARGET = 10_000  # bytes per file


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float


def measure(command: list[str]) -> Run:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    wall, cpu, peak_kb, code = out.stdout.split()
    if code not in ("0", "1"):
        raise SystemExit(f"command failed ({code}): {' '.join(command)}")
    return Run(float(wall), float(cpu), int(peak_kb) / 1024)


def flasklint(*args: str) -> list[str]:
    return [sys.executable, "-m", "flasklint", *args]


@dataclass
class Paired:
    """A measure against the bare parse, pair by pair."""

    name: str
    runs: list[Run]
    cpu_ratios: list[float]
    wall_ratios: list[float]

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpu_ratios)

    def line(self, target: float | None, floor: Paired | None = None) -> str:
        cpu = self.cpu
        spread = f"{min(self.cpu_ratios):.2f}-{max(self.cpu_ratios):.2f}"
        met = "" if target is None else ("yes" if cpu <= target else "NO")
        if target is not None and floor is not None and floor.cpu > target:
            met += f" (below the floor: {floor.name} costs {floor.cpu:.2f}x)"
        shown = "" if target is None else f"{target:.2f}"
        seconds = statistics.median(r.cpu for r in self.runs)
        wall = statistics.median(self.wall_ratios)
        return f"{self.name:<26} {seconds:8.2f} {cpu:8.2f} {spread:>11} {wall:7.2f} {shown:>7}  {met}"


def paired(name: str, command: Callable[[int], list[str]], parse: list[str], repeat: int) -> Paired:
    runs, cpu, wall = [], [], []
    for index in range(repeat):
        base = measure(parse)
        run = measure(command(index))
        runs.append(run)
        cpu.append(run.cpu / base.cpu)
        wall.append(run.wall / base.wall)
    return Paired(name, runs, cpu, wall)


def is_test_file(root: Path, rel: str) -> bool:
    """A test file as the grade sees it: by its path, unless its module-level code serves requests."""
    return role_for_source(rel, (root / rel).read_bytes().decode("utf-8", "replace"))[0] == "test"


def bench(root: Path, label: str, repeat: int, work: Path) -> None:
    rels = discover(root, []).python_files
    files = [str(root / rel) for rel in rels]
    parse = [sys.executable, "-c", PARSE, *files]
    report = work / f"{label}.json"
    cache = work / f"cache-{label}"

    def grade(cache_dir: Path) -> list[str]:
        return flasklint("grade", str(root), "--cache-dir", str(cache_dir), "-o", str(report))

    def cold(index: int) -> list[str]:
        return grade(work / f"cold-{label}-{index}")  # an empty cache folder: what a first run writes, it pays

    subprocess.run(grade(cache), stdout=subprocess.DEVNULL, check=False)  # fills the cache
    changed = Path(files[len(files) // 2])
    original = changed.read_bytes()

    def one_changed(index: int) -> list[str]:
        changed.write_bytes(original + f"\n# changed {index}\n".encode())
        return grade(cache)

    rows = [paired("cold grade", cold, parse, repeat)]
    rows.append(paired("one file changed", one_changed, parse, repeat))
    changed.write_bytes(original)
    subprocess.run(grade(cache), stdout=subprocess.DEVNULL, check=False)
    rows.append(paired("warm, nothing changed", lambda index: grade(cache), parse, repeat))
    references = {
        "CLI start-up": paired("CLI start-up", lambda index: flasklint("--version"), parse, repeat),
        "analysis start-up": paired(
            "analysis start-up", lambda index: [sys.executable, "-c", ANALYSIS_STARTUP], parse, repeat
        ),
    }
    walk = [sys.executable, "-c", PARSE_AND_WALK, str(root), *rels]
    references["parse and walk, no rules"] = paired("parse and walk, no rules", lambda index: walk, parse, repeat)
    tests = [str(root / rel) for rel in rels if is_test_file(root, rel)]
    if tests:
        parse_tests = [sys.executable, "-c", PARSE, *tests]
        name = "parse, test files alone"
        references[name] = paired(name, lambda index: parse_tests, parse, repeat)
    held = subprocess.run([sys.executable, "-c", HELD, str(root)], capture_output=True, text=True, check=True)
    results, analysis = map(float, held.stdout.split())
    lines = sum(Path(f).read_bytes().count(b"\n") for f in files)
    score = json.loads(report.read_text())["score"]
    print(f"\n{label}: {len(files)} files, {lines} lines; graded score {score}")
    print(f"{'measure (CPU, paired)':<26} {'seconds':>8} {'x parse':>8} {'range':>11} {'wall x':>7} {'target':>7}  met")
    for row, (measure_name, target) in zip(rows, TARGETS.items()):
        print(row.line(target, references.get(FLOOR_OF.get(measure_name, ""))))
    for row in references.values():
        print(row.line(None))
    peak = max(r.peak_mb for r in rows[0].runs)
    print(
        f"main process holds {results / 1000:.1f} kB of results per file (target <= {HELD_TARGET // 1000} kB: "
        f"{'yes' if results <= HELD_TARGET else 'NO'}), {analysis / 1000:.1f} kB per file with the project "
        f"model and outcomes; peak memory of the largest process {peak:.0f} MB"
    )


def batch(small: Path, copies: int, work: Path) -> None:
    targets = []
    for index in range(copies):
        target = work / f"submission_{index:02d}"
        shutil.copytree(small, target)
        targets.append(target)
    started = time.perf_counter()
    for target in targets:
        subprocess.run(flasklint("grade", str(target), "--no-cache"), stdout=subprocess.DEVNULL, check=False)
    separate = time.perf_counter() - started
    started = time.perf_counter()
    command = flasklint("grade", *map(str, targets), "--no-cache", "--format", "csv")
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    together = time.perf_counter() - started
    print(
        f"\n{copies} small submissions: {separate:.2f} s as {copies} runs, {together:.2f} s as one batch run "
        f"({(separate - together) / copies * 1000:.0f} ms of start-up saved per submission)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=45_000, help="lines of the generated corpus (0: none)")
    parser.add_argument("--repeat", type=int, default=5, help="pairs of runs for each measure (default: 5)")
    parser.add_argument("--repo", type=Path, action="append", default=[], help="also measure this repository")
    parser.add_argument("--no-batch", action="store_true", help="skip the 30-submission batch measure")
    args = parser.parse_args()
    repeat = max(1, args.repeat)
    # Bytecode as an installed copy has it (pip compiles on install): with PYTHONDONTWRITEBYTECODE set,
    # a module edited since its .pyc was written would be compiled again in every measured run.
    compileall.compile_dir(HERE.parent / "flasklint", quiet=1)
    work = Path(tempfile.mkdtemp(prefix="flasklint-bench-"))
    try:
        if args.lines:
            corpus = work / "generated"
            generate(corpus, args.lines)
            bench(corpus, "generated corpus", repeat, work)
        for repo in args.repo:
            copy = work / repo.name  # the one-file-changed measure edits a file: never the original
            shutil.copytree(repo, copy, symlinks=True, ignore=shutil.ignore_patterns(".git"))
            bench(copy, repo.name, repeat, work)
        if not args.no_batch:
            batch(HERE.parent / "tests" / "fixtures" / "mid_flaskr", 30, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
