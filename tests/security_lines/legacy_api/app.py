"""An old internal API, grown one endpoint at a time."""

import os
import shelve

import jsonpickle
import yaml
from flask import Flask, jsonify, redirect, request, send_file, url_for
from jinja2 import Environment, FileSystemLoader, Template, select_autoescape
from sqlalchemy import create_engine, text

from extensions import db, Report

app = Flask(__name__)
engine = create_engine(os.environ["DATABASE_URL"])
REPORTS = "/srv/reports"
LANGS = ("en", "fr", "de")


@app.get("/reports")
def reports():
    owner = request.args["owner"]
    rows = Report.query.filter(text(f"owner = '{owner}'")).all()  # expect: FL503
    return jsonify([r.id for r in rows])


@app.get("/reports/sorted")
def reports_sorted():
    rows = Report.query.order_by(text(request.args.get("order", "id"))).all()  # expect: FL503
    return jsonify([r.id for r in rows])


@app.get("/reports/by-owner")
def reports_by_owner():
    rows = Report.query.filter(Report.owner == request.args["owner"]).all()  # ok: FL503
    return jsonify([r.id for r in rows])


@app.get("/reports/raw")
def reports_raw():
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id FROM report WHERE owner = '" + request.args["owner"] + "'"))  # expect: FL503
        return jsonify([r.id for r in rows])


@app.get("/reports/count")
def reports_count():
    status = request.args.get("status", "open")
    total = db.session.execute(text("SELECT COUNT(*) FROM report WHERE status = :status"), {"status": status}).scalar()  # ok: FL503
    return jsonify(total=total)


@app.delete("/reports")
def reports_delete():
    ids = request.json["ids"]
    db.session.execute(text("DELETE FROM report WHERE id IN ({})".format(",".join(ids))))  # expect: FL503
    db.session.commit()
    return "", 204


@app.delete("/reports/safe")
def reports_delete_safe():
    ids = [int(i) for i in request.json["ids"]]
    db.session.execute(Report.__table__.delete().where(Report.id.in_(ids)))  # ok: FL503
    db.session.commit()
    return "", 204


@app.post("/state")
def state():
    return jsonify(jsonpickle.decode(request.data))  # expect: FL507


@app.post("/config")
def config():
    return jsonify(yaml.unsafe_load(request.data))  # expect: FL507


@app.post("/config-full")
def config_full():
    return jsonify(yaml.load(request.data, Loader=yaml.FullLoader))  # expect: FL507


@app.post("/config-safe")
def config_safe():
    return jsonify(yaml.load(request.data, Loader=yaml.CSafeLoader))  # ok: FL507


@app.get("/cache")
def cache():
    with shelve.open(os.path.join("/srv/cache", request.args["name"])) as store:  # expect: FL507, FL509
        return jsonify(list(store))


@app.get("/greeting")
def greeting():
    return Template("Hello " + request.args["name"]).render()  # expect: FL504


@app.get("/greeting-env")
def greeting_env():
    env = Environment()  # expect: FL505
    return env.from_string(request.args["template"]).render()  # expect: FL504


@app.get("/greeting-safe")
def greeting_safe():
    env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())  # ok: FL505
    return env.get_template("greeting.html").render(name=request.args["name"])  # ok: FL504


@app.get("/greeting-const")
def greeting_const():
    return Template("Hello {{ name }}").render(name=request.args["name"])  # ok: FL504


@app.get("/report/<name>")
def report_file(name):
    return send_file(REPORTS + "/" + name)  # expect: FL509


@app.get("/report-lang")
def report_lang():
    lang = request.args.get("lang", "en")
    if lang not in LANGS:
        lang = "en"
    return send_file(os.path.join(REPORTS, f"summary.{lang}.pdf"))  # ok: FL509


@app.get("/report-latest")
def report_latest():
    return send_file(os.path.join(REPORTS, "latest.pdf"))  # ok: FL509


@app.get("/exec")
def run_program():
    os.execv(request.args["program"], ["program"])  # expect: FL508


@app.get("/spawn")
def spawn():
    os.spawnlp(os.P_NOWAIT, "convert", "convert", request.args["file"], "out.png")  # ok: FL508


@app.get("/continue")
def continue_to():
    return redirect(request.headers.get("Referer", "/"))  # expect: FL510


@app.get("/continue-safe")
def continue_safe():
    return redirect(url_for("docs", _external=True))  # ok: FL510


@app.get("/docs")
def docs():
    return redirect("https://docs.example.com/api")  # ok: FL510
