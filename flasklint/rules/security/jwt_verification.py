"""FL511 jwt-verification: JWTs are decoded without verifying them."""

from __future__ import annotations

import libcst as cst

from flasklint.api import FileRule, Invalid, is_false, kwarg_value, string_value


class JwtVerification(FileRule):
    """JWTs are decoded without verifying them.

    ## What it checks
    `jwt.decode(...)` with `options={"verify_signature": False}`,
    `verify=False`, or `"none"` among the accepted algorithms; and
    `jwt.decode(token, key)` without `algorithms=` (PyJWT accepted whatever
    the token claimed before 2.0).

    ## Why it matters
    An unverified token is just JSON the client wrote: anyone can claim to be
    any user, or an administrator.

    ## Example
    ```python
    claims = jwt.decode(token, options={"verify_signature": False})
    ```

    ## Use instead
    ```python
    claims = jwt.decode(token, key, algorithms=["HS256"])
    ```
    or flask-jwt-extended's `@jwt_required()`.
    """

    code = "FL511"
    name = "jwt-verification"
    skill = "security"
    severity = "high"
    weight = 2.0
    unit = "repository"
    surface = ("jwt", "flask_jwt_extended", "flask_jwt", "jose", "authlib")
    good = (
        """\
import jwt


def claims(token, key):
    return jwt.decode(token, key, algorithms=["HS256"])
""",
    )
    bad = (
        Invalid(
            """\
import jwt


def claims(token):
    return jwt.decode(token, options={"verify_signature": False})
""",
            expect=("app.py:5",),
        ),
        Invalid(
            """\
import jwt


def claims(token, key):
    return jwt.decode(token, key, algorithms=["HS256", "none"])
""",
            expect=("app.py:5",),
        ),
    )

    def visit_Call(self, node: cst.Call) -> None:
        if self.ctx.qualname(node.func) not in ("jwt.decode", "jose.jwt.decode", "jwt.api_jwt.decode"):
            return
        options = kwarg_value(node, "options")
        if isinstance(options, cst.Dict):
            for element in options.elements:
                if isinstance(element, cst.DictElement) and string_value(element.key) == "verify_signature":
                    if is_false(element.value):
                        self.report(node, "jwt.decode() with verify_signature=False accepts forged tokens")
                        return
        if is_false(kwarg_value(node, "verify")):
            self.report(node, "jwt.decode(verify=False) accepts forged tokens")
            return
        algorithms = kwarg_value(node, "algorithms")
        if isinstance(algorithms, (cst.List, cst.Tuple)):
            if any((string_value(e.value) or "").lower() == "none" for e in algorithms.elements):
                self.report(node, 'jwt.decode() accepts the "none" algorithm: unsigned tokens pass')
        elif algorithms is None:
            self.report(node, "jwt.decode() without algorithms=: the token chooses how it is checked", "medium")
