"""Small helpers for rules that read libcst nodes (public through flasklint.api)."""

from __future__ import annotations

import re

import libcst as cst

from flasklint.analysis.context import FileContext, dotted_name, is_true, keyword_arg, positional_args, string_value

__all__ = ["is_true"]  # re-exported for the rule modules

# Words that mark configuration as not for production (DevelopmentConfig,
# settings/local.py, test_config.py); matched as whole words, so `devices` is not `dev`.
NON_PRODUCTION_WORDS = frozenset(
    {
        "dev",
        "develop",
        "development",
        "test",
        "tests",
        "testing",
        "local",
        "debug",
        "example",
        "examples",
        "sample",
        "samples",
        "demo",
    }
)
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")

AUTH_DECORATOR_WORDS = (
    "login_required",
    "jwt_required",
    "auth",
    "token_required",
    "roles_",
    "role_required",
    "permission",
    "logged_in",
    "admin_required",
    "admins_only",
    "admin_only",
    "user_required",
    "signed_in",
    "protected",
    "require_scope",
    "requires_scope",
)


def is_false(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"


def is_none(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def name_words(name: str) -> list[str]:
    """The lower-case words of a name or path: `DevelopmentConfig` -> development, config."""
    return [word.lower() for word in _WORD.findall(name)]


def non_production_name(name: str) -> bool:
    return any(word in NON_PRODUCTION_WORDS for word in name_words(name))


def in_non_production_config(ctx: FileContext) -> bool:
    """Inside a DevelopmentConfig/TestingConfig class, or a dev/test/local settings file."""
    cls = ctx.class_scope
    if cls is not None and non_production_name(cls.name):
        return True
    if ctx.serves_requests:  # `test_app.py` that builds the app and routes is the app, not a test settings file
        return False
    parts = ctx.path.removesuffix(".py").split("/")
    return any(non_production_name(part) for part in parts)


def is_dynamic_string(node: cst.BaseExpression) -> bool:
    """A string built at run time: f-string with fields, `%`, `+` or `.format()` on a string."""
    # exact types, as in call_tail
    if type(node) is cst.FormattedString:
        return any(type(p) is cst.FormattedStringExpression for p in node.parts)
    if type(node) is cst.BinaryOperation and type(node.operator) in (cst.Modulo, cst.Add):
        return _has_string(node.left) or _has_string(node.right)
    if type(node) is cst.Call and type(node.func) is cst.Attribute and node.func.attr.value == "format":
        return _has_string(node.func.value)
    return False


_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)


def _has_string(node: cst.BaseExpression) -> bool:
    if type(node) in _STRINGS:
        return True
    return type(node) is cst.BinaryOperation and (_has_string(node.left) or _has_string(node.right))


# a literal that fixes scheme and host: what follows can only choose a path on that host
FIXED_HOST = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/{}%?#]+/")


def leading_text(node: cst.BaseExpression) -> str:
    """The literal text a built string starts with: `f"https://api.x/{id}"` -> `https://api.x/`."""
    text = string_value(node)
    if text is not None:
        return text
    if isinstance(node, cst.FormattedString):
        first = node.parts[0] if node.parts else None
        return first.value if isinstance(first, cst.FormattedStringText) else ""
    if isinstance(node, cst.BinaryOperation):
        return leading_text(node.left)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "format":
        return leading_text(node.func.value)
    return ""


def fixed_host(url: cst.BaseExpression) -> bool:
    """A URL whose scheme and host are written in the code: the client can choose only the rest."""
    return bool(FIXED_HOST.match(leading_text(url)))


def literal_text(node: cst.BaseExpression) -> str | None:
    """Text of a string literal, or of the literal parts of a dynamic string."""
    text = string_value(node)
    if text is not None:
        return text
    if isinstance(node, cst.FormattedString):
        return "".join(p.value for p in node.parts if isinstance(p, cst.FormattedStringText))
    if isinstance(node, cst.BinaryOperation):
        return (literal_text(node.left) or "") + (literal_text(node.right) or "")
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return literal_text(node.func.value)
    return None


def first_arg(call: cst.Call) -> cst.BaseExpression | None:
    args = positional_args(call)
    return args[0].value if args else None


def kwarg_value(call: cst.Call, name: str) -> cst.BaseExpression | None:
    arg = keyword_arg(call, name)
    return arg.value if arg is not None else None


def callee(call: cst.Call) -> str:
    return dotted_name(call.func) or ""


def call_tail(call: cst.Call) -> str:
    """The name being called: `execute` in `db().execute(...)`, `redirect` in `redirect(...)`."""
    func = call.func  # exact types: isinstance() against libcst's ABCs is slow, and this is hot
    if type(func) is cst.Attribute:
        return func.attr.value
    return func.value if type(func) is cst.Name else ""


def is_auth_decorator(qualified: str) -> bool:
    tail = qualified.rpartition(".")[2].lower()
    return any(word in tail for word in AUTH_DECORATOR_WORDS)
