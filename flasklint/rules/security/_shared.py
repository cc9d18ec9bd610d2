"""Helpers shared by the security rules (no rules here)."""

from __future__ import annotations

import re

from flasklint.api import non_production_name

SECRET_NAME = re.compile(r"(secret|password|passwd|token|api_?key|private_?key|salt|credential)", re.IGNORECASE)


NOT_SECRET_NAME = re.compile(
    r"(_url|_uri|_file|_path|_dir|_directory|_expires?|_expiration|_length|_min|_max|_lifetime|_header|_name"
    r"|_location|_hash|_algorithm|_scheme|_method|_field|_prefix|_suffix|_enabled|_required)$",
    re.I,
)
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# a default that says it must be replaced: weak, and worth a look, but not a leaked secret
PLACEHOLDER = re.compile(
    r"(change|replace|your[-_ ]|dummy|example|sample|placeholder|insecure|not[-_ ]?secret|todo|fixme|default"
    r"|^dev|development|^test|testing|^x+$)",
    re.I,
)


def secret_name(name: str) -> bool:
    """A name that says it holds a secret: `SECRET_KEY`, `DB_PASSWORD`, `api_token` (not `TOKEN_URL`)."""
    return (
        bool(IDENTIFIER.match(name))
        and bool(SECRET_NAME.search(name))
        and not NOT_SECRET_NAME.search(name)
        and not non_production_name(name)  # test_password, DEV_SECRET: fixtures, not secrets
    )


def secret_text(text: str, name: str = "") -> str | None:
    """How a literal assigned to a secret-named key reads: "secret", "placeholder", or None.

    None for what is plainly not a secret: an empty or very short value, a
    mask (`***`, `--------`), a path, an upper-case code (`ACCOUNT_ERR_03`),
    prose or a label of several words, a template field (`{{ key }}`,
    `{flask_secret_key}`), a boolean, a salt that names a namespace
    (`SESSION_SIGNER_SALT = "js_session"`), the key's own name (`RESET_PASSWORD =
    "reset_password"`, an endpoint or an enum value).
    """
    value = text.strip()
    own_name = name and re.sub(r"[\W_]", "", value).lower() == re.sub(r"[\W_]", "", name).lower()
    if own_name and name.upper() != "SECRET_KEY" and not re.search(r"\s", value):
        return None  # a label or endpoint named like the key; `SECRET_KEY = "secret key"` is a (weak) key
    if len(value) < 4 or len(set(value)) <= 2:
        return None
    if value.startswith(("/", "./", "../", "~/")) or re.match(r"^[A-Za-z]:\\", value):
        return None
    if re.fullmatch(r"[A-Z0-9_]+", value) or value.lower() in ("true", "false", "none", "null", "yes", "no"):
        return None
    if len(value.split()) >= 4 or "{" in value:
        return None
    if re.search("salt", name, re.I) and re.fullmatch(r"[a-z][a-z0-9_.:-]*", value):
        return None  # an itsdangerous salt such as "js_session" namespaces signatures; it is not secret
    return "placeholder" if PLACEHOLDER.search(value) else "secret"
