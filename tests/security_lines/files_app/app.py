"""A document store: uploads, downloads and previews."""

import io
import os

from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.security import safe_join
from werkzeug.utils import secure_filename

from storage import remove_document

app = Flask(__name__)
UPLOADS = "/srv/uploads"


@app.get("/download")
def download():
    name = request.args["name"]
    return send_file(os.path.join(UPLOADS, name))  # expect: FL509


@app.get("/raw")
def raw():
    with open(UPLOADS + "/" + request.args["name"]) as handle:  # expect: FL509
        return handle.read()


@app.get("/preview/<path:name>")
def preview(name):
    return send_file(f"{UPLOADS}/{name}")  # expect: FL509


@app.get("/download-safe")
def download_safe():
    return send_from_directory(UPLOADS, request.args["name"])  # ok: FL509


@app.get("/raw-safe")
def raw_safe():
    path = safe_join(UPLOADS, request.args["name"])
    if path is None:
        abort(404)
    with open(path) as handle:  # ok: FL509
        return handle.read()


@app.post("/upload")
def upload():
    upload = request.files["file"]
    upload.save(os.path.join(UPLOADS, upload.filename))  # expect: FL509
    return "", 201


@app.post("/upload-safe")
def upload_safe():
    upload = request.files["file"]
    upload.save(os.path.join(UPLOADS, secure_filename(upload.filename)))  # ok: FL509
    return "", 201


@app.delete("/documents")
def delete_document():
    remove_document(request.args["name"])  # expect: FL509
    return "", 204


@app.delete("/documents/<name>")
def delete_listed(name):
    if name not in os.listdir(UPLOADS):
        abort(404)
    os.remove(os.path.join(UPLOADS, name))  # ok: FL509
    return "", 204


@app.get("/report")
def report():
    buffer = io.BytesIO(b"report")
    return send_file(buffer, download_name=request.args.get("name", "report.txt"))  # ok: FL509
