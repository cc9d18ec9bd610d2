"""Helpers shared by the architecture rules (no rules here)."""

from __future__ import annotations

FACTORY_PACKAGE = {
    "app/__init__.py": """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


def build_app(config_object="app.config.ProductionConfig"):
    app = Flask(__name__)
    app.config.from_object(config_object)
    db.init_app(app)
    from app.views import bp
    app.register_blueprint(bp)
    return app
""",
    "app/views.py": """\
from flask import Blueprint

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return {"ok": True}
""",
}


GLOBAL_APP_PACKAGE = {
    "app/__init__.py": """\
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
db = SQLAlchemy(app)

from app import views  # noqa: E402  (circular: views import app)
""",
    "app/views.py": """\
from app import app


@app.route("/")
def index():
    return "hello"


@app.route("/about")
def about():
    return "about"
""",
}
