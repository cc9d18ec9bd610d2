"""FL107 wsgi-entry-point: The app has a WSGI entry point."""

from __future__ import annotations

import posixpath
import re

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.architecture._shared import FACTORY_PACKAGE

ENTRY_MODULES = frozenset({"wsgi.py", "asgi.py", "autoapp.py"})


# `wsgi:app`, `service.app:application_factory()` on a server or FLASK_APP line
ENTRY_REFERENCE = re.compile(r"(gunicorn|uwsgi|waitress|FLASK_APP|--app|web:)[^\n]*?\b([\w.]+:[A-Za-z_]\w*(\(\))?)")


class WsgiEntryPoint(PracticeRule):
    """The app has a WSGI entry point.

    ## What it checks
    A `wsgi.py` / `asgi.py` / `autoapp.py` module, or a server command or config naming
    `module:app` or `module:create_app()` (Procfile, Dockerfile, compose,
    gunicorn config, `.flaskenv`). Partly met when only CLI commands or `if
    __name__ == "__main__": app.run()` start the app.

    ## Why it matters
    A WSGI server needs one importable place that builds the production app;
    without it, deployment means guessing which module to point it at.

    ## Example
    Only `python app.py` starts the application.

    ## Use instead
    ```python
    # wsgi.py
    from app import create_app

    app = create_app()
    ```
    """

    code = "FL107"
    name = "wsgi-entry-point"
    skill = "architecture"
    severity = "low"
    weight = 1.0
    good = (FACTORY_PACKAGE | {"wsgi.py": "from app import build_app\n\napp = build_app()\n"},)
    bad = (
        Invalid(
            'from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run()\n',
            status="partly met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not (any(m.objects_of("app") for m in project.app_modules) or project.factories):
            return Verdict(NOT_APPLICABLE, "no Flask application is created in the code")
        modules = [m for m in project.app_modules if posixpath.basename(m.path) in ENTRY_MODULES]
        if modules:
            return Verdict(MET, f"entry point {modules[0].path}", [evidence(modules[0].path, 1, "WSGI entry point")])
        for rel in project.other_files:
            base = posixpath.basename(rel)
            if base in ("Procfile", ".flaskenv") or base.startswith(("Dockerfile", "docker-compose", "compose")):
                text = project.read_text(rel) or ""
                match = ENTRY_REFERENCE.search(text)
                if match:
                    line = text[: match.start()].count("\n") + 1
                    return Verdict(MET, f"{rel} names {match.group(2)}", [evidence(rel, line, match.group(2))])
        runners = [(m, c) for m in project.app_modules for c in m.calls_named("run") if c.in_main_guard]
        cli = [(m, f) for m in project.app_modules for f in m.functions if f.role == "cli"]
        if runners or cli:
            return Verdict(PARTLY, "started only by app.run() or CLI commands; no WSGI entry point")
        return Verdict(NOT_MET, "no WSGI entry point")
