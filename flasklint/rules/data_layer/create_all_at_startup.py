"""FL402 create-all-at-startup: `create_all()` runs on import or on every application start."""

from __future__ import annotations

from collections.abc import Iterator

from flasklint.api import Finding, FunctionFact, Invalid, ModuleSummary, ProjectModel, ProjectRule, flaskapi
from flasklint.rules.data_layer._shared import SchemaStatements


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
    `db.create_all()` (or `Base.metadata.create_all()`), or a `CREATE TABLE`
    statement, at module level, in the application factory, in a helper the
    factory calls or that application code calls when it is imported
    (`register_models()` or `usersTable()` at module level), or in a
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
    needs = (SchemaStatements,)
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
        Invalid(
            {
                "app/db.py": 'import sqlite3\n\n\ndef users_table():\n    sqlite3.connect("app.db").execute(\n'
                '        """\n        CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY)\n        """\n    )\n',
                "app/main.py": "from flask import Flask\n\nfrom app.db import users_table\n\napp = Flask(__name__)\n"
                "users_table()\n",
            },
            expect=("app/db.py:6",),
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        if any(m.models or m.calls_named("create_all") for m in project.modules):
            return None
        if any(schema.created for _, schema in project.facts(SchemaStatements, project.app_modules)):
            return None
        return "no SQLAlchemy models, create_all() calls or CREATE TABLE statements"

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        # names the application calls when a module is imported (`usersTable()` at the bottom of app.py)
        at_import = {
            callee.rpartition(".")[2]
            for m in project.app_modules
            if not _standalone_script(project, m)
            for callee in m.import_time_calls
        }
        for module in project.app_modules:
            statements = [
                (call.loc, call.function, call.in_main_guard, f"{call.name}()")
                for call in module.calls_named("create_all")
            ]
            statements += [
                (loc, function, False, "CREATE TABLE") for loc, function in module.fact(SchemaStatements).created
            ]
            for loc, function, in_main_guard, what in statements:
                when = _when(project, module, function, in_main_guard, at_import)
                if when is not None:
                    yield self.finding(module.path, loc, f"{what} runs {when}")


def _when(
    project: ProjectModel, module: ModuleSummary, function: str | None, in_main_guard: bool, at_import: set[str]
) -> str | None:
    """When code at this place runs on every start: at import, in a request hook, in the factory or in a
    helper that one of them calls; None for tests, CLI commands, `__main__` blocks and setup scripts."""
    if function is None:
        if in_main_guard or _standalone_script(project, module):
            return None
        return "at import time"
    func = _function(module, function)
    if func is None or func.role in ("cli", "fixture"):
        return None
    if func.role == "hook":
        return f"in request hook {func.name}()"
    if func.creates_app or func.name in project.factory_names:
        return f"in the application factory {func.name}()"
    if func.name in at_import and not _standalone_script(project, module):
        return f"in {func.name}(), called when the module is imported"
    callers = [f.name for _, f in project.factories if func.name in {c.rpartition(".")[2] for c in f.calls}]
    if callers:
        return f"in {func.name}(), called by the factory {callers[0]}()"
    return None
