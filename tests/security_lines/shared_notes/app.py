"""Notes that belong to their authors: every route is behind sign-in."""

from flask import Flask, abort, g, request
from flask_login import current_user, login_required

from models import Note, db

app = Flask(__name__)


def can_edit(note):
    return note.owner_id == current_user.id


@app.post("/notes/<int:note_id>")
@login_required
def edit_note(note_id):
    note = Note.query.get(note_id)  # expect: FL527
    note.body = request.form["body"]
    db.session.commit()
    return "", 204


@app.post("/notes/<int:note_id>/delete")
@login_required
def delete_note(note_id):
    note = db.get_or_404(Note, note_id)  # expect: FL527
    db.session.delete(note)
    db.session.commit()
    return "", 204


@app.post("/notes/<int:note_id>/archive")
@login_required
def archive_note(note_id):
    note = Note.query.filter_by(id=note_id).first_or_404()  # expect: FL527
    note.archived = True
    db.session.commit()
    return "", 204


@app.post("/notes/<int:note_id>/safe")
@login_required
def edit_note_safe(note_id):
    note = db.get_or_404(Note, note_id)  # ok: FL527
    if note.owner_id != current_user.id:
        abort(403)
    note.body = request.form["body"]
    db.session.commit()
    return "", 204


@app.post("/notes/<int:note_id>/mine")
@login_required
def edit_mine(note_id):
    note = Note.query.filter_by(id=note_id, owner_id=current_user.id).first_or_404()  # ok: FL527
    note.body = request.form["body"]
    db.session.commit()
    return "", 204


@app.post("/notes/<int:note_id>/checked")
@login_required
def edit_checked(note_id):
    note = db.get_or_404(Note, note_id)  # ok: FL527
    if not can_edit(note):
        abort(403)
    note.body = request.form["body"]
    return "", 204


@app.get("/notes/<int:note_id>")
@login_required
def show_note(note_id):
    note = db.get_or_404(Note, note_id)  # ok: FL527
    return {"body": note.body}


@app.post("/notes/<int:note_id>/star")
@login_required
def star(note_id):
    note = db.get_or_404(Note, note_id)  # ok: FL527
    g.user.starred.append(note)
    db.session.commit()
    return "", 204
