"""FL401 migrations: Models come with a migration history."""

from __future__ import annotations

import configparser
import posixpath
import re

from flasklint.api import (
    MET,
    NOT_MET,
    Evidence,
    Invalid,
    PracticeRule,
    ProjectModel,
    Verdict,
    evidence,
    plural,
)
from flasklint.rules.data_layer._shared import MODELS, SchemaStatements

REVISION = '''\
"""create users

Revision ID: 1a2b3c4d5e6f
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c4d5e6f"
down_revision = None


def upgrade():
    op.create_table("user", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("user")
'''


ENV_PY = """\
from alembic import context
from flask import current_app

config = context.config
target_metadata = current_app.extensions["migrate"].db.metadata
"""


SCAFFOLD_FILES = ("env.py", "alembic.ini", "script.py.mako")


def _model_evidence(project: ProjectModel) -> list[Evidence]:
    """Models, tables defined or created in the code or a schema file: the schema the app owns."""
    found = [evidence(m.path, model.loc, f"model {model.name}") for m in project.app_modules for model in m.models]
    for m, schema in project.facts(SchemaStatements, project.app_modules):
        found += [evidence(m.path, loc, "tables created by SQL in code") for loc, _ in schema.created]
        found += [evidence(m.path, loc, "table defined with SQLAlchemy Core") for loc in schema.tables]
    found += [evidence(rel, 1, "tables created by a SQL schema file") for rel in _schema_files(project)]
    return found


def _queried_tables(project: ProjectModel) -> list[Evidence]:
    """SQL that reads or writes tables: a schema the app depends on, even when nothing here creates it."""
    return [
        evidence(m.path, loc, "SQL run against a table")
        for m, schema in project.facts(SchemaStatements, project.app_modules)
        for loc in schema.queried
    ]


def _schema_files(project: ProjectModel) -> list[str]:
    return [
        rel
        for rel in project.other_files
        if rel.endswith(".sql")
        and "migration" not in rel
        and CREATE_TABLE_ANYWHERE.search(project.read_text(rel) or "")
    ]


CREATE_TABLE_ANYWHERE = re.compile(r"(?im)^\s*create\s+table\b")


def _configured_locations(project: ProjectModel) -> list[tuple[str, Evidence]]:
    """Migration folders the repository names: alembic.ini, Migrate(directory=...)."""
    found = []
    for rel in project.other_files:
        if posixpath.basename(rel) != "alembic.ini":
            continue
        text = project.read_text(rel)
        if text is None:
            continue
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        try:
            parser.read_string(text)
        except configparser.Error:
            continue
        location = parser.get("alembic", "script_location", fallback=None)
        if location:
            location = location.replace("%(here)s", posixpath.dirname(rel) or ".")
            found.append((posixpath.normpath(location), Evidence(rel, 1, f"script_location = {location}")))
    for module in project.app_modules:
        for obj in module.objects_of("migrate"):
            if "directory" in obj.options:
                folder = posixpath.normpath(obj.options["directory"])
                found.append((folder, evidence(module.path, obj.loc, f"Migrate(directory={folder!r})")))
    return found


class Migrations(PracticeRule):
    """Models come with a migration history.

    ## What it checks
    When the code defines ORM models (Flask-SQLAlchemy `db.Model`,
    SQLAlchemy declarative classes), that Alembic revision files exist:
    Flask-Migrate's `migrations/versions/`, a plain `alembic/` tree, or any
    other folder (named by `alembic.ini` or `Migrate(directory=...)`). An app
    that creates its tables with SQL (`CREATE TABLE` in its code or in a
    `schema.sql`) or defines them with SQLAlchemy Core (`Table("users",
    metadata, ...)`) needs a migration history as much as one with models;
    so does one that only queries tables (`cursor.execute("SELECT ... FROM
    users")`) whose schema nothing in the repository creates.
    Revision files are recognised by their content (`revision`,
    `down_revision`, `upgrade()`) in a `versions/` folder, where Alembic
    keeps them, and count when `upgrade()` does something: a revision whose
    `upgrade()` is `pass` changes no schema. An `env.py` scaffold without
    revisions is not a history. Without models, tables or SQL queries the
    rule does not apply.

    ## Why it matters
    Without migrations, the schema of a deployed database can only be
    changed by hand or by dropping it. Revisions make every schema change
    reviewable, repeatable and reversible.

    ## Example
    ```python
    class User(db.Model): ...

    with app.app_context():
        db.create_all()     # and no migrations/ folder
    ```

    ## Use instead
    ```
    flask db init
    flask db migrate -m "create users"
    flask db upgrade
    ```
    and commit `migrations/` with its `versions/`.
    """

    code = "FL401"
    name = "migrations"
    skill = "data-layer"
    severity = "high"
    needs = (SchemaStatements,)
    weight = 3.0
    good = (
        {"app/models.py": MODELS, "migrations/env.py": ENV_PY, "migrations/versions/1a2b_create_users.py": REVISION},
        {
            "app/models.py": MODELS,
            "db/schema/0001_users.py": REVISION,
            "alembic.ini": "[alembic]\nscript_location = db/schema\n",
        },
    )
    bad = (
        Invalid({"app/models.py": MODELS}, status="not met"),
        Invalid(
            {"app/models.py": MODELS, "migrations/env.py": ENV_PY, "migrations/alembic.ini": "[alembic]\n"},
            status="not met",
        ),
    )

    @classmethod
    def applies(cls, project: ProjectModel) -> str | None:
        if not _model_evidence(project) and not _queried_tables(project):
            return "no models, and no tables created or queried in the code"
        return None

    def judge(self, project: ProjectModel) -> Verdict:
        models = _model_evidence(project)
        revisions = [m for m in project.modules if m.is_revision]
        if not models and not revisions:
            queried = _queried_tables(project)
            return Verdict(
                NOT_MET,
                "the app queries tables that nothing in the repository creates or migrates",
                queried[:3],
            )
        configured = _configured_locations(project)
        if revisions:
            folders = sorted({posixpath.dirname(m.path) or "." for m in revisions})
            found = [evidence(m.path, 1, "migration revision") for m in revisions[:5]]
            found += [e for _, e in configured]
            return Verdict(
                MET,
                f"{plural(len(revisions), 'migration revision')} in {', '.join(folders)} "
                f"for {plural(len(models), 'model')}",
                found + models[:3],
            )
        scaffold = [
            rel
            for rel in [*project.other_files, *(m.path for m in project.modules)]
            if posixpath.basename(rel) in SCAFFOLD_FILES
        ]
        tables = sum(1 for e in models if not e.note.startswith("model "))
        what = (
            plural(len(models) - tables, "model") if len(models) > tables else "tables defined or created in the code"
        )
        message = f"{what} but no migration revisions"
        found = list(models[:5])
        if scaffold:
            message += f": {posixpath.dirname(scaffold[0]) or '.'} is an empty scaffold"
            found.append(Evidence(scaffold[0], 1, "migration scaffold with no revisions"))
        found += [e for _, e in configured]
        return Verdict(NOT_MET, message, found)
