"""FL203 import-time-connection: A database connection or client is opened at import time."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, flaskapi

ENGINE_FACTORIES = frozenset({"sqlalchemy.create_engine", "sqlalchemy.engine.create_engine"})


class ImportTimeConnection(FileRule):
    """A database connection or client is opened at import time.

    ## What it checks
    Calls such as `sqlite3.connect(...)`, `psycopg2.connect(...)` or
    `pymysql.connect(...)` at module level (or in a class body), outside
    `if __name__ == "__main__"`. Clients that keep a pool and connect on
    first use (`redis.Redis(...)`, `redis.from_url(...)`,
    `pymongo.MongoClient(...)`) are meant to be created once per process and
    are not flagged. A SQLAlchemy engine made at import
    (`engine = create_engine(os.environ["DATABASE_URL"])`) connects lazily
    but binds the database before any app is configured: low.

    ## Why it matters
    A connection made on import is shared by every request and thread (most
    DB-API connections are not thread-safe), is made before configuration is
    loaded, cannot be pointed at a test database, and is inherited badly
    across forked workers.

    ## Example
    ```python
    conn = sqlite3.connect("app.db")

    @app.route("/users")
    def users():
        return conn.execute("SELECT * FROM users").fetchall()
    ```

    ## Use instead
    ```python
    def get_db():
        if "db" not in g:
            g.db = sqlite3.connect(current_app.config["DATABASE"])
        return g.db

    @app.teardown_appcontext
    def close_db(exc):
        db = g.pop("db", None)
        if db is not None:
            db.close()
    ```
    """

    code = "FL203"
    name = "import-time-connection"
    skill = "global-state"
    severity = "medium"
    weight = 2.0
    unit = "module"
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
""",
        """\
from flask import Flask
from sqlalchemy import create_engine


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(config or {})
    app.extensions["engine"] = create_engine(app.config["DATABASE_URL"])
    return app
""",
    )
    bad = (
        Invalid(
            """\
import sqlite3

from flask import Flask

app = Flask(__name__)
conn = sqlite3.connect("app.db")
""",
            expect=("app.py:6",),
        ),
        Invalid(
            """\
import pymysql
from flask import Flask

app = Flask(__name__)
db = pymysql.connect(host="localhost")
""",
            expect=("app.py:5",),
        ),
        Invalid(
            """\
import os

from sqlalchemy import create_engine
from sqlalchemy.orm import scoped_session, sessionmaker

engine = create_engine(os.environ["DATABASE_URL"])
db_session = scoped_session(sessionmaker(bind=engine))
""",
            expect=("app.py:6",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if not ctx.at_import_time or ctx.in_main_guard:
            return
        qual = ctx.qualname(node.func)
        if qual in flaskapi.CONNECTION_FACTORIES and qual not in flaskapi.LAZY_CLIENTS:
            self.report(node, f"{qual}() opens a connection at import time, shared by every request")
        elif qual in ENGINE_FACTORIES:
            # the pool connects on first use, but the URL is fixed on import: no app config, no test database
            self.report(
                node,
                f"{qual}() binds the database at import time, before any app is configured: "
                "tests and other configurations cannot point it elsewhere",
                "low",
            )
