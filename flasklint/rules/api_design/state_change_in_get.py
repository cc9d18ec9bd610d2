"""FL308 state-change-in-get: A GET route changes state."""

from __future__ import annotations

import re
from collections.abc import Iterator

from flasklint.api import Finding, FunctionFact, Invalid, ProjectModel, ProjectRule

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
    "drop_all",
    "create_all",
)
# links a user follows from an email or a provider's redirect: GET is how they arrive
LINK_ENDPOINT = re.compile(
    r"(?i)(confirm|verif|activat|unsubscribe|callback|oauth|authorize|logout|sign_?out|magic"
    r"|(^|[/_])(auth|login|sso|saml)([/_<]|$))"
)


def _writes(function: FunctionFact, helpers: dict[str, FunctionFact]) -> list[str]:
    """Writes the view makes itself or through a helper of the project it calls (one call away)."""
    found = {c for c in function.calls if c.endswith(WRITES)}
    for call in function.calls:
        helper = helpers.get(call.rpartition(".")[2])
        if helper is not None and helper is not function:
            found |= {f"{helper.name}() -> {c}" for c in helper.calls if c.endswith(WRITES)}
    return sorted(found)


class StateChangeInGet(ProjectRule):
    """A GET route changes state.

    ## What it checks
    Views reachable only by GET that commit, add or delete through the
    database session (or a document store's `insert_one` / `update_one` /
    `delete_one`, `.save()` / `.delete()`, or drop and create tables),
    themselves or through a helper of the project they call. Links people
    follow from an email or a provider's redirect (confirmation, activation,
    unsubscribe, OAuth/SSO callback and login, logout) are expected to arrive
    by GET.

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
        helpers = {
            f.name: f
            for m in project.app_modules
            for f in m.functions
            if f.role is None and f.class_name is None and not f.is_test
        }
        for module in project.app_modules:
            functions = {f.qualname: f for f in module.functions}
            for route in module.routes:
                func = functions.get(route.function)
                if route.methods != ("GET",) or func is None:
                    continue
                if LINK_ENDPOINT.search(route.path or "") or LINK_ENDPOINT.search(func.name):
                    continue
                writes = _writes(func, helpers)
                if writes:
                    yield self.finding(
                        module.path, route.loc, f"GET {route.path or func.name} changes state ({writes[0]}())"
                    )
