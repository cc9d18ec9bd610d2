"""FL527 insecure-direct-object-reference: A signed-in user changes any record by putting its id in the URL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import FileContext, FileRule, Invalid, ProjectModel, call_tail, dotted_name, is_auth_decorator
from flasklint.rules.security._shared import uses_auth_package

LOADERS = frozenset({"get_or_404", "get", "first_or_404", "first", "one", "one_or_none", "get_by_id"})
# who is asking, or a check of what they may do: any of these in the view counts as the ownership check
OWNER_CHECK = re.compile(
    r"^(current_user|g\.user|g\.current_user|session|get_jwt_identity|get_current_user)\b"
    r"|(authori[sz]e|permission|can_|check_|is_owner|owns)",
    re.I,
)


@dataclass
class _View:
    params: set[str]
    loaded: dict[str, cst.CSTNode] = field(default_factory=dict)  # object name -> where it was loaded by URL id
    changed: list[str] = field(default_factory=list)  # objects written or deleted
    checks_owner: bool = False


def _integer(node: cst.BaseExpression) -> int | None:
    return int(node.value) if isinstance(node, cst.Integer) else None


class InsecureDirectObjectReference(FileRule):
    """A signed-in user changes any record by putting its id in the URL.

    ## What it checks
    A view behind an authentication decorator (`@login_required`,
    `@jwt_required()`, ...) that loads a record by an id from its URL
    (`db.get_or_404(Note, note_id)`, `Note.query.get(note_id)`,
    `filter_by(id=note_id).first()`), then changes or deletes it, and never
    asks who the user is (`current_user`, `g.user`, `session`, a JWT
    identity) or refuses someone (`abort(403)`, `can_edit(...)`).
    A helper that loads and checks (`get_post(id)` in Flask's tutorial) is
    not a direct load, and a view only administrators reach (an admin
    decorator) manages everyone's records by design.

    ## Why it matters
    Signing in proves who the user is, not that the record is theirs:
    `POST /notes/41/delete` deletes someone else's note by changing one
    number. This is an insecure direct object reference, the most common
    access-control hole in web APIs.

    ## Example
    ```python
    @app.post("/notes/<int:note_id>/delete")
    @login_required
    def delete_note(note_id):
        db.session.delete(db.get_or_404(Note, note_id))
    ```

    ## Use instead
    ```python
    note = db.get_or_404(Note, note_id)
    if note.owner_id != current_user.id:
        abort(403)
    db.session.delete(note)
    ```
    """

    code = "FL527"
    name = "insecure-direct-object-reference"
    skill = "security"
    severity = "high"
    weight = 1.0
    unit = "view"
    good = (
        """\
from flask import Flask, abort
from flask_login import current_user, login_required

from models import Note, db

app = Flask(__name__)


@app.post("/notes/<int:note_id>/delete")
@login_required
def delete_note(note_id):
    note = db.get_or_404(Note, note_id)
    if note.owner_id != current_user.id:
        abort(403)
    db.session.delete(note)
    db.session.commit()
    return "", 204
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, request
from flask_login import login_required

from models import Note, db

app = Flask(__name__)


@app.post("/notes/<int:note_id>")
@login_required
def edit_note(note_id):
    note = Note.query.get(note_id)
    note.body = request.form["body"]
    db.session.commit()
    return "", 204
""",
            expect=("app.py:12",),
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        """Judged where users sign in (an auth extension is imported): otherwise there is no owner to check."""
        if uses_auth_package(project):
            return None
        return "no sign-in extension (Flask-Login, Flask-JWT-Extended, ...) to judge ownership against"

    def __init__(self, ctx: FileContext) -> None:
        super().__init__(ctx)
        self.views: list[_View | None] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        info = self.ctx.function_info(node)
        auth = [d for d in info.decorators if is_auth_decorator(d)]
        # an administrators' view manages everyone's records: that is its job
        judged = info.role == "view" and auth and not any("admin" in d.lower() for d in auth)
        self.views.append(_View(set(info.route_params)) if judged and info.route_params else None)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        view = self.views.pop()
        if view is None or view.checks_owner:
            return
        for name in dict.fromkeys(view.changed):
            if name in view.loaded:
                self.report(view.loaded[name], f"{name} is loaded by the id in the URL and changed with no owner check")

    def _view(self) -> _View | None:
        return self.views[-1] if self.views else None

    def _by_url_id(self, call: cst.Call, view: _View) -> bool:
        """`get_or_404(Model, note_id)`, `Model.query.get(note_id)`, `filter_by(id=note_id).first()`."""
        if call_tail(call) not in LOADERS:
            return False
        names = {a.value.value for a in call.args if isinstance(a.value, cst.Name)}
        inner = call.func.value if isinstance(call.func, cst.Attribute) else None
        if isinstance(inner, cst.Call) and call_tail(inner) in ("filter_by", "filter"):
            names |= {a.value.value for a in inner.args if isinstance(a.value, cst.Name)}
        return bool(names & view.params)

    def visit_Assign(self, node: cst.Assign) -> None:
        view = self._view()
        if view is None:
            return
        for target in node.targets:
            if isinstance(target.target, cst.Name) and isinstance(node.value, cst.Call):
                if self._by_url_id(node.value, view):
                    view.loaded[target.target.value] = node
            elif isinstance(target.target, cst.Attribute) and isinstance(target.target.value, cst.Name):
                view.changed.append(target.target.value.value)  # `note.body = ...`

    def visit_Call(self, node: cst.Call) -> None:
        view = self._view()
        if view is None:
            return
        written = dotted_name(node.func) or ""
        refused = call_tail(node) == "abort" and node.args and _integer(node.args[0].value) in (401, 403)
        if OWNER_CHECK.search(written) or refused:
            view.checks_owner = True
        if call_tail(node) == "delete" and node.args and isinstance(node.args[0].value, cst.Name):
            view.changed.append(node.args[0].value.value)  # `db.session.delete(note)`

    def visit_Subscript(self, node: cst.Subscript) -> None:
        view = self._view()
        if view is not None and OWNER_CHECK.match(dotted_name(node.value) or ""):
            view.checks_owner = True  # `session["user_id"]`

    def visit_Attribute(self, node: cst.Attribute) -> None:
        view = self._view()
        if view is not None and OWNER_CHECK.match(dotted_name(node) or ""):
            view.checks_owner = True
