"""FL308 state-change-in-get: A GET route changes state."""

from __future__ import annotations

from collections.abc import Iterator

from flasklint.api import Finding, Invalid, ProjectModel, ProjectRule

WRITES = (
    "commit",
    "session.add",
    "session.delete",
    "session.merge",
    "insert_one",
    "update_one",
    "delete_one",
    "save",
    "delete",
)


class StateChangeInGet(ProjectRule):
    """A GET route changes state.

    ## What it checks
    Views reachable only by GET that commit, add or delete through the
    database session (or a document store's `insert_one` / `update_one` /
    `delete_one`, or `.save()` / `.delete()`).

    ## Why it matters
    GET must be safe: browsers prefetch links, crawlers follow them, proxies
    retry them, and a cross-site `<img src=...>` can trigger them with the
    user's cookies.

    ## Example
    ```python
    @bp.get("/items/<int:item_id>/delete")
    def delete_item(item_id):
        db.session.delete(Item.query.get(item_id))
        db.session.commit()
    ```

    ## Use instead
    ```python
    @bp.delete("/items/<int:item_id>")
    def delete_item(item_id): ...
    ```
    """

    code = "FL308"
    name = "state-change-in-get"
    skill = "api-design"
    severity = "medium"
    weight = 2.0
    unit = "view"
    good = (
        """\
from flask import Flask

app = Flask(__name__)


@app.get("/items")
def items():
    return {"items": []}


@app.post("/items")
def add_item():
    app.db.session.add(object())
    app.db.session.commit()
    return "", 201
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask

app = Flask(__name__)


@app.route("/items/<int:item_id>/delete")
def delete_item(item_id):
    app.db.session.delete(object())
    app.db.session.commit()
    return "deleted"
""",
            expect=("app.py:6",),
        ),
    )

    def check(self, project: ProjectModel) -> Iterator[Finding]:
        for module in project.app_modules:
            functions = {f.qualname: f for f in module.functions}
            for route in module.routes:
                func = functions.get(route.function)
                if route.methods != ("GET",) or func is None:
                    continue
                writes = sorted({c for c in func.calls if c.endswith(WRITES)})
                if writes:
                    yield self.finding(
                        module.path, route.loc, f"GET {route.path or func.name} changes state ({writes[0]}())"
                    )
