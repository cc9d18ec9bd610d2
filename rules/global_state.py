"""Global state and the request lifecycle."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from flasklint import flaskapi
from flasklint.project import ProjectModel
from flasklint.rule import FileRule, Finding, ProjectRule


class MutableGlobalState(ProjectRule):
    """A view or request hook mutates module-level state.

    ## What it checks
    Module-level containers (`users = []`, `cache = {}`, `defaultdict(...)`)
    and module-level instances of the module's own classes that a view, a
    request hook or an error handler changes: `.append()`, `.update()`,
    item or attribute assignment, `del`. Followed across modules: a view that
    imports `users` from `store.py` and appends to it is found too. Local
    variables that shadow the global name are not.

    ## Why it matters
    Production servers run several worker processes (and threads): each has
    its own copy of the global, so users see different data depending on the
    worker that answers, updates race, and everything is lost on restart.

    ## Example
    ```python
    todos = []

    @bp.post("/todos")
    def add_todo():
        todos.append(request.get_json())
    ```

    ## Use instead
    ```python
    @bp.post("/todos")
    def add_todo():
        db.session.add(Todo(**schema.load(request.get_json())))
        db.session.commit()
    ```
    Keep shared state in a database or cache; per-request data in `g`.
    """

    code = "FL201"
    name = "mutable-global-state"
    skill = "global-state"
    severity = "high"
    weight = 3.0
    good = (
        """\
from flask import Flask, g, request

app = Flask(__name__)
ALLOWED = ["a", "b"]


@app.post("/items")
def add_item():
    items = []
    items.append(request.get_json())
    g.count = len(ALLOWED)
    return {"items": items}, 201
""",
    )
    bad = (
        """\
from flask import Flask, request

app = Flask(__name__)
todos = []


@app.route("/todos", methods=["POST"])
def add_todo():
    todos.append(request.get_json())
    return {"ok": True}, 201
""",
        {
            "shop/store.py": "CART = {}\n",
            "shop/views.py": """\
from flask import Blueprint, request
from shop.store import CART

bp = Blueprint("shop", __name__)


@bp.post("/cart/<item>")
def add(item):
    CART[item] = request.json
    return "", 204
""",
        },
    )

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for module in project.app_modules:
            for mutation in module.mutations:
                target = project.resolve_global(module, mutation.name)
                if target is None:
                    continue
                home, name = target
                where = "" if home is module else f" (defined in {home.path})"
                yield self.finding(
                    module.path,
                    mutation.loc,
                    f"{mutation.function}() mutates module-level `{name}` by {mutation.how}{where}: "
                    "state shared across requests and lost across workers",
                )


class GlobalInView(FileRule):
    """A view or request hook uses a `global` statement.

    ## What it checks
    `global name` inside a view function, a request hook or an error handler.

    ## Why it matters
    Rebinding a module global from a request handler is shared state by
    another name: it races between threads, differs between worker
    processes and vanishes on restart.

    ## Example
    ```python
    counter = 0

    @app.route("/hit")
    def hit():
        global counter
        counter += 1
    ```

    ## Use instead
    ```python
    @app.route("/hit")
    def hit():
        redis_client.incr("hits")
    ```
    """

    code = "FL202"
    name = "global-in-view"
    skill = "global-state"
    severity = "medium"
    weight = 2.0
    good = (
        """\
from flask import Flask

app = Flask(__name__)
counter = 0


def reset():
    global counter
    counter = 0


@app.route("/hit")
def hit():
    return str(counter)
""",
    )
    bad = (
        """\
from flask import Flask

app = Flask(__name__)
counter = 0


@app.route("/hit")
def hit():
    global counter
    counter += 1
    return str(counter)
""",
    )

    def visit_Global(self, node: cst.Global) -> None:
        if self.ctx.in_request_handler:
            names = ", ".join(n.name.value for n in node.names)
            self.report(node, f"`global {names}` in request handler {self.ctx.function.qualname}()")


class ImportTimeConnection(FileRule):
    """A database connection or client is opened at import time.

    ## What it checks
    Calls such as `sqlite3.connect(...)`, `psycopg2.connect(...)`,
    `pymysql.connect(...)`, `redis.Redis(...)` or `pymongo.MongoClient(...)`
    at module level (or in a class body), outside `if __name__ == "__main__"`.

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
    )
    bad = (
        """\
import sqlite3

from flask import Flask

app = Flask(__name__)
conn = sqlite3.connect("app.db")
""",
        """\
from flask import Flask
from redis import Redis

app = Flask(__name__)
cache = Redis(host="localhost")
""",
    )

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        if not ctx.at_import_time or ctx.in_main_guard:
            return
        qual = ctx.qualname(node.func)
        if qual in flaskapi.CONNECTION_FACTORIES:
            self.report(node, f"{qual}() opens a connection at import time, shared by every request")


class ContextProxyAtImport(FileRule):
    """`request`, `session`, `g` or `current_app` is used at import time.

    ## What it checks
    Attribute access or subscription on Flask's context-local proxies in
    module or class bodies (including default argument values), where no
    request or application context exists.

    ## Why it matters
    At import time there is no request: the access raises "Working outside
    of request context" the moment the module is imported, or forces code
    to push a fake context, freezing one request's data into a global.

    ## Example
    ```python
    from flask import current_app

    log = current_app.logger
    ```

    ## Use instead
    ```python
    def handler():
        current_app.logger.info("...")
    ```
    """

    code = "FL204"
    name = "context-proxy-at-import"
    skill = "global-state"
    severity = "high"
    weight = 2.0
    good = (
        """\
from flask import Flask, current_app, request

app = Flask(__name__)


@app.route("/")
def index():
    current_app.logger.info("hit %s", request.path)
    return "ok"
""",
    )
    bad = (
        """\
from flask import Flask, current_app

app = Flask(__name__)
log = current_app.logger
""",
        """\
from flask import request


def search(term=request.args.get("q")):
    return term
""",
    )

    def _check(self, node: cst.CSTNode, value: cst.BaseExpression) -> None:
        ctx = self.ctx
        if not isinstance(value, cst.Name) or not ctx.at_import_time or ctx.in_main_guard:
            return
        qual = ctx.qualname(value)
        if qual in flaskapi.CONTEXT_PROXIES:
            self.report(node, f"`{value.value}` used at import time, outside any request or app context")

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._check(node, node.value)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        self._check(node, node.value)
