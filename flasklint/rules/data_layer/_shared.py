"""Helpers shared by the data layer rules (no rules here)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import libcst as cst

from flasklint.api import FactProvider, Loc, leading_text

CREATE_TABLE = re.compile(r"(?i)^\s*create\s+table\b")
# the text a query starts with, as handed to a SQL runner
QUERY = re.compile(
    r"(?is)^\s*(select\b.+?\bfrom\s+[\[`\"]?\w|insert\s+into\b|update\s+[\[`\"]?\w+[\]`\"]?\s+set\b|delete\s+from\b)"
)
SQL_RUNNERS = frozenset({"execute", "executemany", "text", "read_sql", "read_sql_query"})


@dataclass(frozen=True)
class Schema:
    """What a module says about the database schema."""

    created: tuple[tuple[Loc, str | None], ...] = ()  # `CREATE TABLE ...` literals, in (function qualname)
    tables: tuple[Loc, ...] = ()  # SQLAlchemy Core `Table("users", metadata, ...)`
    queried: tuple[Loc, ...] = ()  # SQL run against tables: `cursor.execute("SELECT ... FROM users")`


class SchemaStatements(FactProvider):
    """Where application code creates, defines or queries tables: `CREATE TABLE ...` literals, Core
    `Table(...)` definitions, and SQL queries handed to `execute()` or `text()`."""

    name = "schema-statements"
    roles = frozenset({"app"})

    @classmethod
    def empty(cls) -> Schema:
        return Schema()

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if CREATE_TABLE.search(node.value.lstrip("rRbBuU").strip("'\"")):
            function = self.ctx.function
            where = (self.ctx.loc(node), function.qualname if function is not None else None)
            self.found = replace(self.found, created=(*self.found.created, where))

    def visit_Call(self, node: cst.Call) -> None:
        # the last name first: resolving names through the imports is the walk's dearest step
        func = node.func
        tail = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if tail == "Table" and self.ctx.qualname(func) in ("sqlalchemy.Table", "sqlalchemy.schema.Table"):
            self.found = replace(self.found, tables=(*self.found.tables, self.ctx.loc(node)))
        elif tail in SQL_RUNNERS and node.args and QUERY.search(leading_text(node.args[0].value)):
            self.found = replace(self.found, queried=(*self.found.queried, self.ctx.loc(node)))


MODELS = """\
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True, nullable=False)
"""
