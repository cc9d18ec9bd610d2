"""Data layer: models, migrations, how the schema comes to exist."""

from __future__ import annotations

import configparser
import posixpath
from collections.abc import Iterator

import libcst as cst
from flasklint.rules._shared import callee

from flasklint import flaskapi
from flasklint.nodes import descendants
from flasklint.project import ProjectModel
from flasklint.rule import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    Evidence,
    FileRule,
    Finding,
    PracticeRule,
    ProjectRule,
    Verdict,
    evidence,
    plural,
)
from flasklint.summary import FunctionFact, ModuleSummary

MODELS = """\
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True, nullable=False)
"""

REVISION = '''\
"""create users

Revision ID: 1a2b3c4d5e6f
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = None


def upgrade():
    op.create_table("user", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("user")
'''

ENV_PY = """\
from alembic import context
from flask import current_app

config = context.config
target_metadata = current_app.extensions["migrate"].db.metadata
"""

SCAFFOLD_FILES = ("env.py", "alembic.ini", "script.py.mako")


def _model_evidence(project: ProjectModel) -> list[Evidence]:
    return [evidence(m.path, model.loc, f"model {model.name}") for m in project.app_modules for model in m.models]


def _configured_locations(project: ProjectModel) -> list[tuple[str, Evidence]]:
    """Migration folders the repository names: alembic.ini, Migrate(directory=...)."""
    found = []
    for rel in project.other_files:
        if posixpath.basename(rel) != "alembic.ini":
            continue
        text = project.read_text(rel)
        if text is None:
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        location = parser.get("alembic", "script_location", fallback=None)
        if location:
            location = location.replace("%(here)s", posixpath.dirname(rel) or ".")
            found.append((posixpath.normpath(location), Evidence(rel, 1, f"script_location = {location}")))
    for module in project.app_modules:
        for obj in module.objects_of("migrate"):
            if "directory" in obj.options:
                folder = posixpath.normpath(obj.options["directory"])
                found.append((folder, evidence(module.path, obj.loc, f"Migrate(directory={folder!r})")))
    return found


class Migrations(PracticeRule):
    """Models come with a migration history.

    ## What it checks
    When the code defines ORM models (Flask-SQLAlchemy `db.Model`,
    SQLAlchemy declarative classes), that Alembic revision files exist:
    Flask-Migrate's `migrations/versions/`, a plain `alembic/` tree, or any
    other folder (named by `alembic.ini` or `Migrate(directory=...)`).
    Revision files are recognised by their content (`revision`,
    `down_revision`, `upgrade()`), wherever they live. An `env.py` scaffold
    without revisions is not a history. Without models the rule does not
    apply.

    ## Why it matters
    Without migrations, the schema of a deployed database can only be
    changed by hand or by dropping it. Revisions make every schema change
    reviewable, repeatable and reversible.

    ## Example
    ```python
    class User(db.Model): ...

    with app.app_context():
        db.create_all()     # and no migrations/ folder
    ```

    ## Use instead
    ```
    flask db init
    flask db migrate -m "create users"
    flask db upgrade
    ```
    and commit `migrations/` with its `versions/`.
    """

    code = "FL401"
    name = "migrations"
    skill = "data-layer"
    severity = "high"
    weight = 3.0
    good = (
        {"app/models.py": MODELS, "migrations/env.py": ENV_PY, "migrations/versions/1a2b_create_users.py": REVISION},
        {
            "app/models.py": MODELS,
            "db/schema/0001_users.py": REVISION,
            "alembic.ini": "[alembic]\nscript_location = db/schema\n",
        },
    )
    bad = (
        {"app/models.py": MODELS},
        {"app/models.py": MODELS, "migrations/env.py": ENV_PY, "migrations/alembic.ini": "[alembic]\n"},
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        if not any(m.models for m in project.app_modules):
            return "no ORM models in the code"
        return None

    def judge(self, project: ProjectModel) -> Verdict:
        models = _model_evidence(project)
        revisions = [m for m in project.modules if m.is_revision]
        configured = _configured_locations(project)
        if revisions:
            folders = sorted({posixpath.dirname(m.path) or "." for m in revisions})
            found = [evidence(m.path, 1, "migration revision") for m in revisions[:5]]
            found += [e for _, e in configured]
            return Verdict(
                MET,
                f"{plural(len(revisions), 'migration revision')} in {', '.join(folders)} "
                f"for {plural(len(models), 'model')}",
                found + models[:3],
            )
        scaffold = [
            rel
            for rel in [*project.other_files, *(m.path for m in project.modules)]
            if posixpath.basename(rel) in SCAFFOLD_FILES
        ]
        message = f"{plural(len(models), 'model')} but no migration revisions"
        found = list(models[:5])
        if scaffold:
            message += f": {posixpath.dirname(scaffold[0]) or '.'} is an empty scaffold"
            found.append(Evidence(scaffold[0], 1, "migration scaffold with no revisions"))
        found += [e for _, e in configured]
        return Verdict(NOT_MET, message, found)


def _function(module: ModuleSummary, qualname: str | None) -> FunctionFact | None:
    for func in module.functions:
        if func.qualname == qualname:
            return func
    return None


class CreateAllAtStartup(ProjectRule):
    """`create_all()` runs on import or on every application start.

    ## What it checks
    `db.create_all()` (or `Base.metadata.create_all()`) at module level, in
    the application factory, in a helper the factory calls, or in a request
    hook, in application code. Tests, CLI commands (`@app.cli.command`,
    `@click.command`) and `if __name__ == "__main__"` blocks are fine.

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
        """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)

