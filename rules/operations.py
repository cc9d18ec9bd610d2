"""Operations: logging, health checks, serving, containers, dependencies."""

from __future__ import annotations

import posixpath
import re
import sys

import libcst as cst
from flasklint.rules.security import committed_env_files

from flasklint.project import ProjectModel
from flasklint.rule import MET, NOT_APPLICABLE, NOT_MET, PARTLY, FileRule, PracticeRule, Verdict, evidence, plural

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.9/3.10 by tox
    import tomli as tomllib

SCRIPT_FILES = frozenset({"manage.py", "cli.py", "commands.py", "setup.py", "noxfile.py", "fabfile.py", "tasks.py"})


class PrintInAppCode(FileRule):
    """Application code prints instead of logging.

    ## What it checks
    `print(...)` in application modules, outside `if __name__ == "__main__"`,
    CLI commands and scripts (`manage.py`, `cli.py`, `scripts/`).

    ## Why it matters
    `print` has no level, no timestamp and no request context, cannot be
    silenced or routed, and under some servers goes nowhere. Reviewers read
    it as debugging left in.

    ## Example
    ```python
    print("user created", user.id)
    ```

    ## Use instead
    ```python
    current_app.logger.info("user created id=%s", user.id)
    ```
    """

    code = "FL701"
    name = "print-in-app-code"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        """\
import logging

from flask import Flask

log = logging.getLogger(__name__)
app = Flask(__name__)


@app.cli.command("seed")
def seed():
    print("seeded")


if __name__ == "__main__":
    print("starting")
    app.run()
""",
    )
    bad = (
        """\
from flask import Flask

app = Flask(__name__)


@app.post("/users")
def create_user():
    print("creating a user")
    return "", 201
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if not (isinstance(node.func, cst.Name) and node.func.value == "print") or ctx.in_main_guard:
            return
        if "cli" in ctx.enclosing_roles() or posixpath.basename(ctx.path) in SCRIPT_FILES:
            return
        if "scripts/" in f"/{ctx.path}" or "bin/" in f"/{ctx.path}":
            return
        self.report(node, "print() in application code; use logging")


class LoggingConfigured(PracticeRule):
    """The application logs through `logging`.

    ## What it checks
    That application code uses the `logging` module, a module logger, or
    `app.logger` / `current_app.logger`.

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
    name = "logging"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = ("import logging\n\nfrom flask import Flask\n\nlog = logging.getLogger(__name__)\napp = Flask(__name__)\n",)
    bad = ('from flask import Flask\n\napp = Flask(__name__)\nprint("up")\n',)

    def judge(self, project: ProjectModel) -> Verdict:
        users = [m for m in project.app_modules if m.uses_logging]
        if users:
            return Verdict(
                MET,
                f"{plural(len(users), 'module')} log through logging",
                [evidence(m.path, 1, "uses logging") for m in users[:3]],
            )
        return Verdict(NOT_MET, "no logging in application code")


HEALTH_PATH = re.compile(
    r"^/?(api/)?(v\d+/)?(_?health(z|check)?|healthz|readyz|livez|ready|readiness|liveness|ping|status)/?$", re.I
)


class HealthEndpoint(PracticeRule):
    """The app exposes a health endpoint.

    ## What it checks
    A route such as `/health`, `/healthz`, `/ready`, `/live`, `/ping` or
    `/status`. Not applicable to apps without routes.

    ## Why it matters
    Load balancers, orchestrators and uptime monitors need a cheap URL that
    says whether this instance can serve; without one they probe real pages
    or nothing at all.

    ## Example
    A service whose only routes are its API.

    ## Use instead
    ```python
    @bp.get("/health")
    def health():
        db.session.execute(text("SELECT 1"))
        return {"status": "ok"}
    ```
    """

    code = "FL703"
    name = "health-endpoint"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/healthz")\ndef health():\n    return {"ok": True}\n',
    )
    bad = ('from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "hi"\n',)

    def judge(self, project: ProjectModel) -> Verdict:
        routes = [(m, r) for m in project.app_modules for r in m.routes]
        if not routes:
            return Verdict(NOT_APPLICABLE, "no routes")
        health = [(m, r) for m, r in routes if HEALTH_PATH.match(r.path or "")]
        if health:
            m, r = health[0]
            return Verdict(MET, f"health endpoint {r.path}", [evidence(m.path, r.loc, "health endpoint")])
        return Verdict(NOT_MET, "no health or readiness endpoint")


PROD_SERVER = re.compile(r"\b(gunicorn|uwsgi|waitress-serve|waitress|uvicorn|hypercorn|mod_wsgi|bjoern|meinheld)\b")
DEV_SERVER = re.compile(r"(\bflask\b[^\n]*\brun\b|python3?\s+[\w/.-]*(app|run|main|server)\.py)")
SERVER_CONFIGS = frozenset(
    {"gunicorn.conf.py", "gunicorn_config.py", "gunicorn.py", "uwsgi.ini", "wsgi.ini", "uwsgi.yaml"}
)


