"""FL105 modular-package: The application is split into modules by concern."""

from __future__ import annotations

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.architecture._shared import FACTORY_PACKAGE


class ModularPackage(PracticeRule):
    """The application is split into modules by concern.

    ## What it checks
    That routes and models live in different modules and the application
    spans at least three modules. Partly met with two modules. Not met when
    one module holds routes and models together (or everything). A small
    single-module app (at most five routes, no models) is not judged.

    ## Why it matters
    Separate modules for views, models, services and schemas keep each
    change small and each file readable, and make the dependency direction
    (views -> services -> models) visible.

    ## Example
    One 600-line `app.py` with models, forms, routes and helpers.

    ## Use instead
    ```
    app/__init__.py   app/models.py   app/schemas.py
    app/services/     app/api/        app/auth/
    ```
    """

    code = "FL105"
    name = "modular-package"
    skill = "architecture"
    severity = "medium"
    weight = 2.0
    good = (
        FACTORY_PACKAGE
        | {
            "app/models.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\nclass U(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n"
        },
    )
    bad = (
        Invalid(
            """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class Item(db.Model):
    id = db.Column(db.Integer, primary_key=True)


@app.get("/items")
def items():
    return {"n": 0}
""",
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        code_modules = [m for m in project.app_modules if m.lines > 5]
        route_modules = {m.path for m in code_modules if m.routes}
        model_modules = {m.path for m in code_modules if m.models}
        routes = sum(len(m.routes) for m in code_modules)
        if len(code_modules) <= 1 and not model_modules and routes <= 5:
            return Verdict(NOT_APPLICABLE, "a small single-module app")
        mixed = sorted(route_modules & model_modules)
        found = [evidence(path, 1, "routes and models in one module") for path in mixed[:3]]
        if mixed or len(code_modules) <= 1:
            return Verdict(
                NOT_MET, "routes and models live in the same module" if mixed else "everything is in one module", found
            )
        if len(code_modules) == 2:
            return Verdict(PARTLY, "the application is split into only two modules", found)
        return Verdict(MET, f"{len(code_modules)} modules; routes and models apart", found)
