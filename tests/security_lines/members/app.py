"""A members' club: sign-in, profiles and an admin area."""

import base64
import hashlib
import json
import pickle
import sqlite3

import bcrypt
from flask import Flask, abort, make_response, request, session
from werkzeug.security import check_password_hash, generate_password_hash

from models import Member, db

app = Flask(__name__)


def get_db():
    return sqlite3.connect("club.db")


@app.post("/join")
def join():
    member = Member(name=request.form["name"], password=request.form["password"])  # expect: FL524
    db.session.add(member)
    return "", 201


@app.post("/join-safe")
def join_safe():
    member = Member(name=request.form["name"], password_hash=generate_password_hash(request.form["password"]))  # ok: FL524
    db.session.add(member)
    return "", 201


@app.post("/password")
def change_password():
    member = db.get_or_404(Member, session["member_id"])
    member.password = request.json["password"]  # expect: FL524
    db.session.commit()
    return "", 204


@app.post("/password-md5")
def change_password_md5():
    member = db.get_or_404(Member, session["member_id"])
    member.password_hash = hashlib.md5(request.json["password"].encode()).hexdigest()  # expect: FL524
    db.session.commit()
    return "", 204


@app.post("/password-sha")
def change_password_sha():
    password = request.json["new_password"]
    digest = hashlib.sha256(password.encode()).hexdigest()  # expect: FL524
    db.session.get(Member, session["member_id"]).password_hash = digest
    return "", 204


@app.post("/password-bcrypt")
def change_password_bcrypt():
    password = request.json["password"]
    hashed = bcrypt.hashpw(password.encode(), bcrypt.gensalt())  # ok: FL524
    db.session.get(Member, session["member_id"]).password_hash = hashed
    return "", 204


@app.post("/password-pbkdf2")
def change_password_pbkdf2():
    password = request.json["password"]
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), b"salt-from-db", 600_000)  # ok: FL524
    db.session.get(Member, session["member_id"]).password_hash = key.hex()
    return "", 204


@app.post("/avatar")
def avatar():
    checksum = hashlib.sha256(request.files["avatar"].read()).hexdigest()  # ok: FL524
    return {"checksum": checksum}


@app.post("/register")
def register():
    username = request.form["username"]
    password = request.form["password"]
    get_db().execute("INSERT INTO members (username, password) VALUES (?, ?)", (username, password))  # expect: FL524
    return "", 201


@app.post("/register-safe")
def register_safe():
    username = request.form["username"]
    hashed = generate_password_hash(request.form["password"])
    get_db().execute("INSERT INTO members (username, password) VALUES (?, ?)", (username, hashed))  # ok: FL524
    return "", 201


@app.post("/login")
def login():
    member = Member.query.filter_by(name=request.form["name"]).first()
    if member is None or not check_password_hash(member.password_hash, request.form["password"]):
        abort(401)
    session["member_id"] = member.id
    response = make_response("welcome")
    response.set_cookie("remember_token", member.token)  # expect: FL516
    response.set_cookie("session_id", member.token, secure=True, httponly=True, samesite="Lax")  # ok: FL516
    response.set_cookie("theme", request.form.get("theme", "light"))  # ok: FL516
    response.set_cookie("user", member.name, secure=False)  # expect: FL516
    return response


@app.get("/admin")
def admin():
    if request.cookies.get("role") != "admin":  # expect: FL525
        abort(403)
    return "admin area"


@app.get("/profile")
def profile():
    member = Member.query.get(request.cookies["member_id"])  # expect: FL525
    return {"name": member.name}


@app.get("/profile2")
def profile2():
    user_id = request.cookies.get("user_id")
    member = db.session.get(Member, user_id)  # expect: FL525
    return {"name": member.name}


@app.get("/prefs")
def prefs():
    data = json.loads(base64.b64decode(request.cookies["prefs"]))  # expect: FL525
    return data


@app.get("/cart")
def cart():
    items = pickle.loads(base64.b64decode(request.cookies["cart"]))  # expect: FL507, FL525
    return {"items": items}


@app.get("/profile-safe")
def profile_safe():
    member = db.session.get(Member, session["member_id"])  # ok: FL525
    theme = request.cookies.get("theme", "light")
    if theme == "dark":  # ok: FL525
        return {"name": member.name, "theme": "dark"}
    return {"name": member.name}
