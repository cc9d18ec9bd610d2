"""An import service: calculators, saved sessions and YAML settings uploads."""

import json
import marshal
import pickle
import pickle as serializer

import yaml
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.get("/calc")
def calc():
    expression = request.args.get("expr", "1+1")
    return jsonify(result=eval(expression))  # expect: FL507


@app.post("/exec")
def run_code():
    exec(request.form["code"])  # expect: FL507
    return "", 204


@app.get("/calc-safe")
def calc_safe():
    import ast

    return jsonify(result=ast.literal_eval(request.args.get("expr", "1")))  # ok: FL507


@app.post("/session")
def restore_session():
    state = pickle.loads(request.data)  # expect: FL507
    return jsonify(keys=list(state))


@app.post("/session-alias")
def restore_alias():
    state = serializer.loads(request.get_data())  # expect: FL507
    return jsonify(keys=list(state))


@app.post("/code")
def load_code():
    code = marshal.loads(request.files["blob"].read())  # expect: FL507
    return jsonify(name=code.co_name)


@app.post("/settings")
def settings_upload():
    settings = yaml.load(request.data)  # expect: FL507
    return jsonify(settings)


@app.post("/settings-unsafe-loader")
def settings_unsafe():
    settings = yaml.load(request.data, Loader=yaml.Loader)  # expect: FL507
    return jsonify(settings)


@app.post("/settings-safe")
def settings_safe():
    settings = yaml.load(request.data, Loader=yaml.SafeLoader)  # ok: FL507
    return jsonify(settings)


@app.post("/settings-safe-load")
def settings_safe_load():
    return jsonify(yaml.safe_load(request.data))  # ok: FL507


@app.post("/json")
def json_upload():
    return jsonify(json.loads(request.data))  # ok: FL507


def read_defaults(path):
    with open(path) as handle:
        return yaml.load(handle)  # expect: FL507


@app.get("/defaults")
def defaults():
    return jsonify(read_defaults("defaults.yml"))
