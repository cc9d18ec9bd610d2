"""FL404 query-in-loop: A query runs once per row of another query (N+1)."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileContext, FileRule, FunctionStack, Invalid, callee, descendants, flaskapi


def _is_query(expr: cst.CSTNode) -> bool:
    """An expression that runs a database query: `X.query...`, `session.execute(...)`, `.scalars()`."""
    for node in descendants(expr):
        # exact types: isinstance() against libcst's ABCs is slow, and this sees every node
        if type(node) is cst.Attribute and node.attr.value == "query":
            return True
        if type(node) is cst.Call:
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
    unit = "module"
    surface = flaskapi.DATABASE_SURFACE
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
        Invalid(
            """\
from app.models import Customer, Order


def orders():
    result = []
    for order in Order.query.all():
        customer = Customer.query.get(order.customer_id)
        result.append((order.id, customer.name))
    return result
""",
            expect=("app.py:6",),
        ),
    )

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        # per function (and the module): names assigned a query's results
        self.query_names: FunctionStack[set[str]] = FunctionStack(set, module_frame=True)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.query_names.push()

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.query_names.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if _is_query(node.value):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.query_names.current.add(target.target.value)

    def visit_For(self, node: cst.For) -> None:
        source = node.iter
        over_rows = _is_query(source) or (isinstance(source, cst.Name) and source.value in self.query_names.current)
        if over_rows and _is_query(node.body):
            self.report(node, "a query runs inside a loop over query results (N+1); load it eagerly or in one query")
