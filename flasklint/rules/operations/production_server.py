"""FL704 production-server: The app is served by a production WSGI server."""

from __future__ import annotations

import posixpath
import re

from flasklint.api import MET, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.operations._shared import _dockerfiles

PROD_SERVER = re.compile(r"\b(gunicorn|uwsgi|waitress-serve|waitress|uvicorn|hypercorn|mod_wsgi|bjoern|meinheld)\b")


# connexion's and bottle-style `app.run(server="gevent")`: a production-capable server started from the code
CODE_STARTED_SERVERS = frozenset({"gevent", "tornado", "aiohttp", "meinheld", "bjoern", "waitress", "gunicorn"})
DEV_SERVER = re.compile(r"(\bflask\b[^\n]*\brun\b|python3?\s+[\w/.-]*(app|run|main|server)\.py)")


SERVER_CONFIGS = frozenset(
    {"gunicorn.conf.py", "gunicorn_config.py", "gunicorn.py", "uwsgi.ini", "wsgi.ini", "uwsgi.yaml"}
)


def _docker_commands(text: str) -> list[str]:
    """CMD and ENTRYPOINT instructions, with their continuation lines joined (`CMD [ \\` ...)."""
    joined = re.sub(r"\\\s*\n", " ", text)
    return [line.strip() for line in joined.splitlines() if re.match(r"\s*(CMD|ENTRYPOINT)\b", line, re.I)]


def _script_commands(text: str) -> list[str]:
    """Command lines of a shell script, systemd unit or supervisord program: not comments."""
    joined = re.sub(r"\\\s*\n", " ", text)
    return [line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith(("#", ";"))]


# where a server is started outside Docker: entrypoint and start scripts, systemd units, supervisord
SCRIPT = re.compile(r"(\.sh|\.service|supervisord?\.conf|/supervisor/[^/]+\.conf)$")


class ProductionServer(PracticeRule):
    """The app is served by a production WSGI server.

    ## What it checks
    A production server configured or used: a `Procfile`, a Dockerfile
    `CMD`/`ENTRYPOINT` (continuation lines joined), a compose command, an
    entrypoint or start shell script, a systemd unit or a supervisord
    program running gunicorn, uWSGI, waitress or similar; or a
    `gunicorn.conf.py` / `uwsgi.ini`. Not met when
    the Dockerfile or Procfile starts the development server (`flask run`,
    `python app.py`); partly met when a server is only listed as a
    dependency, or started from the code with no deployment configuration
    (connexion's `app.run(server="gevent")`).

    ## Why it matters
    Flask's development server is single-process, unhardened and says so on
    start-up. Production needs a WSGI server with workers, timeouts and
    graceful restarts.

    ## Example
    ```dockerfile
    CMD ["flask", "run", "--host=0.0.0.0"]
    ```

    ## Use instead
    ```dockerfile
    CMD ["gunicorn", "--bind", "0.0.0.0:8000", "--workers", "4", "wsgi:app"]
    ```
    """

    code = "FL704"
    name = "production-server"
    skill = "operations"
    severity = "medium"
    weight = 2.0
    good = ({"app.py": "from flask import Flask\n\napp = Flask(__name__)\n", "Procfile": "web: gunicorn app:app\n"},)
    bad = (
        Invalid(
            {
                "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
                "Dockerfile": 'FROM python:3.12-slim\nCMD ["flask", "run", "--host=0.0.0.0"]\n',
            },
            status="not met",
        ),
        Invalid({"app.py": "from flask import Flask\n\napp = Flask(__name__)\n"}, status="not met"),
        Invalid(
            "import connexion\n\napp = connexion.App(__name__)\n\nif __name__ == '__main__':\n"
            "    app.run(port=8080, server='gevent')\n",
            status="partly met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        commands: list[tuple[str, str]] = []
        dockerfiles = set(_dockerfiles(project))
        for rel in project.other_files:
            base = posixpath.basename(rel)
            if base == "Procfile":
                commands += [(rel, line) for line in (project.read_text(rel) or "").splitlines() if line.strip()]
            elif rel in dockerfiles:
                commands += [(rel, line) for line in _docker_commands(project.read_text(rel) or "")]
            elif base.startswith(("docker-compose", "compose")):
                lines = (project.read_text(rel) or "").splitlines()
                commands += [(rel, line) for line in lines if "command" in line or "entrypoint" in line]
            elif SCRIPT.search(rel):
                commands += [(rel, line) for line in _script_commands(project.read_text(rel) or "")]
        production = [(rel, line) for rel, line in commands if PROD_SERVER.search(line)]
        configs = [
            rel
            for rel in [*project.other_files, *(m.path for m in project.modules)]
            if posixpath.basename(rel) in SERVER_CONFIGS
        ]
        if production or configs:
            where = production[0][0] if production else configs[0]
            return Verdict(MET, f"served by a production server ({where})", [evidence(where, 1, "production server")])
        dev = [(rel, line) for rel, line in commands if DEV_SERVER.search(line)]
        if dev:
            rel, line = dev[0]
            return Verdict(NOT_MET, f"{rel} starts the development server", [evidence(rel, 1, line.strip()[:80])])
        started = [
            (m, call)
            for m in project.app_modules
            for call in m.calls_named("run")
            if call.kwargs.get("server", "").lower() in CODE_STARTED_SERVERS
        ]
        if started:
            m, call = started[0]
            server = call.kwargs["server"]
            return Verdict(
                PARTLY,
                f"the app starts a {server} server from code, but no deployment configuration runs it",
                [evidence(m.path, call.loc, f"run(server={server!r})")],
            )
        declared = [
            rel
            for rel in project.other_files
            if posixpath.basename(rel).startswith("requirements") or rel.endswith("pyproject.toml")
        ]
        if any(PROD_SERVER.search(project.read_text(rel) or "") for rel in declared):
            return Verdict(PARTLY, "a production server is a dependency, but nothing configures or starts it")
        return Verdict(NOT_MET, "no production server configuration")
