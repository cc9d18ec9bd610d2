"""FL407 connection-per-request: A view opens a raw database connection on every request."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, flaskapi


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
    unit = "view"
    surface = flaskapi.DATABASE_SURFACE
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
        Invalid(
            """\
import psycopg2
from flask import Flask

app = Flask(__name__)


@app.get("/users")
def users():
    conn = psycopg2.connect("dbname=app")
    return str(conn.cursor().fetchall())
""",
            expect=("app.py:9",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if not self.ctx.in_request_handler:
            return
        qual = self.ctx.qualname(node.func)
        if qual in flaskapi.CONNECTION_FACTORIES:
            self.report(node, f"{qual}() opens a new connection on every request")
