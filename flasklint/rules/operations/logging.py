"""FL702 logging: The application logs through `logging`."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    MET,
    NOT_MET,
    FactProvider,
    Invalid,
    PracticeRule,
    ProjectModel,
    Verdict,
    agreeing,
    dotted_name,
    evidence,
)

# logging libraries that route records to handlers as `logging` does (a logger made from one counts)
LOGGING_LIBRARIES = frozenset({"logging", "loguru", "structlog", "logbook", "tamga"})


class LogCalls(FactProvider):
    """Whether a module calls `logging`, a module logger, `app.logger` or a logging library."""

    name = "log-calls"
    roles = frozenset({"app"})

    @classmethod
    def empty(cls) -> bool:
        return False

    def visit_Call(self, node: cst.Call) -> None:
        callee = dotted_name(node.func)
        if not self.found and callee is not None:
            head = callee.split(".")[0]
            # a dictionary lookup, not a name resolution per call: `Log.info()` where `Log` came from tamga
            imported = self.ctx.imports.get(head, "").split(".")[0]
            self.found = (
                head in ("logging", "logger", "log") or ".logger." in f".{callee}" or imported in LOGGING_LIBRARIES
            )


class LoggingConfigured(PracticeRule):
    """The application logs through `logging`.

    ## What it checks
    That application code uses the `logging` module, a module logger,
    `app.logger` / `current_app.logger`, or a logging library that routes
    records the same way (loguru, structlog, logbook, tamga).

    ## Why it matters
    Logs are how a production incident is understood after the fact; levels,
    handlers and formatters let operations route them without code changes.

    ## Example
    An app whose only output is `print()`.

    ## Use instead
    ```python
    logger = logging.getLogger(__name__)
    logger.warning("payment failed order=%s", order.id)
    ```
    """

    code = "FL702"
    needs = (LogCalls,)
    name = "logging"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        "import logging\n\nfrom flask import Flask\n\nlog = logging.getLogger(__name__)\napp = Flask(__name__)\n",
        "from flask import Flask\nfrom loguru import logger as audit\n\napp = Flask(__name__)\naudit.info('up')\n",
    )
    bad = (Invalid('from flask import Flask\n\napp = Flask(__name__)\nprint("up")\n', status="not met"),)

    def judge(self, project: ProjectModel) -> Verdict:
        users = [m for m in project.app_modules if m.fact(LogCalls)]
        if users:
            return Verdict(
                MET,
                f"{agreeing(len(users), 'module', 'log')} through logging",
                [evidence(m.path, 1, "uses logging") for m in users[:3]],
            )
        return Verdict(NOT_MET, "no logging in application code")
