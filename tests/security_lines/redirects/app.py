"""Login and logout with a return address."""

from urllib.parse import urlparse

from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)


def is_safe_url(target):
    parsed = urlparse(target)
    return not parsed.netloc and not parsed.scheme


@app.post("/login")
def login():
    session["user"] = request.form["user"]
    return redirect(request.args.get("next", "/"))  # expect: FL510


@app.get("/logout")
def logout():
    session.clear()
    target = request.args["next"]
    return redirect(target)  # expect: FL510


@app.get("/go")
def go():
    return redirect(request.referrer or "/")  # expect: FL510


@app.get("/out")
def out():
    destination = request.values.get("url")
    return redirect(f"{destination}")  # expect: FL510


@app.post("/login-safe")
def login_safe():
    target = request.args.get("next", "/")
    if not is_safe_url(target):
        target = "/"
    return redirect(target)  # ok: FL510


@app.get("/back")
def back():
    target = request.args.get("next", "/")
    if not target.startswith("/") or target.startswith("//"):
        target = "/"
    return redirect(target)  # ok: FL510


@app.get("/profile")
def profile():
    return redirect(url_for("show", name=request.args["name"], next=request.full_path))  # ok: FL510


@app.get("/show")
def show():
    return request.args.get("name", "")


@app.get("/here")
def here():
    return redirect(request.path + "?refreshed=1")  # ok: FL510
