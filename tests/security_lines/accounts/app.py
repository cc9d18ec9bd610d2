"""User accounts: sign-up, profile edits and an admin panel."""

import os

import jwt
from flask import Flask, abort, g, jsonify, request

from models import User, UserSchema, db

app = Flask(__name__)
SECRET = os.environ["JWT_SECRET"]
EDITABLE = ("name", "email")


@app.post("/signup")
def signup():
    user = User(**request.get_json())  # expect: FL523
    db.session.add(user)
    db.session.commit()
    return jsonify(id=user.id), 201


@app.post("/signup-form")
def signup_form():
    data = request.form.to_dict()
    user = User(**data)  # expect: FL523
    db.session.add(user)
    return jsonify(id=user.id), 201


@app.post("/signup-safe")
def signup_safe():
    data = UserSchema().load(request.get_json())
    user = User(**data)  # ok: FL523
    db.session.add(user)
    return jsonify(id=user.id), 201


@app.post("/signup-fields")
def signup_fields():
    payload = request.get_json()
    user = User(name=payload["name"], email=payload["email"])  # ok: FL523
    db.session.add(user)
    return jsonify(id=user.id), 201


@app.patch("/users/<int:user_id>")
def edit(user_id):
    user = db.get_or_404(User, user_id)
    for key, value in request.form.items():
        setattr(user, key, value)  # expect: FL523
    db.session.commit()
    return jsonify(id=user.id)


@app.patch("/users/<int:user_id>/safe")
def edit_safe(user_id):
    user = db.get_or_404(User, user_id)
    for key in EDITABLE:
        setattr(user, key, request.form[key])  # ok: FL523
    db.session.commit()
    return jsonify(id=user.id)


@app.put("/users/<int:user_id>")
def replace(user_id):
    user = db.get_or_404(User, user_id)
    user.__dict__.update(request.json)  # expect: FL523
    db.session.commit()
    return jsonify(id=user.id)


@app.put("/users/<int:user_id>/bulk")
def bulk(user_id):
    User.query.filter_by(id=user_id).update(request.get_json())  # expect: FL523
    db.session.commit()
    return "", 204


@app.post("/users/<int:user_id>/promote")
def promote(user_id):
    user = db.get_or_404(User, user_id)
    user.is_admin = request.form.get("admin") == "yes"  # expect: FL523
    user.role = request.json["role"]  # expect: FL523
    user.name = request.json["name"]  # ok: FL523
    user.role = "member"  # ok: FL523
    db.session.commit()
    return "", 204


@app.get("/me")
def me():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})  # expect: FL511
    return jsonify(claims)


@app.get("/me-none")
def me_none():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["none", "HS256"])  # expect: FL511
    return jsonify(claims)


@app.get("/me-safe")
def me_safe():
    token = request.headers["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])  # ok: FL511
    g.user = claims["sub"]
    if not g.user:
        abort(401)
    return jsonify(claims)
