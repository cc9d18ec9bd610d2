"""FL524 weak-password-storage: A password is stored as sent, or hashed with a fast hash."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.api import (
    FileRule,
    Finding,
    Invalid,
    ProjectModel,
    call_tail,
    descendants,
    first_arg,
    literal_text,
    string_value,
)

PASSWORD = re.compile(r"pass(word|wd)|\bpwd\b|^pwd|_pwd$", re.I)
PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "pw"})
WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
FAST_HASHES = frozenset({"md5", "sha1", "sha224", "sha256", "sha384", "sha512", "blake2b", "blake2s", "new"})
AS_SENT_ATTRIBUTE = "is stored as the request sent it: a plain-text password"
AS_SENT_KEYWORD = "stores the password as sent"
WRITES = re.compile(r"\b(insert\s+into|update\s+\w+\s+set)\b", re.I)


def _names_in(node: cst.CSTNode) -> set[str]:
    """Names, attributes and string keys in an expression: `password`, `request.form["password"]`."""
    found: set[str] = set()
    for current in descendants(node):
        if isinstance(current, cst.Name):
            found.add(current.value)
        elif isinstance(current, cst.SimpleString):
            found.add(string_value(current) or "")
    return found


def _password_field(name: str) -> bool:
    """`password`, `new_password`, `userPassword`; not `password_hash`, `passwd_expires`, `password_reset_at`."""
    words = WORD.findall(name)
    return bool(words) and words[-1].lower() in PASSWORD_WORDS


class WeakPasswordStorage(FileRule):
    """A password is stored as sent, or hashed with a fast hash.

    ## What it checks
    A password field set from request data as written (`user.password =
    request.form["password"]`, `User(password=...)`), an `INSERT`/`UPDATE`
    of a password column given the request's password as a parameter, and
    `hashlib.md5/sha1/sha256/...` of a password. A model that hashes what it
    is given (a `password` property, or an `__init__` beside a `set_password`
    method) is fine. `generate_password_hash`,
    bcrypt, argon2, passlib and `hashlib.pbkdf2_hmac`/`scrypt` are the
    hashes to use.

    ## Why it matters
    A leaked table of plain-text passwords is every user's password, here
    and wherever they reused it. SHA-256 is built to be fast: a graphics card
    tries billions of guesses a second against it, so an unsalted fast hash
    falls to a dictionary in minutes.

    ## Example
    ```python
    user.password = hashlib.sha256(request.form["password"].encode()).hexdigest()
    ```

    ## Use instead
    ```python
    user.password_hash = generate_password_hash(request.form["password"])
    ```
    """

    code = "FL524"
    name = "weak-password-storage"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    # judged where the app handles passwords (a finding anywhere makes it apply too)
    surface = ("hashlib", "werkzeug.security", "bcrypt", "passlib", "argon2", ".set_password", ".check_password")
    good = (
        """\
import hashlib

from flask import Flask, request
from werkzeug.security import generate_password_hash

from models import User, db

app = Flask(__name__)


@app.post("/register")
def register():
    user = User(name=request.form["name"], password_hash=generate_password_hash(request.form["password"]))
    user.checksum = hashlib.sha256(request.files["avatar"].read()).hexdigest()
    db.session.add(user)
    return "", 201
""",
    )
    bad = (
        Invalid(
            """\
import hashlib

from flask import Flask, request

from models import User, db

app = Flask(__name__)


@app.post("/register")
def register():
    user = User(name=request.form["name"], password=request.form["password"])
    user.password = hashlib.md5(request.form["password"].encode()).hexdigest()
    db.session.add(user)
    return "", 201
""",
            expect=("app.py:12", "app.py:13"),
        ),
    )

    @classmethod
    def keeps(cls, project: ProjectModel, finding: Finding) -> bool:
        """A model that hashes what it is given is not storing the password as sent: a class with a
        `password` property (its setter hashes), or an `__init__` beside a `set_password`-like method."""
        methods = {f.qualname for module in project.app_modules for f in module.functions}
        if finding.message.endswith(AS_SENT_ATTRIBUTE):
            return not any(q.rpartition(".")[2] == "password" and "." in q for q in methods)
        if finding.message.endswith(AS_SENT_KEYWORD):
            owner = finding.message.partition("(")[0]
            hashes = any(q.startswith(owner + ".") and "password" in q.lower() for q in methods)
            return not (hashes and f"{owner}.__init__" in methods) and f"{owner}.password" not in methods
        return True

    def _direct(self, value: cst.BaseExpression) -> bool:
        return self.ctx.request_flow(value) == "direct"

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            field = target.target
            if isinstance(field, cst.Attribute) and _password_field(field.attr.value) and self._direct(node.value):
                self.report(node, f"{field.attr.value} {AS_SENT_ATTRIBUTE}")

    def visit_Call(self, node: cst.Call) -> None:
        tail = call_tail(node)
        qual = self.ctx.qualname(node.func) or ""
        if qual.startswith("hashlib.") and tail in FAST_HASHES:
            hashed = first_arg(node) if tail != "new" else (node.args[1].value if len(node.args) > 1 else None)
            if hashed is not None and any(_password_field(n) for n in _names_in(hashed)):
                self.report(node, f"hashlib.{tail}() of a password: a fast hash, guessed by the billion")
            return
        if tail[:1].isupper():
            for arg in node.args:
                if arg.keyword is not None and _password_field(arg.keyword.value) and self._direct(arg.value):
                    self.report(node, f"{tail}({arg.keyword.value}=...) {AS_SENT_KEYWORD}")
                    return
        elif tail in ("execute", "executemany") and len(node.args) > 1:
            sql = literal_text(node.args[0].value) or ""
            if WRITES.search(sql) and PASSWORD.search(sql) and self._params_carry_password(node.args[1].value):
                self.report(node, "the request's password is written to the database as sent")

    def _params_carry_password(self, params: cst.BaseExpression) -> bool:
        elements = params.elements if isinstance(params, (cst.Tuple, cst.List)) else []
        for element in elements:
            value = element.value
            if self._direct(value) and any(_password_field(n) for n in _names_in(value)):
                return True
        return False
