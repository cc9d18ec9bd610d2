"""FL405 transactions: Failed transactions are rolled back."""

from __future__ import annotations

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, Invalid, PracticeRule, ProjectModel, Verdict, evidence, plural


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
        Invalid(
            """\
from app.models import db


def save(obj):
    db.session.add(obj)
    db.session.commit()
""",
            status="not met",
        ),
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
