"""Supervised worker processes: one bad file never takes the run down.

libcst's native parser can crash the whole process (a segmentation fault on an
`elif` chain ten thousand branches long) or spin inside native code where no
Python signal can stop it (a sum of ten thousand terms across lines). So every
file is parsed in a worker process, and the parent watches each file:

- a worker reports every file as it finishes it, so the parent always knows
  which file a worker is on;
- a worker that dies is replaced, its current file is reported as unreadable
  ("crashed the parser"), and the rest of its batch goes to the new worker;
- a file that runs past the time limit gets the same treatment ("took longer
  than N s");
- either way, the file then goes once more to a worker for the token scan
  (fastscan.py), under the same watch: a file that breaks the parser cannot
  hide `eval(request...)`. Should the scan fail too, the file is only listed.

Work is handed out in batches so small files do not pay a round trip each,
largest files first so that the workers finish together.
With fork (Linux) a worker starts in about 3 ms, so even a one-file
repository goes through here.

A daemonic process may not have children (a Dask worker is one unless its
cluster sets `distributed.worker.daemon: false`): there the files are
analysed in the process itself, without the watch, and a file that crashes
the parser takes the process down, which the cluster reports and retries.
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

from flasklint.analysis.facts import FactProvider, providers_for
from flasklint.analysis.fileanalysis import FileResult, analyze_file, scan_unparsed_file
from flasklint.analysis.project import Unreadable
from flasklint.analysis.resultcodec import Decoder, encode
from flasklint.analysis.rule import FileRule, Rule
from flasklint.core.defaults import TIMED_OUT


def _context() -> Any:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


PARENT_CHECK_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """A worker never outlives the grader, even one killed with SIGKILL that could not stop it.

    On Linux the kernel kills the worker when its parent dies; elsewhere the
    worker notices between files, when its parent is no longer `parent`.
    """
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


@dataclass(frozen=True)
class _Scan:
    """A file to scan by token only, after the parser crashed or spun on it for `reason`."""

    path: str
    reason: str


def _next_batch(conn: Connection, parent: int) -> list[str | _Scan] | None:
    while not conn.poll(PARENT_CHECK_SECONDS):
        if os.getppid() != parent:
            return None
    try:
        batch: list[str | _Scan] | None = conn.recv()
    except (EOFError, OSError):
        return None
    return batch


def _worker_main(
    conn: Connection,
    parent: int,
    root: str,
    rules: Sequence[type[FileRule]],
    providers: Sequence[type[FactProvider]],
    profile: bool,
) -> None:
    _die_with_parent(parent)
    # Everything the worker inherited (the interpreter, libcst, the rules) lives as long as it does:
    # out of the collector's sight, a full collection no longer walks it all again while files are
    # parsed. About 6% of a worker's CPU on the benchmark corpus.
    gc.freeze()
    # the parent turns SIGTERM/SIGHUP into a clean stop (cli/main.py); a worker just ends, and the
    # parent, which supervises it, cleans up
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    while True:
        batch = _next_batch(conn, parent)
        if batch is None:
            return
        for job in batch:
            if isinstance(job, _Scan):
                result = scan_unparsed_file(root, job.path, job.reason)
            else:
                result = analyze_file(root, job, rules, profile, providers)
            conn.send(_message(result))


def _message(result: FileResult) -> tuple[bytes, dict[str, float]]:
    """The result as the cache stores it (resultcodec.py), and this run's times apart: a cache
    entry never carries the times of the run that wrote it."""
    times, result.rule_times = result.rule_times, {}
    return encode(result), times


# Called with each result as it arrives, and its encoded bytes (what the cache stores).
OnResult = Callable[[FileResult, bytes], None]


@dataclass
class _Worker:
    process: Any
    conn: Connection
    batch: list[str | _Scan] = field(default_factory=list)
    index: int = 0
    started: float = 0.0

    @property
    def current(self) -> str | _Scan:
        return self.batch[self.index]


class WorkerPool:
    def __init__(
        self, root: str, rules: Sequence[type[Rule]], jobs: int, file_timeout: float, profile: bool = False
    ) -> None:
        """`rules`: the selected rules of every kind; file rules run in the walk, with the
        fact providers that any of the rules needs."""
        self.root = root
        self.profile = profile
        self.rules = tuple(r for r in rules if issubclass(r, FileRule))
        self.providers = providers_for(rules)
        self.jobs = max(1, jobs)
        self.file_timeout = file_timeout
        self._ctx = _context()
        self.decoder = Decoder()  # one string table for every result this pool's run loads

    def _size(self, rel: str) -> int:
        try:
            return os.stat(os.path.join(self.root, rel)).st_size
        except OSError:
            return 0  # the worker reports why it cannot read it

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=_worker_main,
            args=(child, os.getpid(), self.root, self.rules, self.providers, self.profile),
            daemon=True,
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _give(self, worker: _Worker, batch: list[str | _Scan]) -> None:
        worker.batch, worker.index, worker.started = batch, 0, time.monotonic()
        worker.conn.send(batch)

    def _stop(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()

    def run(self, paths: list[str], on_result: OnResult | None = None) -> list[FileResult]:
        """Every path's result, in order; `on_result(result, encoded)` as each arrives (progress, cache writes)."""
        if not paths:
            return []
        if multiprocessing.current_process().daemon:  # may not have children: no supervision possible
            return self._run_here(paths, on_result)
        size = max(1, min(32, len(paths) // (self.jobs * 4)))
        # largest files first: workers take the next batch as they finish, so the small files at the end
        # even out the finish (a big file dealt last would leave one worker running alone)
        order = sorted(paths, key=self._size, reverse=True)
        pending: deque[list[str | _Scan]] = deque(list(order[i : i + size]) for i in range(0, len(order), size))
        results: dict[str, FileResult] = {}

        def store(result: FileResult, encoded: bytes) -> None:
            results[result.path] = result
            if on_result is not None:
                on_result(result, encoded)

        busy: list[_Worker] = []
        try:
            for _ in range(min(self.jobs, len(pending))):
                worker = self._start()
                self._give(worker, pending.popleft())
                busy.append(worker)
            while busy:
                self._wait_once(busy, pending, store)
        finally:
            for worker in busy:
                self._stop(worker)
        return [results[rel] for rel in paths]

    def _run_here(self, paths: list[str], on_result: OnResult | None) -> list[FileResult]:
        results = []
        for rel in paths:
            # through the codec as from a worker: the same strings shared, the same bytes cached
            message = _message(analyze_file(self.root, rel, self.rules, self.profile, self.providers))
            result = self._receive(message)
            if on_result is not None:
                on_result(result, message[0])
            results.append(result)
        return results

    def _receive(self, message: tuple[bytes, dict[str, float]]) -> FileResult:
        encoded, times = message
        result: FileResult = self.decoder.decode(encoded)
        result.rule_times = times
        return result

    def _wait_once(self, busy: list[_Worker], pending: deque[list[str | _Scan]], store: OnResult) -> None:
        now = time.monotonic()
        deadline = min(w.started for w in busy) + self.file_timeout
        ready = wait([w.conn for w in busy], timeout=max(0.0, deadline - now))
        for worker in [w for w in busy if w.conn in ready]:
            try:
                message = worker.conn.recv()
            except (EOFError, OSError):
                code = worker.process.exitcode
                if code is None:
                    worker.process.join(1)
                    code = worker.process.exitcode
                self._replace(worker, busy, pending, store, f"crashed the parser (worker exit code {code})")
                continue
            store(self._receive(message), message[0])
            worker.index += 1
            worker.started = time.monotonic()
            if worker.index < len(worker.batch):
                continue
            if pending:
                self._give(worker, pending.popleft())
            else:
                worker.conn.send(None)
                busy.remove(worker)
                self._stop(worker)
        now = time.monotonic()
        for worker in [w for w in busy if now - w.started > self.file_timeout]:
            self._replace(worker, busy, pending, store, f"{TIMED_OUT} {self.file_timeout:g} s to analyse; skipped")

    def _replace(
        self,
        worker: _Worker,
        busy: list[_Worker],
        pending: deque[list[str | _Scan]],
        store: OnResult,
        reason: str,
    ) -> None:
        """Send the worker's current file to the token scan (or, if that failed too, record it as
        unreadable); carry on with the rest."""
        job = worker.current
        rest = worker.batch[worker.index + 1 :]
        busy.remove(worker)
        self._stop(worker)
        if rest:
            pending.appendleft(rest)
        if isinstance(job, _Scan):
            unreadable = FileResult(job.path, problem=Unreadable(job.path, job.reason))
            store(unreadable, encode(unreadable))
        else:
            pending.appendleft([_Scan(job, reason)])
        if pending:
            fresh = self._start()
            self._give(fresh, pending.popleft())
            busy.append(fresh)
