"""Notes: a take-home in the style reviewers often receive."""

import os
import pickle
import sqlite3
import subprocess

from flask import Flask, jsonify, make_response, redirect, render_template_string, request, send_file, session
from flask_cors import CORS

app = Flask(__name__)
app.secret_key = "notes-secret-2024"  # expect: FL502
CORS(app, supports_credentials=True)  # expect: FL517
DB = "notes.db"
EXPORTS = "/tmp/exports"


def db():
    return sqlite3.connect(DB)


@app.post("/login")
def login():
    name = request.form["name"]
    pw = request.form["password"]
    row = db().execute(f"SELECT id FROM users WHERE name='{name}' AND password='{pw}'").fetchone()  # expect: FL503
    if row:
        session["uid"] = row[0]
        return redirect(request.form.get("next", "/"))  # expect: FL510
    return "bad login", 401


@app.post("/notes")
def add_note():
    db().execute("INSERT INTO notes (uid, body) VALUES (?, ?)", (session["uid"], request.form["body"]))  # ok: FL503
    return "", 201


@app.get("/notes")
def list_notes():
    rows = db().execute("SELECT id, body FROM notes WHERE uid = ?", (session["uid"],)).fetchall()  # ok: FL503
    return jsonify(rows)


@app.get("/notes/search")
def search_notes():
    q = request.args.get("q", "")
    rows = db().execute("SELECT id, body FROM notes WHERE body LIKE '%" + q + "%'").fetchall()  # expect: FL503
    return f"<h2>Results for {q}</h2><pre>{rows}</pre>"  # expect: FL521


@app.get("/notes/export")
def export():
    name = request.args.get("name", "notes")
    subprocess.run(f"sqlite3 {DB} .dump > {EXPORTS}/{name}.sql", shell=True)  # expect: FL508
    return send_file(f"{EXPORTS}/{name}.sql")  # expect: FL509


@app.get("/notes/export-safe")
def export_safe():
    subprocess.run(["sqlite3", DB, ".dump"], stdout=open(os.path.join(EXPORTS, "all.sql"), "w"))  # ok: FL508, FL509
    return send_file(os.path.join(EXPORTS, "all.sql"))  # ok: FL509


@app.post("/notes/import")
def import_notes():
    notes = pickle.loads(request.files["backup"].read())  # expect: FL507
    return jsonify(count=len(notes))


@app.get("/notes/preview")
def preview():
    body = request.args.get("body", "")
    return render_template_string("<div class='note'>" + body + "</div>")  # expect: FL504


@app.get("/notes/preview-safe")
def preview_safe():
    return render_template_string("<div class='note'>{{ body }}</div>", body=request.args.get("body", ""))  # ok: FL504, FL521


@app.get("/logout")
def logout():
    session.clear()
    response = make_response(redirect("/"))  # ok: FL510
    response.set_cookie("auth_token", "", expires=0)  # expect: FL516
    return response


if __name__ == "__main__":
    app.run(debug=True)  # expect: FL501
