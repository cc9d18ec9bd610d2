"""Size-fair: the same app at twice or four times the size scores the same (within 2 points).

A metamorphic test: a small but realistic app (factory, blueprints, models,
tests, a few problems of each kind), then the same app with its view modules,
or its model modules, copied 2x and 4x and registered the same way. The
problems repeat with the code, so their prevalence, and the score, stay put.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from flasklint.workflow.grading import grade
from tests.helpers import write_tree

FACTORY = """\
import logging
import os

from flask import Flask
from flask_migrate import Migrate

from app.models import db
{imports}


def create_app(config=None):
    app = Flask(__name__)
    app.config.from_mapping(SECRET_KEY=os.environ["SECRET_KEY"], SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"])
    if config:
        app.config.update(config)
    db.init_app(app)
    Migrate(app, db)
    logging.getLogger(__name__).info("app created")
{registrations}
    return app
"""

VIEWS = """\
from flask import Blueprint, jsonify, request

from app.models import Item, db

bp = Blueprint("items{n}", __name__)


@bp.get("/items")
def list_items():
    print("listing")
    return jsonify([i.name for i in Item.query.all()])


@bp.post("/items")
def create_item():
    item = Item(name=request.get_json()["name"])
    db.session.add(item)
    db.session.commit()
    return jsonify(id=item.id), 201


@bp.delete("/items/<int:item_id>")
def delete_item(item_id):
    db.session.delete(Item.query.get_or_404(item_id))
    db.session.commit()
    return "", 204
"""

MODELS = """\
from app.models import db


class Thing{n}(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True)
"""

BASE = {
    "app/models/__init__.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\n"
    "class Item(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    name = db.Column(db.String(80))\n",
    "migrations/env.py": "from alembic import context\n",
    "migrations/versions/0001_items.py": "revision = '0001'\ndown_revision = None\n\nfrom alembic import op\n"
    "import sqlalchemy as sa\n\n\ndef upgrade():\n    op.create_table('item', sa.Column('id', sa.Integer))\n\n\n"
    "def downgrade():\n    op.drop_table('item')\n",
    "tests/conftest.py": "import pytest\n\nfrom app import create_app\n\n\n@pytest.fixture\ndef client():\n"
    "    return create_app({'TESTING': True}).test_client()\n",
    "tests/test_items.py": "def test_list(client):\n    assert client.get('/items').status_code == 200\n\n\n"
    "def test_create(client):\n    assert client.post('/items', json={'name': 'a'}).status_code == 201\n",
    "requirements.txt": "flask==3.0.0\nflask-sqlalchemy==3.1.1\nflask-migrate==4.0.5\ngunicorn==21.2.0\n",
    "README.md": "# Items\n\nRun with `flask --app app run`; test with `pytest`.\n",
}


def app_with(views: int, models: int) -> dict[str, str]:
    files = dict(BASE)
    imports, registrations = [], []
    for n in range(views):
        files[f"app/views_{n}.py"] = VIEWS.format(n=n)
        imports.append(f"from app.views_{n} import bp as items{n}")
        registrations.append(f"    app.register_blueprint(items{n})")
    for n in range(models):
        files[f"app/models/things_{n}.py"] = MODELS.format(n=n)
    files["app/__init__.py"] = FACTORY.format(imports="\n".join(imports), registrations="\n".join(registrations))
    return files


def score_of(tmp_path: Path, name: str, files: dict[str, str]) -> float:
    report = grade(str(write_tree(tmp_path / name, files)), jobs=1)
    return report["score"]


@pytest.mark.parametrize("part", ["views", "models"])
def test_duplicating_modules_keeps_the_score_within_two_points(part, tmp_path):
    scores = []
    for factor in (1, 2, 4):
        views, models = (2 * factor, 2) if part == "views" else (2, 2 * factor)
        scores.append(score_of(tmp_path, f"{part}{factor}", app_with(views, models)))
    assert max(scores) - min(scores) <= 2.0, scores


def test_a_clean_module_never_lowers_the_score(tmp_path):
    base = score_of(tmp_path, "base", app_with(2, 2))
    files = app_with(2, 2)
    files["app/util.py"] = (
        '"""Helpers."""\n\n\ndef slugify(text: str) -> str:\n    """Lower-case words joined by dashes."""\n    return "-".join(text.lower().split())\n'
    )
    assert score_of(tmp_path, "more", files) >= base
