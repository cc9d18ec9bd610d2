"""FL305 pagination: List endpoints are paginated."""

from __future__ import annotations

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    FunctionFact,
    Invalid,
    PracticeRule,
    ProjectModel,
    Verdict,
    every,
    evidence,
    plural,
)
from flasklint.rules.api_design._shared import _api_views


class Pagination(PracticeRule):
    """List endpoints are paginated.

    ## What it checks
    GET views of a JSON API that fetch collections (`.all()`, `.scalars()`)
    use pagination (`.paginate()`, `db.paginate`, `.limit()` / `.offset()`,
    or a pagination decorator: flask-smorest's `@blp.paginate()`,
    `@api.paginate()`). A resource's `get` method counts as a GET view.
    Partly met when some do. Not applicable without list endpoints.

    ## Why it matters
    An unpaginated list endpoint returns the whole table: fine with ten rows
    in development, a timeout and a memory spike with a million in
    production.

    ## Example
    ```python
    @bp.get("/orders")
    def orders():
        return [o.to_dict() for o in Order.query.all()]
    ```

    ## Use instead
    ```python
    page = db.paginate(db.select(Order), page=request.args.get("page", 1, type=int), per_page=50)
    ```
    """

    code = "FL305"
    name = "pagination"
    skill = "api-design"
    severity = "low"
    weight = 1.0
    good = (
        """\
from flask import Flask, request

app = Flask(__name__)


@app.get("/orders")
def orders():
    page = app.db.paginate(app.db.select(object), page=request.args.get("page", 1, type=int))
    return {"items": [o.id for o in page.items]}
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)


@app.get("/orders")
def orders():
    return {"items": [o.id for o in Order.query.all()]}
""",
            status="not met",
        ),
    )

    LISTS = ("all", "scalars")
    PAGES = ("paginate", "limit", "offset", "slice", "keyset_page")

    @staticmethod
    def _paginated(view: FunctionFact) -> bool:
        """A pagination decorator: flask-smorest's `@blp.paginate()`, flask-restplus-server's `@api.paginate()`."""
        return any(d.rpartition(".")[2] == "paginate" for d in view.decorators)

    def _pages(self, view: FunctionFact) -> bool:
        return self._paginated(view) or any(c.rpartition(".")[2] in self.PAGES for c in view.calls)

    def judge(self, project: ProjectModel) -> Verdict:
        methods = {(m.path, r.function): r.methods for m in project.app_modules for r in m.routes}
        lists = [
            (m, f)
            for m, f in _api_views(project)
            # a function view routed for GET alone, or a resource class's `get` method
            if (methods.get((m.path, f.qualname)) == ("GET",) or (f.class_name is not None and f.name == "get"))
            and (any(c.rpartition(".")[2] in (*self.LISTS, *self.PAGES) for c in f.calls) or self._paginated(f))
        ]
        if not lists:
            return Verdict(NOT_APPLICABLE, "no list endpoints")
        paged = [(m, f) for m, f in lists if self._pages(f)]
        unpaged = [(m, f) for m, f in lists if not self._pages(f)]
        found = [evidence(m.path, f.loc, f"{f.qualname}() returns a whole collection") for m, f in unpaged[:5]]
        if not unpaged:
            return Verdict(MET, every(len(lists), "list endpoint", "paginate"), found)
        status = PARTLY if paged else NOT_MET
        return Verdict(
            status, f"{len(unpaged)} of {plural(len(lists), 'list endpoint')} return whole collections", found
        )
