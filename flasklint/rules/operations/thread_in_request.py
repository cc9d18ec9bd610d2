"""FL708 thread-in-request: A view starts a thread or process for background work."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid

THREAD_STARTERS = frozenset({"threading.Thread", "multiprocessing.Process", "_thread.start_new_thread", "os.fork"})


class ThreadInRequest(FileRule):
    """A view starts a thread or process for background work.

    ## What it checks
    `threading.Thread(...)`, `multiprocessing.Process(...)` or `os.fork()`
    inside a view or a request hook.

    ## Why it matters
    Work started from a request dies with the worker on every deploy or
    restart, is invisible to monitoring, cannot be retried, and multiplies
    with traffic. A task queue (Celery, RQ, Dramatiq) survives all of that.

    ## Example
    ```python
    threading.Thread(target=send_welcome_email, args=(user.id,)).start()
    ```

    ## Use instead
    ```python
    send_welcome_email.delay(user.id)      # a Celery task
    ```
    """

    code = "FL708"
    name = "thread-in-request"
    skill = "operations"
    severity = "medium"
    weight = 1.0
    unit = "view"
    surface = (
        "threading",
        "multiprocessing",
        "_thread",
        "os.fork",
        "concurrent.futures",
        "celery",
        "rq",
        ".delay",
        ".apply_async",
        ".enqueue",
    )
    good = (
        "import threading\n\nfrom flask import Flask\n\nfrom app.tasks import send_email, worker\n\napp = Flask(__name__)\n\n\n"
        'def start_background_worker():\n    threading.Thread(target=worker, daemon=True).start()\n\n\n@app.post("/signup")\n'
        'def signup():\n    send_email.delay(1)\n    return "", 201\n',
    )
    bad = (
        Invalid(
            'import threading\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.post("/signup")\ndef signup():\n    threading.Thread(target=print, args=(1,)).start()\n    return "", 201\n',
            expect=("app.py:10",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.in_request_handler and self.ctx.qualname(node.func) in THREAD_STARTERS:
            self.report(node, f"{self.ctx.qualname(node.func)}() started from a request; use a task queue")
