"""FL308 state-change-in-get: A GET route changes state."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from flasklint.api import (
    FactProvider,
    Finding,
    FunctionFact,
    Invalid,
    ProjectModel,
    ProjectRule,
    call_tail,
    kwarg_value,
    positional_args,
    string_value,
)

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


FILE_CHANGES = frozenset(
    {"os.remove", "os.unlink", "os.rename", "os.replace", "os.rmdir", "shutil.rmtree", "shutil.move"}
)
PATH_WRITES = frozenset({"write_text", "write_bytes", "unlink"})
WRITE_MODES = frozenset("wax+")
WRITE_TAILS = frozenset({"open", *PATH_WRITES, *(name.rpartition(".")[2] for name in FILE_CHANGES)})


class FileWrites(FactProvider):
    """Per function (qualname), the files it writes or removes: `open(path, "w")`, `Path.write_text`,
    `os.remove`. The call names the collector records do not say an `open()`'s mode."""

    name = "file_writes"
    roles = frozenset({"app"})

    @classmethod
    def empty(cls) -> dict[str, list[str]]:
        return {}

    def visit_Call(self, node: cst.Call) -> None:
        tail = call_tail(node)
        if tail not in WRITE_TAILS:  # every call of every app file passes here: resolve names only when needed
            return
        function = self.ctx.function
        if function is None:
            return
        qual = self.ctx.qualname(node.func) or ""
        written: str | None = None
        if qual in ("open", "io.open", "builtins.open"):
            args = positional_args(node)
            mode = string_value(kwarg_value(node, "mode")) or (string_value(args[1].value) if len(args) > 1 else None)
            if mode and WRITE_MODES & set(mode):
                written = f"open(..., {mode!r})"
        elif qual in FILE_CHANGES or tail in PATH_WRITES:
            written = qual or tail
        if written is not None:
            self.found.setdefault(function.qualname, []).append(written)


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
    themselves or through a helper of the project they call, and views that
    write or remove files (`open(path, "w")`, `Path.write_text`, `os.remove`). Links people
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
    needs = (FileWrites,)
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
                writes = _writes(func, helpers) + module.fact(FileWrites).get(func.qualname, [])
                if writes:
                    yield self.finding(
                        module.path, route.loc, f"GET {route.path or func.name} changes state ({writes[0]}())"
                    )
