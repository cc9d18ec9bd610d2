"""A well-kept blog: every risky-looking line here is the safe version."""

import os
import subprocess
from urllib.parse import urlsplit

import requests
import yaml
from flask import Flask, abort, jsonify, redirect, render_template, request, send_from_directory, session, url_for
from flask_login import current_user, login_required
from flask_wtf import CSRFProtect
from markupsafe import Markup, escape
from sqlalchemy import select, text
from werkzeug.security import generate_password_hash
from werkzeug.utils import secure_filename

from models import Post, User, db

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]  # ok: FL502
app.config["DEBUG"] = False  # ok: FL501
app.config["SESSION_COOKIE_SECURE"] = True  # ok: FL516
app.config["WTF_CSRF_ENABLED"] = True  # ok: FL512
csrf = CSRFProtect(app)
UPLOADS = os.environ.get("UPLOADS", "/srv/uploads")
SORTS = {"new": Post.created.desc(), "old": Post.created.asc()}


@app.get("/")
def index():
    order = SORTS.get(request.args.get("sort", "new"), Post.created.desc())
    posts = db.session.scalars(select(Post).order_by(order)).all()  # ok: FL503
    return render_template("index.html", posts=posts, q=request.args.get("q", ""))  # ok: FL521


@app.get("/search")
def search():
    term = request.args.get("q", "")
    rows = db.session.execute(text("SELECT id, title FROM post WHERE title LIKE :term"), {"term": f"%{term}%"})  # ok: FL503
    return jsonify([dict(r._mapping) for r in rows])


@app.get("/post/<int:post_id>")
def show(post_id):
    post = db.get_or_404(Post, post_id)
    return render_template("post.html", post=post, body=Markup(post.body_html))  # ok: FL505


@app.get("/tag/<tag>")
def tag(tag):
    return f"<h1>Posts tagged {escape(tag)}</h1>"  # ok: FL521


@app.post("/post")
@login_required
def create():
    post = Post(title=request.form["title"], body=request.form["body"], author_id=current_user.id)  # ok: FL523
    db.session.add(post)
    db.session.commit()
    return redirect(url_for("show", post_id=post.id))  # ok: FL510


@app.post("/post/<int:post_id>/delete")
@login_required
def delete(post_id):
    post = db.get_or_404(Post, post_id)
    if post.author_id != current_user.id:
        abort(403)
    db.session.delete(post)
    db.session.commit()
    return redirect(url_for("index"))  # ok: FL510


@app.get("/files/<path:name>")
def files(name):
    return send_from_directory(UPLOADS, name)  # ok: FL509


@app.post("/upload")
@login_required
def upload():
    picture = request.files["picture"]
    picture.save(os.path.join(UPLOADS, secure_filename(picture.filename)))  # ok: FL509
    return "", 201


@app.post("/import")
@login_required
def import_posts():
    data = yaml.safe_load(request.files["export"].read())  # ok: FL507
    return jsonify(count=len(data))


@app.get("/thumbnail")
def thumbnail():
    url = request.args["src"]
    if urlsplit(url).hostname != "images.example.com":
        abort(400)
    return requests.get(url, timeout=5).content  # ok: FL522


@app.post("/signup")
def signup():
    user = User(name=request.form["name"], password_hash=generate_password_hash(request.form["password"]))  # ok: FL524, FL523
    db.session.add(user)
    db.session.commit()
    session["user_id"] = user.id
    return redirect(url_for("index"))  # ok: FL510


@app.get("/login")
def login_page():
    next_page = request.args.get("next", "")
    if not next_page.startswith("/") or next_page.startswith("//"):
        next_page = url_for("index")
    return redirect(next_page)  # ok: FL510


@app.get("/version")
def version():
    commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout  # ok: FL508
    return jsonify(commit=commit.strip())


@app.get("/me")
@login_required
def me():
    return jsonify(name=current_user.name, theme=request.cookies.get("theme", "light"))  # ok: FL525


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)  # ok: FL501, FL520
