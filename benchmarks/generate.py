"""Generate a realistic synthetic Flask codebase of a given size (no third-party code copied).

    python benchmarks/generate.py OUT_DIR --lines 45000 [--seed 7]

A factory package with extensions and config, one feature package per ~400
lines (blueprint views, models with relationships, services, schemas), and a
pytest suite. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FACTORY = '''\
"""Application factory."""

from __future__ import annotations

import logging

from flask import Flask

from bench_app.config import CONFIGS
from bench_app.extensions import db, migrate

logger = logging.getLogger(__name__)


def create_app(config_name: str = "production") -> Flask:
    """Build the app."""
    app = Flask(__name__)
    app.config.from_object(CONFIGS[config_name])
    app.config.from_prefixed_env()
    db.init_app(app)
    migrate.init_app(app, db)
{registrations}
    return app
'''

VIEW_BODIES = [
    """    page = request.args.get("page", 1, type=int)
    rows = db.paginate(db.select({model}).order_by({model}.id), page=page, per_page=25)
    return {{"items": [row.to_dict() for row in rows.items], "page": page}}
""",
    """    item = db.get_or_404({model}, item_id)
    return item.to_dict()
""",
    """    data = {schema}().load(request.get_json(silent=True) or {{}})
    item = {model}(**data)
    db.session.add(item)
    try:
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        abort(409)
    return item.to_dict(), 201
""",
    """    item = db.get_or_404({model}, item_id)
    db.session.delete(item)
    db.session.commit()
    return "", 204
""",
    """    total = 0
    for row in db.session.scalars(db.select({model})).all():
        if row.amount and row.amount > 0:
            total += row.amount
        elif row.amount:
            total -= row.amount
    return {{"total": total, "currency": request.args.get("currency", "EUR")}}
""",
]


VIEW_METHODS = ["get", "get", "post", "delete", "get"]


def feature(index: int, rnd: random.Random) -> dict[str, str]:
    name = f"f{index:03d}"
    models = [f"Item{index}x{k}" for k in range(3)]
    schema = f"Item{index}Schema"
    views = [
        f'"""Views of feature {name}."""\n\nfrom flask import Blueprint, abort, request\nfrom sqlalchemy.exc import SQLAlchemyError\n\n'
        f"from bench_app.extensions import db\nfrom bench_app.features.{name}.models import {', '.join(models)}\n"
        f"from bench_app.features.{name}.schemas import {schema}\n\n"
        f'bp = Blueprint("{name}", __name__, url_prefix="/api/v1/{name}")\n'
    ]
    for route in range(8):
        model = rnd.choice(models)
        kind = rnd.randrange(len(VIEW_BODIES))
        body = VIEW_BODIES[kind].format(model=model, schema=schema)
        method = VIEW_METHODS[kind]
        path = f"/{model.lower()}/<int:item_id>" if "item_id" in body else f"/{model.lower()}/r{route}"
        args = "item_id: int" if "item_id" in body else ""
        views.append(f'\n\n@bp.{method}("{path}")\ndef view_{route}({args}):\n    """Route {route}."""\n{body}')
    model_lines = [f'"""Models of feature {name}."""\n\nfrom bench_app.extensions import db\n']
    for k, model in enumerate(models):
        model_lines.append(
            f"\n\nclass {model}(db.Model):\n"
            f'    """Model {k}."""\n\n'
            f"    id = db.Column(db.Integer, primary_key=True)\n"
            f"    name = db.Column(db.String(120), nullable=False, index=True)\n"
            f"    amount = db.Column(db.Integer, default=0)\n"
            f"    owner_id = db.Column(db.Integer, db.ForeignKey('user.id'))\n\n"
            f"    def to_dict(self) -> dict:\n"
            f'        """As JSON."""\n'
            f'        return {{"id": self.id, "name": self.name, "amount": self.amount}}\n'
        )
    services = [
        f'"""Services of feature {name}."""\n\nfrom __future__ import annotations\n\nimport logging\n\nlog = logging.getLogger(__name__)\n'
    ]
    for k in range(rnd.randint(6, 10)):
        services.append(
            f"\n\ndef compute_{k}(values: list[int], factor: int = {k + 1}) -> int:\n"
            f'    """Weighted sum {k}."""\n'
            f"    result = 0\n"
            f"    for position, value in enumerate(values):\n"
            f"        if value % {k + 2} == 0:\n"
            f"            result += value * factor\n"
            f"        else:\n"
            f"            try:\n"
            f"                result += value // (position or 1)\n"
            f"            except ZeroDivisionError:\n"
            f'                log.warning("bad position %s", position)\n'
            f"    return result\n"
        )
    schemas = (
        f'"""Schemas of feature {name}."""\n\nfrom marshmallow import Schema, fields, validate\n\n\n'
        f"class {schema}(Schema):\n"
        f'    """Input of feature {name}."""\n\n'
        f"    name = fields.String(required=True, validate=validate.Length(min=1, max=120))\n"
        f"    amount = fields.Integer(load_default=0)\n"
    )
    tests = [f'"""Tests of feature {name}."""\n']
    for k, model in enumerate(models):
        tests.append(
            f"\n\ndef test_{model.lower()}_list_{k}(client):\n"
            f'    response = client.get("/api/v1/{name}/{model.lower()}/r{k}")\n'
            f"    assert response.status_code in (200, 404)\n"
        )
    return {
        f"bench_app/features/{name}/__init__.py": f'"""Feature {name}."""\n',
        f"bench_app/features/{name}/views.py": "".join(views),
        f"bench_app/features/{name}/models.py": "".join(model_lines),
        f"bench_app/features/{name}/services.py": "".join(services),
        f"bench_app/features/{name}/schemas.py": schemas,
        f"tests/test_{name}.py": "".join(tests),
    }


def generate(out: Path, lines: int, seed: int = 7) -> int:
    """Write the codebase; return how many lines it has."""
    rnd = random.Random(seed)
    files: dict[str, str] = {
        "bench_app/extensions.py": '"""Extensions."""\n\nfrom flask_migrate import Migrate\nfrom flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\nmigrate = Migrate()\n',
        "bench_app/config.py": '"""Config."""\n\nimport os\n\n\nclass Production:\n    SECRET_KEY = os.environ.get("SECRET_KEY")\n\n\nclass Testing:\n    TESTING = True\n    SECRET_KEY = "test"\n\n\nCONFIGS = {"production": Production, "testing": Testing}\n',
        "tests/conftest.py": 'import pytest\n\nfrom bench_app import create_app\n\n\n@pytest.fixture\ndef client():\n    return create_app("testing").test_client()\n',
        "wsgi.py": "from bench_app import create_app\n\napp = create_app()\n",
    }
    total = sum(text.count("\n") for text in files.values())
    index = 0
    registrations = []
    while total < lines:
        for rel, text in feature(index, rnd).items():
            files[rel] = text
            total += text.count("\n")
        registrations.append(
            f"    from bench_app.features.f{index:03d}.views import bp as bp_{index}\n\n"
            f"    app.register_blueprint(bp_{index})"
        )
        index += 1
    files["bench_app/__init__.py"] = FACTORY.format(registrations="\n".join(registrations))
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sum(text.count("\n") for text in files.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lines", type=int, default=45_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(f"{generate(args.out, args.lines, args.seed)} lines written to {args.out}")


if __name__ == "__main__":
    main()
