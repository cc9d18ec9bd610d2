"""FL503 sql-injection: SQL is built from strings and executed."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from flasklint.api import (
    CallFlows,
    FileContext,
    FileRule,
    Finding,
    FunctionStack,
    Invalid,
    ProjectModel,
    call_tail,
    first_arg,
    flaskapi,
    flow_findings,
    is_dynamic_string,
    literal_text,
    string_value,
)

SQL_SINKS = flaskapi.SQL_SINKS
SQL_WORDS = flaskapi.SQL_WORDS


class SqlInjection(FileRule):
    """SQL is built from strings and executed.

    ## What it checks
    SQL built with an f-string, `%`, `+` or `.format()` and passed to
    `execute()`, `executemany()`, `executescript()`, `text()` or
    `exec_driver_sql()`, directly or through a variable built earlier in the
    same function. Critical when request data flows into it, also through
    the project's own functions: a view that hands `request.form["name"]` (or
    SQL text built from it) to `find_user(name)`, whose body, or a helper it
    calls in turn, executes SQL built from that parameter, is flagged at the
    view's call. Parameterized
    queries (`execute("... WHERE id = %s", (user_id,))`, `text("... :id")`
    with bound parameters) pass.

    ## Why it matters
    A value that reaches the SQL text is interpreted as SQL: `' OR 1=1 --`
    reads every row, `'; DROP TABLE users; --` worse. Parameters are sent
    separately from the statement and can never change its meaning.

    ## Example
    ```python
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    ```

    ## Use instead
    ```python
    cur.execute("SELECT * FROM users WHERE name = %s", (name,))
    db.session.execute(select(User).where(User.name == name))
    ```
    """

    code = "FL503"
    name = "sql-injection"
    skill = "security"
    severity = "high"
    weight = 3.0
    unit = "repository"
    surface = flaskapi.DATABASE_SURFACE
    needs = (CallFlows,)
    good = (
        """\
from flask import Flask, request
from sqlalchemy import text

app = Flask(__name__)


@app.get("/users")
def users():
    cur = app.db.cursor()
    cur.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))
    table = "users"
    query = text("SELECT * FROM users WHERE id = :id")
    app.db.execute(query, {"id": request.args["id"]})
    return "ok"
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/users")
def users():
    name = request.args["name"]
    cur = app.db.cursor()
    cur.execute(f"SELECT * FROM users WHERE name = '{name}'")
    return "ok"
""",
            expect=("app.py:10",),
        ),
        Invalid(
            """\
def find(db, user_id):
    query = "SELECT * FROM orders WHERE user_id = %s" % user_id
    rows = db.execute(query)
    return rows
""",
            expect=("app.py:3",),
        ),
    )

    @classmethod
    def across_files(cls, project: ProjectModel) -> Iterator[Finding]:
        """A view hands request data to a helper (any number of calls deep) that executes SQL built from it."""
        return flow_findings(cls, project, "sql", "request data reaches SQL that {callee}() executes: SQL injection")

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # per function (and the module): name -> SQL text built from request data or not
        self.built: FunctionStack[dict[str, bool]] = FunctionStack(dict, module_frame=True)
        self.sql_text: set[str] = set()  # names holding constant SQL text, in this file

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.built.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.built.pop()

    def _dynamic_sql(self, value: cst.BaseExpression) -> bool:
        return is_dynamic_string(value) and bool(SQL_WORDS.search(literal_text(value) or ""))

    def visit_Assign(self, node: cst.Assign) -> None:
        dynamic = self._dynamic_sql(node.value)
        # constant SQL text is kept too, as False: `sql += request.args["x"]` builds on it later
        constant = not dynamic and bool(SQL_WORDS.search(string_value(node.value) or ""))
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                name = target.target.value
                if dynamic:
                    self.built.current[name] = self.ctx.is_request_derived(node.value)
                elif constant:
                    self.sql_text.add(name)
                else:
                    self.built.current.pop(name, None)
                    self.sql_text.discard(name)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        """`sql += request.args["q"]`: SQL text built one piece at a time."""
        target = node.target
        if not isinstance(target, cst.Name) or not isinstance(node.operator, (cst.AddAssign, cst.ModuloAssign)):
            return
        if target.value in self.built.current or target.value in self.sql_text:
            tainted = self.built.current.get(target.value, False) or self.ctx.is_request_derived(node.value)
            self.built.current[target.value] = tainted

    def visit_Call(self, node: cst.Call) -> None:
        if call_tail(node) not in SQL_SINKS:
            return
        arg = first_arg(node)
        if arg is None:
            return
        if call_tail(node) == "text" and self.ctx.request_flow(arg) == "direct":
            tainted = True  # `order_by(text(request.args["order"]))`: the client writes the SQL itself
        elif self._dynamic_sql(arg) or (call_tail(node) == "text" and is_dynamic_string(arg)):
            # whatever text() is given is SQL, a `WHERE` fragment without a keyword included
            tainted = self.ctx.is_request_derived(arg)
        elif isinstance(arg, cst.Name) and arg.value in self.built.current:
            tainted = self.built.current[arg.value] or self.ctx.is_request_derived(arg)
        else:
            return
        if tainted:
            self.report(node, "request data is formatted into SQL: SQL injection", "critical")
        else:  # built from constants, settings or identifiers: worth a parameter, not an exploit
            self.report(node, "SQL built by string formatting is executed; pass values as parameters", "low")
