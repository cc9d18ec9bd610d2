"""FL402 create-all-at-startup: `create_all()` runs on import or on every application start."""

from __future__ import annotations

from collections.abc import Iterator

from flasklint.api import Finding, FunctionFact, Invalid, ModuleSummary, ProjectModel, ProjectRule, flaskapi


def _function(module: ModuleSummary, qualname: str | None) -> FunctionFact | None:
    for func in module.functions:
        if func.qualname == qualname:
            return func
    return None


def _standalone_script(project: ProjectModel, module: ModuleSummary) -> bool:
    """`create_db.py`: a module nothing imports, that builds no app and serves no route, is a
    script someone runs once, not code that runs when the app starts."""
    return not (module.routes or module.objects_of("app") or project.is_imported(module))


class CreateAllAtStartup(ProjectRule):
    """`create_all()` runs on import or on every application start.

    ## What it checks
    `db.create_all()` (or `Base.metadata.create_all()`) at module level, in
    the application factory, in a helper the factory calls or the module
    calls when it is imported (`register_models()` at module level), or in a
    request hook, in application code. Tests, CLI commands (`@app.cli.command`,
    `@click.command`), `if __name__ == "__main__"` blocks and standalone
    setup scripts (a `create_db.py` that no module imports, building no app
    and serving no route) are fine.

    ## Why it matters
    `create_all` only creates missing tables: it never alters one, so schema
    changes silently do not happen in production, and it competes with the
    migration history for ownership of the schema.

    ## Example
    ```python
    def create_app():
        app = Flask(__name__)
        db.init_app(app)
        with app.app_context():
            db.create_all()
        return app
    ```

    ## Use instead
    Apply migrations at deploy time (`flask db upgrade`), and keep
    `create_all` for tests and an explicit `flask init-db` command.
    """

    code = "FL402"
    name = "create-all-at-startup"
    skill = "data-layer"
    severity = "medium"
    weight = 2.0
    unit = "repository"
    surface = flaskapi.DATABASE_SURFACE
    good = (
        {
            "app/__init__.py": """\
import click
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def create_app():
    app = Flask(__name__)
    db.init_app(app)

    @app.cli.command("init-db")
    def init_db():
        db.create_all()

    return app
""",
            "tests/conftest.py": """\
import pytest
from app import create_app, db


@pytest.fixture
def app():
    app = create_app()
    with app.app_context():
        db.create_all()
        yield app
""",
        },
    )
    bad = (
        Invalid(
            """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)

with app.app_context():
    db.create_all()
""",
            expect=("app.py:8",),
        ),
        Invalid(
            """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def init_db(app):
    with app.app_context():
        db.create_all()


def create_app():
    app = Flask(__name__)
    db.init_app(app)
    init_db(app)
    return app
""",
            expect=("app.py:9",),
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        if any(m.models or m.calls_named("create_all") for m in project.modules):
            return None
        return "no SQLAlchemy models or create_all() calls"

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        factories = project.factories
        for module in project.app_modules:
            for call in module.calls_named("create_all"):
                if call.function is None:
                    if not call.in_main_guard and not _standalone_script(project, module):
                        yield self.finding(module.path, call.loc, f"{call.name}() runs at import time")
                    continue
                func = _function(module, call.function)
                if func is None or func.role in ("cli", "fixture"):
                    continue
                if func.role == "hook":
                    yield self.finding(module.path, call.loc, f"{call.name}() runs in request hook {func.name}()")
                elif func.creates_app or func.name in project.factory_names:
                    yield self.finding(
                        module.path, call.loc, f"{call.name}() runs in the application factory {func.name}()"
                    )
                elif func.name in module.import_time_calls and not _standalone_script(project, module):
                    yield self.finding(
                        module.path,
                        call.loc,
                        f"{call.name}() runs in {func.name}(), called when the module is imported",
                    )
                else:
                    callers = [f.name for _, f in factories if func.name in {c.rpartition(".")[2] for c in f.calls}]
                    if callers:
                        yield self.finding(
                            module.path,
                            call.loc,
                            f"{call.name}() runs in {func.name}(), called by the factory {callers[0]}()",
                        )
