"""FL104 config-from-environment: Configuration comes from config objects and the environment."""

from __future__ import annotations

from flasklint.api import MET, NOT_APPLICABLE, NOT_MET, PARTLY, Invalid, PracticeRule, ProjectModel, Verdict, evidence
from flasklint.rules.architecture._shared import FACTORY_PACKAGE

CONFIG_LOADERS = ("from_object", "from_pyfile", "from_envvar", "from_prefixed_env", "from_file", "from_mapping")


ENV_LOADERS = frozenset({"from_envvar", "from_prefixed_env"})
# libraries whose whole job is reading settings from the environment
SETTINGS_LIBRARIES = frozenset({"environs", "decouple", "pydantic_settings", "dynaconf", "envparse", "dotenv"})


class ConfigFromEnvironment(PracticeRule):
    """Configuration comes from config objects and the environment.

    ## What it checks
    That the app loads configuration with `app.config.from_object(...)`,
    `from_prefixed_env()`, `from_envvar()`, `from_pyfile()` / `from_file()`
    or `from_mapping()`, and that some settings are read from the
    environment (`os.environ`, `os.getenv`, or a settings library:
    environs, python-decouple, pydantic-settings, dynaconf, python-dotenv).
    Partly met with only one of the two.

    ## Why it matters
    The same code runs in development, CI and production; what differs
    (database URL, secrets, debug) must come from outside the code, in one
    place a reviewer can find.

    ## Example
    ```python
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://prod-db/app"
    ```

    ## Use instead
    ```python
    app.config.from_object(config_by_name[name])
    app.config.from_prefixed_env()     # FLASK_SQLALCHEMY_DATABASE_URI=...
    ```
    """

    code = "FL104"
    name = "config-from-environment"
    skill = "architecture"
    severity = "medium"
    weight = 2.0
    good = (
        FACTORY_PACKAGE
        | {"app/config.py": "import os\n\n\nclass ProductionConfig:\n    SECRET_KEY = os.environ['SECRET_KEY']\n"},
    )
    bad = (
        Invalid(
            'from flask import Flask\n\napp = Flask(__name__)\napp.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://db/app"\n',
            status="not met",
        ),
    )

    def judge(self, project: ProjectModel) -> Verdict:
        if not (any(m.objects_of("app") for m in project.app_modules) or project.factories):
            return Verdict(NOT_APPLICABLE, "no Flask application is created in the code")
        loaders = [(m, c) for m in project.app_modules for c in m.calls_named(*CONFIG_LOADERS)]
        # from_envvar / from_prefixed_env read the environment themselves; so do settings libraries
        env = [
            m
            for m in project.app_modules
            if m.reads_env
            or any(c.name.rpartition(".")[2] in ENV_LOADERS for c in m.calls)
            or any(i.module.split(".")[0] in SETTINGS_LIBRARIES for i in m.imports)
        ]
        found = [evidence(m.path, c.loc, f"{c.name}()") for m, c in loaders[:3]]
        found += [evidence(m.path, 1, "reads environment variables") for m in env[:2]]
        if loaders and env:
            return Verdict(MET, "configuration is loaded from config objects and the environment", found)
        if loaders or env:
            missing = "nothing is read from the environment" if loaders else "no app.config.from_* loading"
            return Verdict(PARTLY, missing, found)
        return Verdict(NOT_MET, "configuration is hard-coded: no config loading and no environment reads", found)
