"""FL514 password-hashing: Passwords are stored hashed and checked with a constant-time compare."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import (
    MET,
    NOT_APPLICABLE,
    NOT_MET,
    PARTLY,
    FactProvider,
    Invalid,
    Loc,
    PracticeRule,
    ProjectModel,
    Verdict,
    dotted_name,
    evidence,
)

HASH_CALLS = frozenset(
    {
        "generate_password_hash",
        "check_password_hash",
        "hashpw",
        "checkpw",
        "gensalt",
        "PasswordHasher",
        "hash_password",
        "verify_password",
        "pbkdf2_hmac",
        "scrypt",
        "CryptContext",
    }
)


HASH_LIBRARIES = frozenset({"passlib", "argon2", "bcrypt"})
# SQL that writes a password column or matches rows by it
PASSWORD_SQL = re.compile(
    r"(?is)(insert\s+into\s+\w+\s*\([^)]*\bpass(word|wd)?\b[^)]*\)|update\s+\w+\s+set\b.*\bpass(word|wd)?\s*="
    r"|\bwhere\b.*\bpass(word|wd)?\s*=)"
)


def _is_password_name(name: str) -> bool:
    """`password`, `user.password`, `pwd`: a password, not its hash."""
    last = name.rpartition(".")[2].lower()
    return last in ("password", "passwd", "pwd", "pass_word", "user_password") and "hash" not in last


@dataclass
class PasswordUse:
    fields: list[tuple[str, Loc]] = field(default_factory=list)  # model columns holding a password
    compares: list[Loc] = field(default_factory=list)  # `user.password == form_password`
    hashing: list[tuple[str, Loc]] = field(default_factory=list)  # (function, where) of a hashing library's call
    self_hashing: bool = False  # a PasswordType column: `user.password == given` compares hashes


class PasswordStorage(FactProvider):
    """Where application code stores passwords in columns and compares them with `==`."""

    name = "password-storage"
    roles = frozenset({"app"})

    @classmethod
    def empty(cls) -> PasswordUse:
        return PasswordUse()

    def visit_Comparison(self, node: cst.Comparison) -> None:
        if len(node.comparisons) != 1 or not isinstance(node.comparisons[0].operator, (cst.Equal, cst.NotEqual)):
            return
        sides = (node.left, node.comparisons[0].comparator)
        # a stored password attribute compared with something: `user.password == given`
        # (two local names, as in `password == confirm`, is a form check, not storage)
        if any(isinstance(s, cst.Attribute) and _is_password_name(s.attr.value) for s in sides):
            self.found.compares.append(self.ctx.loc(node))

    def visit_Call(self, node: cst.Call) -> None:
        """passlib (`sha256_crypt.hash`, `CryptContext`), argon2, bcrypt, `hashlib.pbkdf2_hmac`/`scrypt`."""
        qualified = self.ctx.qualname(node.func) or ""
        if qualified.split(".")[0] in HASH_LIBRARIES or qualified in ("hashlib.pbkdf2_hmac", "hashlib.scrypt"):
            function = self.ctx.function
            where = f"{function.qualname}()" if function else "module code"
            self.found.hashing.append((where, self.ctx.loc(node)))

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        """Raw SQL that writes or matches a password column: `INSERT INTO user (name, password) ...`."""
        text = node.value
        if "password" in text.lower() and PASSWORD_SQL.search(text):
            self.found.fields.append(("password", self.ctx.loc(node)))

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._column(target.target, node.value)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._column(node.target, node.value)

    def _column(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        """`password = db.Column(...)` in a model's class body."""
        ctx = self.ctx
        if ctx.scope.kind != "class" or not ctx.at_import_time or not isinstance(value, cst.Call):
            return
        if (dotted_name(value.func) or "").rpartition(".")[2] not in ("Column", "mapped_column"):
            return
        if isinstance(target, cst.Name) and _is_password_name(target.value):
            if any(
                isinstance(a.value, cst.Call) and (dotted_name(a.value.func) or "").endswith("PasswordType")
                for a in value.args
            ):  # sqlalchemy-utils hashes on assignment and compares hashes with ==
                self.found.hashing.append((f"{target.value} = Column(PasswordType)", ctx.loc(target)))
                self.found.self_hashing = True
            else:
                self.found.fields.append((target.value, ctx.loc(target)))


class PasswordHashing(PracticeRule):
    """Passwords are stored hashed and checked with a constant-time compare.

    ## What it checks
    When the code handles passwords (a model column named `password`, raw
    SQL that writes a password column or matches rows by it, a stored
    password compared with `==`, or hashing calls), that passwords go
    through `generate_password_hash` / `check_password_hash`, bcrypt,
    argon2, passlib (`sha256_crypt.hash`, `CryptContext`) or
    `hashlib.pbkdf2_hmac`/`scrypt`, and are never compared in plain text.
    Not applicable when the app has no passwords.

    ## Why it matters
    A leaked database of plain-text passwords is every user's password, on
    this site and the others where they reused it. A hash costs an attacker
    years per password instead of nothing.

    ## Example
    ```python
    if user.password == request.form["password"]:
        login_user(user)
    ```

    ## Use instead
    ```python
    user.password_hash = generate_password_hash(password)
    if check_password_hash(user.password_hash, request.form["password"]): ...
    ```
    """

    code = "FL514"
    needs = (PasswordStorage,)
    name = "password-hashing"
    skill = "security"
    severity = "high"
    weight = 3.0
    good = (
        """\
from flask_sqlalchemy import SQLAlchemy
from werkzeug.security import check_password_hash, generate_password_hash

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    password_hash = db.Column(db.String(256))

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)
""",
    )
    bad = (
        Invalid(
            """\
from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    password = db.Column(db.String(80))


@app.post("/login")
def login():
    user = User.query.filter_by(name=request.form["name"]).first()
    if user.password == request.form["password"]:
        return "welcome"
    return "no", 401
""",
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        modules = project.app_modules
        use = project.facts(PasswordStorage, modules)
        hashing = [
            (m, f"{f.qualname}()", f.loc)
            for m in modules
            for f in m.functions
            if any(c.rpartition(".")[2] in HASH_CALLS for c in f.calls)
        ]
        hashing += [(m, what, loc) for m, found in use for what, loc in found.hashing]
        self_hashing = any(found.self_hashing for _, found in use)
        compares = [] if self_hashing else [(m, loc) for m, found in use for loc in found.compares]
        fields = [(m, name, loc) for m, found in use for name, loc in found.fields]
        if not (hashing or compares or fields):
            return Verdict(NOT_APPLICABLE, "the code handles no passwords")
        found = [evidence(m.path, loc, "stored password compared with ==") for m, loc in compares[:3]]
        found += [evidence(m.path, loc, f"column `{name}` holds a password") for m, name, loc in fields[:3]]
        found += [evidence(m.path, loc, f"{name} hashes or checks a password") for m, name, loc in hashing[:3]]
        if hashing and not compares:
            return Verdict(MET, "passwords are hashed", found)
        if hashing:
            return Verdict(PARTLY, "passwords are hashed, but a stored password is also compared with ==", found)
        return Verdict(NOT_MET, "passwords are stored or compared in plain text", found)