def _dockerfiles(project: ProjectModel) -> list[str]:
    return [rel for rel in project.other_files if re.search(r"(^|/)(Dockerfile|Containerfile)([.\w-]*)$", rel)]


def _docker_commands(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if re.match(r"\s*(CMD|ENTRYPOINT)\b", line, re.I)]


class ProductionServer(PracticeRule):
    """The app is served by a production WSGI server.

    ## What it checks
    A production server configured or used: a `Procfile`, a Dockerfile
    `CMD`/`ENTRYPOINT`, or a compose command running gunicorn, uWSGI,
    waitress or similar; or a `gunicorn.conf.py` / `uwsgi.ini`. Not met when
    the Dockerfile or Procfile starts the development server (`flask run`,
    `python app.py`); partly met when a server is only listed as a
    dependency.

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
        {
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "Dockerfile": 'FROM python:3.12-slim\nCMD ["flask", "run", "--host=0.0.0.0"]\n',
        },
        {"app.py": "from flask import Flask\n\napp = Flask(__name__)\n"},
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
        declared = [
            rel
            for rel in project.other_files
            if posixpath.basename(rel).startswith("requirements") or rel.endswith("pyproject.toml")
        ]
        if any(PROD_SERVER.search(project.read_text(rel) or "") for rel in declared):
            return Verdict(PARTLY, "a production server is a dependency, but nothing configures or starts it")
        return Verdict(NOT_MET, "no production server configuration")


SECRET_ENV = re.compile(r"^\s*(ENV|ARG)\s+\w*(SECRET|PASSWORD|TOKEN|API_KEY)\w*[ =]\s*\S+", re.I | re.M)


class DockerfileHygiene(PracticeRule):
    """Dockerfiles pin their base image, drop root, and hold no secrets.

    ## What it checks
    In each Dockerfile: every `FROM` names a tag other than `latest` (or a
    digest); a `USER` other than root; no `ENV`/`ARG` setting a secret-named
    variable. Met when all three hold, partly met when one or two do. Not
    applicable without a Dockerfile.

    ## Why it matters
    `latest` changes under you between builds; a process running as root
    turns an app compromise into a container compromise; an `ENV SECRET=` is
    in every copy of the image.

    ## Example
    ```dockerfile
    FROM python
    ENV SECRET_KEY=abc
    CMD ["gunicorn", "wsgi:app"]
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12.7-slim
    RUN useradd --create-home app
    USER app
    CMD ["gunicorn", "wsgi:app"]
    ```
    """

    code = "FL705"
    name = "dockerfile-hygiene"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "from flask import Flask\n",
            "Dockerfile": 'FROM python:3.12-slim\nRUN useradd app\nUSER app\nCMD ["gunicorn", "app:app"]\n',
        },
    )
    bad = (
        {
            "app.py": "from flask import Flask\n",
            "Dockerfile": 'FROM python\nENV SECRET_KEY=abc\nCMD ["gunicorn", "app:app"]\n',
        },
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if _dockerfiles(project) else "no Dockerfile"

    def judge(self, project: ProjectModel) -> Verdict:
        problems, found = [], []
        for rel in _dockerfiles(project):
            text = project.read_text(rel) or ""
            images = re.findall(r"^\s*FROM\s+(?:--\S+\s+)*(\S+)", text, re.I | re.M)
            stages = set(re.findall(r"^\s*FROM\s+\S+\s+AS\s+(\S+)", text, re.I | re.M))
            loose = [i for i in images if i not in stages and "@" not in i and (":" not in i or i.endswith(":latest"))]
            if loose:
                problems.append(f"{rel}: base image {loose[0]} is not pinned")
            users = re.findall(r"^\s*USER\s+(\S+)", text, re.I | re.M)
            if not users or users[-1] in ("root", "0", "0:0"):
                problems.append(f"{rel}: runs as root (no USER)")
            if SECRET_ENV.search(text):
                problems.append(f"{rel}: a secret is baked in with ENV/ARG")
            found.append(evidence(rel, 1, "Dockerfile"))
        checks = 3 * len(found)
        if not problems:
            return Verdict(MET, "Dockerfiles pin their base, drop root and hold no secrets", found)
        status = PARTLY if len(problems) < checks else NOT_MET
        return Verdict(status, "; ".join(problems), found)


LOCK_FILES = frozenset({"poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "requirements.lock", "pylock.toml"})


def _requirement_lines(text: str) -> list[str]:
    lines = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line and not line.startswith(("-", "git+", "http", ".", "/")):
            lines.append(line)
    return lines


class PinnedDependencies(PracticeRule):
    """Dependencies are declared and pinned.

    ## What it checks
    A lock file (`poetry.lock`, `Pipfile.lock`, `uv.lock`, `pdm.lock`), or
    requirements files whose entries are all pinned with `==`, or
    `pyproject.toml` dependencies that all carry version bounds. Partly met
    when only some are; not met when versions are left open or nothing
    declares the dependencies.

    ## Why it matters
    Unpinned dependencies install whatever is newest on the day of the
    deploy: the build that passed yesterday breaks today, and nobody can
    reproduce last month's release.

    ## Example
    ```
    flask
    flask-sqlalchemy
    ```

    ## Use instead
    ```
    flask==3.0.3
    flask-sqlalchemy==3.1.1
    ```
    (or a lock file from pip-tools, Poetry, uv or PDM).
    """

    code = "FL706"
    name = "pinned-dependencies"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = ({"app.py": "from flask import Flask\n", "requirements.txt": "flask==3.0.3\ngunicorn==22.0.0\n"},)
    bad = (
        {"app.py": "from flask import Flask\n", "requirements.txt": "flask\ngunicorn\n"},
        {"app.py": "from flask import Flask\n"},
    )

    def judge(self, project: ProjectModel) -> Verdict:
        locks = [rel for rel in project.other_files if posixpath.basename(rel) in LOCK_FILES]
        if locks:
            return Verdict(MET, f"locked in {locks[0]}", [evidence(locks[0], 1, "lock file")])
        entries: list[tuple[str, bool]] = []
        sources = []
        for rel in project.other_files:
            base = posixpath.basename(rel)
            if base.startswith("requirements") and base.endswith((".txt", ".in")):
                sources.append(rel)
                entries += [(line, "==" in line) for line in _requirement_lines(project.read_text(rel) or "")]
            elif base == "pyproject.toml":
                try:
                    data = tomllib.loads(project.read_text(rel) or "")
                except (tomllib.TOMLDecodeError, ValueError):
                    continue
                deps = data.get("project", {}).get("dependencies", [])
                if isinstance(deps, list) and deps:
                    sources.append(rel)
                    entries += [(str(d), bool(re.search(r"[<>=~]=?", str(d)))) for d in deps]
        if not entries:
            return Verdict(
                NOT_MET, "no declared dependencies (no requirements file, pyproject dependencies or lock file)"
            )
        pinned = sum(1 for _, ok in entries if ok)
        found = [evidence(rel, 1, "declares dependencies") for rel in sources[:3]]
        message = f"{pinned} of {plural(len(entries), 'dependency')} pinned or bounded"
        if pinned == len(entries):
            return Verdict(MET, message, found)
        return Verdict(PARTLY if pinned else NOT_MET, message, found)


ENV_EXAMPLE = re.compile(
    r"(^|/)\.?env[.\-_]?(example|sample|template|dist)$|(^|/)\.env\.(example|sample|template|dist)$", re.I
)


class EnvExample(PracticeRule):
    """Environment variables are documented in `.env.example`, not committed in `.env`.

    ## What it checks
    When the code reads environment variables: a committed `.env` (not
    met), a `.env.example` / `.env.sample` / `.env.template` documenting them
    (met), or neither (partly met: the settings are undocumented). Not
    applicable when the code reads no environment variables.

    ## Why it matters
    The example file tells the next developer and the deploy pipeline which
    settings exist; a committed `.env` mixes one machine's secrets into the
    repository.

    ## Example
    A committed `.env` with the developer's database password.

    ## Use instead
    `.env.example` with names and safe placeholders, `.env` in `.gitignore`.
    """

    code = "FL707"
    name = "env-example"
    skill = "operations"
    severity = "low"
    weight = 1.0
    good = (
        {
            "app.py": "import os\n\nfrom flask import Flask\n\nKEY = os.environ['SECRET_KEY']\n",
            ".env.example": "SECRET_KEY=\n",
        },
    )
    bad = (
        {
            "app.py": "import os\n\nfrom flask import Flask\n\nKEY = os.environ['SECRET_KEY']\n",
            ".env": "SECRET_KEY=abc\n",
        },
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if any(m.reads_env for m in project.app_modules) else "the code reads no environment variables"

    def judge(self, project: ProjectModel) -> Verdict:
        committed = committed_env_files(project)
        examples = [rel for rel in project.other_files if ENV_EXAMPLE.search(rel)]
        if committed:
            return Verdict(
                NOT_MET, f"{committed[0]} is committed", [evidence(committed[0], 1, "committed environment file")]
            )
        if examples:
            return Verdict(
                MET, f"settings documented in {examples[0]}", [evidence(examples[0], 1, "example environment")]
            )
        return Verdict(PARTLY, "environment variables are read but not documented in a .env.example")


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
    good = (
        'from flask import Flask\n\nfrom app.tasks import send_email\n\napp = Flask(__name__)\n\n\n@app.post("/signup")\ndef signup():\n    send_email.delay(1)\n    return "", 201\n',
    )
    bad = (
        'import threading\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.post("/signup")\ndef signup():\n    threading.Thread(target=print, args=(1,)).start()\n    return "", 201\n',
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.in_request_handler and self.ctx.qualname(node.func) in THREAD_STARTERS:
            self.report(node, f"{self.ctx.qualname(node.func)}() started from a request; use a task queue")
