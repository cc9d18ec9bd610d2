"""Helpers shared by the security rules (no rules here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from flasklint.api import (
    ConfigSetting,
    FactProvider,
    FileContext,
    Finding,
    Loc,
    ModuleSummary,
    ProjectModel,
    call_tail,
    dotted_name,
    in_non_production_config,
    name_words,
    non_production_name,
    positional_args,
    string_value,
)

# extensions that sign users in: an app importing one has users whose rights a view can check
AUTH_PACKAGES = (
    "flask_login",
    "flask_jwt_extended",
    "flask_httpauth",
    "flask_security",
    "flask_praetorian",
    "flask_principal",
    "flask_multipass",
    "authlib",
)


def uses_auth_package(project: ProjectModel) -> bool:
    return any(imp.module.split(".")[0] in AUTH_PACKAGES for m in project.app_modules for imp in m.imports)


# settings files written to be copied (`local_settings_example.py`): not loaded as written, but what people copy
TEMPLATE_WORDS = frozenset({"example", "examples", "sample", "samples"})


def example_settings(path: str) -> bool:
    return any(word in TEMPLATE_WORDS for word in name_words(path))


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


@dataclass
class DevSettingsFact:
    loaded: list[str] = field(default_factory=list)  # what `from_object(...)` loads on every start, as written
    # `def create_app(config=DevelopmentConfig): app.config.from_object(config)`: (function, its default)
    defaults: list[tuple[str, str]] = field(default_factory=list)
    called_with_arguments: set[str] = field(default_factory=set)  # functions some app code calls with arguments
    # where each development setting is (placed after the walk), and its class ("": a settings file)
    dev_settings: list[tuple[Loc, str]] = field(default_factory=list)


class DevSettings(FactProvider):
    """Development settings, and which ones the app loads whatever the environment.

    Settings in a `DevelopmentConfig`/`TestingConfig` class or a `config/dev.py`
    file are exempt from the security rules only while production selects other
    settings. `app.config.from_object(DevelopmentConfig)` outside any `if`, in
    application code, loads them on every start, production included: then the
    exemption is lifted (`dev_setting_load`), whatever the name says.
    So does a factory whose default is a development config
    (`def create_app(config=DevelopmentConfig)`) when no application code calls
    it with a config of its own (`wsgi.py`'s `create_app()` runs the default).
    """

    name = "dev_settings"
    roles = frozenset({"app"})

    def __init__(self, ctx: FileContext, summary: ModuleSummary) -> None:
        super().__init__(ctx, summary)
        self._conditions = 0
        self._functions: list[tuple[str, dict[str, str]]] = []  # enclosing functions: name, parameter defaults

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        defaults = {
            param.name.value: target
            for param in (*node.params.params, *node.params.kwonly_params)
            if param.default is not None and (target := dotted_name(param.default) or string_value(param.default))
        }
        self._functions.append((node.name.value, defaults))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._functions.pop()

    @classmethod
    def empty(cls) -> DevSettingsFact:
        return DevSettingsFact()

    def visit_If(self, node: cst.If) -> None:
        self._conditions += 1

    def leave_If(self, original_node: cst.If) -> None:
        self._conditions -= 1

    def visit_Call(self, node: cst.Call) -> None:
        tail = call_tail(node)
        if tail != "from_object":
            if node.args and not self.ctx.is_test:
                self.found.called_with_arguments.add(tail)
            return
        if self._conditions or in_non_production_config(self.ctx):
            return
        args = positional_args(node)
        if not args:
            return
        target = string_value(args[0].value) or dotted_name(args[0].value)
        function, defaults = self._functions[-1] if self._functions else ("", {})
        if target in defaults:  # a parameter: what runs is its default, unless a caller passes another
            self.found.defaults.append((function, defaults[target]))
        elif target:
            self.found.loaded.append(target)

    def visit_ConfigSetting(self, setting: ConfigSetting) -> None:
        if setting.dev_only:
            cls = self.ctx.class_scope
            self.found.dev_settings.append((self.ctx.loc(setting.node), cls.name if cls is not None else ""))


# what a finding on a development setting says; `keeps` verifies the claim once the repository is known
LOADED_ON_EVERY_START = "in development settings the app loads on every start"


def loaded_dev_setting_stands(project: ProjectModel, finding: Finding) -> bool:
    """A finding that claims its development setting is loaded on every start stands only if it is."""
    if LOADED_ON_EVERY_START not in finding.message:
        return True
    load = dev_setting_load(project, finding)
    return load is None or load[0] != "never"


def dev_setting_load(project: ProjectModel, finding: Finding) -> tuple[str, str] | None:
    """How the development setting a finding is on gets loaded, and its class ("" for a settings file):
    "by name" (`from_object(DevelopmentConfig)` on every start), "by default" (a factory's default that no
    application code replaces), or "never"; None when the finding is not on a development setting.

    A class is loaded when a `from_object` target ends with its name; a settings
    file when a target names its module (`from_object("config.development")`).
    """
    module = next((m for m in project.app_modules if m.path == finding.path), None)
    if module is None:
        return None
    where = next((name for loc, name in module.fact(DevSettings).dev_settings if loc.line == finding.line), None)
    if where is None:
        return None
    facts = [m.fact(DevSettings) for m in project.app_modules]
    called = {name for fact in facts for name in fact.called_with_arguments}
    by_name = {target for fact in facts for target in fact.loaded}
    by_default = {target for fact in facts for function, target in fact.defaults if function not in called}

    def names(targets: set[str]) -> bool:
        if where:
            return any(target.rpartition(".")[2] == where for target in targets)
        return any(module.module == target or module.module.endswith("." + target) for target in targets)

    how = "by name" if names(by_name) else "by default" if names(by_default) else "never"
    return how, where
