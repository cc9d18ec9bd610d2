"""FL403 legacy-query-api: The legacy `Model.query` / `session.query()` API is used."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, callee, flaskapi


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
    unit = "module"
    surface = flaskapi.DATABASE_SURFACE
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
        Invalid(
            """\
from app.models import User


def one(user_id):
    return User.query.get(user_id)
""",
            expect=("app.py:5",),
        ),
        Invalid(
            """\
from app.models import User, db


def active():
    return db.session.query(User).filter(User.active).all()
""",
            expect=("app.py:5",),
        ),
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
