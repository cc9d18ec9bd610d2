"""`--scheduler`: a batch's submissions as tasks on a Dask cluster.

Each submission is one task. Intake, discovery, analysis and scoring run on
the worker, and only the report (plain data, as in the JSON report) comes
back: syntax trees never travel.

A submission travels as its path, so the workers must see the paths the
command is given (shared storage: NFS, a mounted bucket, the same disk for
`--scheduler local`). Paths rather than bytes because a submission is often
a folder, not an archive; because a batch of a thousand archives sent
through the scheduler would hold them all in its memory at once; and because
a worker reading from shared storage reads each byte once, where the
scheduler would pass it on twice.

Dask is an optional extra (`pip install "flasklint[dask]"`): this module
imports it only when `--scheduler` is given.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any

from flasklint.core.defaults import default_jobs
from flasklint.core.errors import UsageError

INSTALL = 'pip install "flasklint[dask]"'
CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler before giving up
LOCAL_CONFIG = {
    # a daemonic worker may not start processes: flasklint's file workers watch the parser (workers.py)
    "distributed.worker.daemon": False,
    # a task on a worker that dies fails at once (KilledWorker); grade_all tries it again itself, so that a
    # submission that shared the worker with the culprit is not blamed (batch.py)
    "distributed.scheduler.allowed-failures": 0,
}


def _dask() -> Any:
    if sys.version_info < (3, 10):
        raise UsageError("--scheduler needs Python 3.10 or newer (Dask's distributed scheduler does)")
    try:
        import dask
        import distributed
    except ImportError:
        raise UsageError(f"--scheduler needs Dask, an optional extra: {INSTALL}") from None
    return dask, distributed


@contextlib.contextmanager
def cluster_executor(scheduler: str) -> Iterator[Executor]:
    """An executor whose tasks run on the Dask cluster at `scheduler` (`tcp://HOST:PORT`), or on a local
    cluster of one worker process per core for `local`; closed when the block ends."""
    dask, distributed = _dask()
    # Dask's own log lines (a worker restarted, a task retried) would bury flasklint's one-line messages:
    # what went wrong with a submission is in its row of the ranking
    for name in ["distributed", *logging.root.manager.loggerDict]:
        if name.startswith("distributed"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    with contextlib.ExitStack() as stack:
        address: Any = scheduler
        if scheduler == "local":
            stack.enter_context(dask.config.set(LOCAL_CONFIG))
            address = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=default_jobs(),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # no fixed port to collide with another cluster
                    silence_logs=logging.CRITICAL,  # the workers' log lines, as the client's above
                )
            )
        try:
            client = stack.enter_context(distributed.Client(address, timeout=CONNECT_TIMEOUT))
        except (OSError, TimeoutError, ValueError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise UsageError(f"--scheduler {scheduler}: cannot reach the scheduler ({reason})") from None
        executor = client.get_executor(pure=False)
        # grade_all keeps this many submissions on the cluster at once (batch.py)
        executor.slots = max(1, sum(client.nthreads().values()))
        yield executor
