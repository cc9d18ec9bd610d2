"""FL406 model-constraints: Models declare indexes and constraints."""

from __future__ import annotations

import libcst as cst

from flasklint.api import (
    MET,
    NOT_MET,
    FactProvider,
    Invalid,
    PracticeRule,
    ProjectModel,
    Verdict,
    dotted_name,
    evidence,
    is_true,
    plural,
)
from flasklint.rules.data_layer._shared import MODELS

FIELD_CALLS = frozenset({"Column", "mapped_column", "relationship"})
CONSTRAINT_CALLS = frozenset({"Index", "UniqueConstraint", "CheckConstraint"})


class ClassConstraints(FactProvider):
    """Per class body: how many indexes and constraints it declares
    (`index=True` / `unique=True` on a column, `Index(...)`, `UniqueConstraint(...)`,
    `CheckConstraint(...)`)."""

    name = "class-constraints"
    roles = frozenset({"app"})

    @classmethod
    def empty(cls) -> dict[str, int]:
        return {}

    def visit_Call(self, node: cst.Call) -> None:
        ctx = self.ctx
        cls = ctx.class_scope
        if cls is None or ctx.scope is not cls or not ctx.at_import_time:
            return
        tail = (dotted_name(node.func) or "").rpartition(".")[2]
        if tail in CONSTRAINT_CALLS or (
            tail in FIELD_CALLS
            and any(
                a.keyword is not None and a.keyword.value in ("index", "unique") and is_true(a.value) for a in node.args
            )
        ):
            self.found[cls.name] = self.found.get(cls.name, 0) + 1


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
    needs = (ClassConstraints,)
    name = "model-constraints"
    skill = "data-layer"
    severity = "low"
    weight = 1.0
    good = (MODELS,)
    bad = (
        Invalid(
            """\
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120))
""",
            status="not met",
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        return None if any(m.models for m in project.app_modules) else "no ORM models in the code"

    def judge(self, project: ProjectModel) -> Verdict:
        models = [(m, model) for m in project.app_modules for model in m.models]
        counts = {(m.path, model.name): m.fact(ClassConstraints).get(model.name, 0) for m, model in models}
        constrained = [(m, model) for m, model in models if counts[m.path, model.name]]
        found = [
            evidence(m.path, model.loc, f"{model.name}: {plural(counts[m.path, model.name], 'index/constraint')}")
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