with app.app_context():
    db.create_all()
""",
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
                    if not call.in_main_guard:
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
                else:
                    callers = [f.name for _, f in factories if func.name in {c.rpartition(".")[2] for c in f.calls}]
                    if callers:
                        yield self.finding(
                            module.path,
                            call.loc,
                            f"{call.name}() runs in {func.name}(), called by the factory {callers[0]}()",
                        )


class LegacyQueryApi(FileRule):
    """The legacy `Model.query` / `session.query()` API is used.

    ## What it checks
    `Model.query...` (Flask-SQLAlchemy's legacy query property) and
    `db.session.query(...)`, the SQLAlchemy 1.x query API.

    ## Why it matters
    SQLAlchemy 2.0 marks the `Query` API as legacy and Flask-SQLAlchemy 3
    deprecates `Model.query.get()`; new code written against them ages fast
    and shows a reviewer the candidate learned from old tutorials.

    ## Example
    ```python
    user = User.query.get(user_id)
    users = User.query.filter_by(active=True).all()
    ```

    ## Use instead
    ```python
    user = db.session.get(User, user_id)
    users = db.session.scalars(select(User).where(User.active)).all()
    ```
    """

    code = "FL403"
    name = "legacy-query-api"
    skill = "data-layer"
    severity = "low"
    weight = 1.0
    good = (
        """\
from sqlalchemy import select

from app.models import User, db


def active_users():
    return db.session.scalars(select(User).where(User.active)).all()


def one(user_id):
    return db.session.get(User, user_id)
""",
    )
    bad = (
        """\
from app.models import User


def one(user_id):
    return User.query.get(user_id)
""",
        """\
from app.models import User, db


def active():
    return db.session.query(User).filter(User.active).all()
""",
    )

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value != "query":
            return
        base = node.value
        if isinstance(base, cst.Name) and base.value[:1].isupper():
            self.report(node, f"{base.value}.query is the legacy query API")

    def visit_Call(self, node: cst.Call) -> None:
        if callee(node).endswith("session.query"):
            self.report(node, "session.query() is the legacy (1.x) query API")


def _is_query(expr: cst.CSTNode) -> bool:
    """An expression that runs a database query: `X.query...`, `session.execute(...)`, `.scalars()`."""
    for node in descendants(expr):
        if isinstance(node, cst.Attribute) and node.attr.value == "query":
            return True
        if isinstance(node, cst.Call):
            name = callee(node)
            if name.endswith(("session.execute", "session.scalars", "session.get", "session.scalar")):
                return True
            if name.rpartition(".")[2] in ("scalars", "all") and ".query" in name:
                return True
    return False


class QueryInLoop(FileRule):
    """A query runs once per row of another query (N+1).

    ## What it checks
    A `for` loop over query results (directly, or a name assigned from a
    query in the same function) whose body runs another query.

    ## Why it matters
    One query for the list plus one per row: 1,001 round trips for 1,000
    rows. The page is fast in development and slow in production.

    ## Example
    ```python
    for order in Order.query.all():
        customer = Customer.query.get(order.customer_id)
    ```

    ## Use instead
    ```python
    orders = db.session.scalars(select(Order).options(selectinload(Order.customer))).all()
    ```
    """

    code = "FL404"
    name = "query-in-loop"
    skill = "data-layer"
    severity = "medium"
    weight = 2.0
    good = (
        """\
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.models import Order, db


def orders():
    rows = db.session.scalars(select(Order).options(selectinload(Order.customer))).all()
    return [(o.id, o.customer.name) for o in rows]
""",
    )
    bad = (
        """\
from app.models import Customer, Order


def orders():
    result = []
    for order in Order.query.all():
        customer = Customer.query.get(order.customer_id)
        result.append((order.id, customer.name))
    return result
""",
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.query_names: list[set[str]] = [set()]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.query_names.append(set())

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.query_names.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if _is_query(node.value):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.query_names[-1].add(target.target.value)

    def visit_For(self, node: cst.For) -> None:
        source = node.iter
        over_rows = _is_query(source) or (isinstance(source, cst.Name) and source.value in self.query_names[-1])
        if over_rows and _is_query(node.body):
            self.report(node, "a query runs inside a loop over query results (N+1); load it eagerly or in one query")


class Transactions(PracticeRule):
    """Failed transactions are rolled back.

    ## What it checks
    When application code commits an ORM session (`db.session.commit()`), that it also
    handles failure: `session.rollback()` (in an `except`, an error handler
    or a teardown), or `with db.session.begin():` blocks. Not applicable
    when nothing is committed.

    ## Why it matters
    A commit that raises leaves the session in a failed state: without a
    rollback, every later request on that session fails too, and partial
    work may be committed by the next successful commit.

    ## Example
    ```python
    db.session.add(order)
    db.session.commit()
    ```

    ## Use instead
    ```python
    try:
        db.session.add(order)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise
    ```
    """

    code = "FL405"
    name = "transactions"
    skill = "data-layer"
    severity = "low"
    # Flask-SQLAlchemy removes (and so rolls back) the session at teardown,
    # so an explicit rollback is good practice rather than a must.
    weight = 1.0
    good = (
        """\
from sqlalchemy.exc import SQLAlchemyError

from app.models import db


def save(obj):
    try:
        db.session.add(obj)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        raise
""",
    )
    bad = (
        """\
from app.models import db


def save(obj):
    db.session.add(obj)
    db.session.commit()
""",
    )

    def judge(self, project: ProjectModel) -> Verdict:
        commits = [(m, c) for m in project.app_modules for c in m.calls_named("commit") if "session" in c.name]
        if not commits:
            return Verdict(NOT_APPLICABLE, "the application never commits an ORM session")
        safe = [(m, c) for m in project.app_modules for c in m.calls_named("rollback", "begin")]
        found = [evidence(m.path, c.loc, f"{c.name}()") for m, c in safe[:3]]
        if safe:
            return Verdict(MET, "failed transactions are rolled back", found)
        found = [evidence(m.path, c.loc, "commit without a rollback anywhere") for m, c in commits[:3]]
        return Verdict(NOT_MET, f"{plural(len(commits), 'commit')} and no rollback anywhere", found)


class ModelConstraints(PracticeRule):
    """Models declare indexes and constraints.

    ## What it checks
    When there are ORM models, that some columns carry `index=True` or
    `unique=True`, or the models declare `Index(...)`,
    `UniqueConstraint(...)` or `CheckConstraint(...)`.

    ## Why it matters
    Lookups by email or slug without an index scan the whole table; a
    uniqueness rule enforced only in Python loses to two concurrent
    requests. The database is the last line of defence for data integrity.

    ## Example
    ```python
    class User(db.Model):
        email = db.Column(db.String(120))
    ```

    ## Use instead
    ```python
        email = db.Column(db.String(120), unique=True, nullable=False, index=True)
    ```
    """

    code = "FL406"
    name = "model-constraints"
    skill = "data-layer"
    severity = "low"
    weight = 1.0
    good = (MODELS,)
    bad = (
        """\
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120))
""",
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if any(m.models for m in project.app_modules) else "no ORM models in the code"

    def judge(self, project: ProjectModel) -> Verdict:
        models = [(m, model) for m in project.app_modules for model in m.models]
        constrained = [(m, model) for m, model in models if model.constraints]
        found = [
            evidence(m.path, model.loc, f"{model.name}: {plural(model.constraints, 'index/constraint')}")
            for m, model in constrained[:5]
        ]
        if constrained:
            return Verdict(
                MET, f"{len(constrained)} of {plural(len(models), 'model')} declare indexes or constraints", found
            )
        found = [
            evidence(m.path, model.loc, f"{model.name} has no index or unique constraint") for m, model in models[:5]
        ]
        return Verdict(NOT_MET, "no model declares an index or a unique constraint", found)


class ConnectionPerRequest(FileRule):
    """A view opens a raw database connection on every request.

    ## What it checks
    `sqlite3.connect`, `psycopg2.connect`, `pymysql.connect`, `redis.Redis`,
    `MongoClient` and similar calls made directly inside a view or a request
    hook.

    ## Why it matters
    Every request pays for a new connection (TCP, TLS, authentication), and
    nothing limits how many are open at once; a connection pool (SQLAlchemy's
    engine, a client created once per app) reuses them.

    ## Example
    ```python
    @app.get("/users")
    def users():
        conn = psycopg2.connect(DSN)
    ```

    ## Use instead
    Flask-SQLAlchemy's pooled engine, or one client created in the factory and
    stored on the app (`app.extensions["redis"]`); for SQLite, `get_db()` with
    `g` and `teardown_appcontext`.
    """

    code = "FL407"
    name = "connection-per-request"
    skill = "data-layer"
    severity = "low"
    weight = 1.0
    good = (
        """\
import sqlite3

from flask import Flask, current_app, g

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
    return g.db


@app.get("/users")
def users():
    return str(get_db().execute("SELECT 1").fetchall())
""",
    )
    bad = (
        """\
import psycopg2
from flask import Flask

app = Flask(__name__)


@app.get("/users")
def users():
    conn = psycopg2.connect("dbname=app")
    return str(conn.cursor().fetchall())
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_request_handler:
            return
        qual = self.ctx.qualname(node.func)
        if qual in flaskapi.CONNECTION_FACTORIES:
            self.report(node, f"{qual}() opens a new connection on every request")
