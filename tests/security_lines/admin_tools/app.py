"""Operations pages that were meant for development only."""

import os

from flask import Flask, abort, current_app, jsonify
from flask_login import LoginManager, current_user, login_required
from flask_sqlalchemy import SQLAlchemy

from models import User

app = Flask(__name__)
db = SQLAlchemy(app)
login = LoginManager(app)


@app.get("/reset")
def reset():
    db.drop_all()  # expect: FL526
    db.create_all()  # expect: FL526
    return "database reset"


@app.get("/debug/config")
def show_config():
    return jsonify(dict(app.config))  # expect: FL526


@app.get("/debug/config2")
def show_config2():
    return jsonify({key: str(value) for key, value in current_app.config.items()})


@app.get("/debug/env")
def show_env():
    return dict(os.environ)  # expect: FL526


@app.post("/admin/reset")
@login_required
def admin_reset():
    if not current_user.is_admin:
        abort(403)
    db.drop_all()  # ok: FL526
    db.create_all()  # ok: FL526
    return "", 204


@app.get("/admin/config")
def admin_config():
    if not current_user.is_authenticated:
        abort(401)
    return jsonify(dict(app.config))  # ok: FL526


@app.get("/health")
def health():
    return jsonify(status="ok", debug=app.config["DEBUG"])  # ok: FL526


@app.cli.command("reset-db")
def reset_db():
    db.drop_all()  # ok: FL526
    db.create_all()  # ok: FL526


def init_db():
    db.create_all()  # ok: FL526


@app.get("/debug/users")
def dump_users():
    return [{"name": user.name, "password": user.password_hash} for user in User.query.all()]  # expect: FL526


@app.get("/users")
def list_users():
    return [{"name": user.name, "id": user.id} for user in User.query.all()]  # ok: FL526
