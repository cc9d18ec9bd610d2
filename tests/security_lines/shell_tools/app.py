"""A network toolbox: ping, lookups and archives, run through the operating system."""

import os
import shlex
import subprocess

from flask import Flask, abort, jsonify, request

from runner import run_tool

app = Flask(__name__)
ALLOWED_HOSTS = {"example.com", "localhost"}


@app.get("/ping")
def ping():
    host = request.args.get("host", "")
    output = os.popen("ping -c 1 " + host).read()  # expect: FL508
    return jsonify(output=output)


@app.get("/nslookup")
def nslookup():
    host = request.args["host"]
    os.system(f"nslookup {host}")  # expect: FL508
    return "", 204


@app.get("/trace")
def trace():
    host = request.args["host"]
    result = subprocess.run(f"traceroute {host}", shell=True, capture_output=True)  # expect: FL508
    return jsonify(output=result.stdout.decode())


@app.get("/trace-safe")
def trace_safe():
    host = request.args["host"]
    result = subprocess.run(["traceroute", host], capture_output=True)  # ok: FL508
    return jsonify(output=result.stdout.decode())


@app.get("/whois")
def whois():
    host = request.args["host"]
    result = subprocess.check_output("whois " + shlex.quote(host), shell=True)  # ok: FL508
    return jsonify(output=result.decode())


@app.get("/dig")
def dig():
    host = request.args["host"]
    if host not in ALLOWED_HOSTS:
        abort(400)
    os.system("dig " + host)  # ok: FL508
    return "", 204


@app.get("/uptime")
def uptime():
    return jsonify(output=subprocess.check_output("uptime", shell=True).decode())  # ok: FL508


@app.post("/run")
def run():
    program = request.json["program"]
    result = subprocess.run([program, "--version"], capture_output=True)  # expect: FL508
    return jsonify(output=result.stdout.decode())


@app.post("/archive")
def archive():
    name = request.form["name"]
    subprocess.call("tar czf /tmp/%s.tgz /srv/data" % name, shell=True)  # expect: FL508
    return "", 204


@app.post("/tool")
def tool():
    return jsonify(output=run_tool(request.form["args"]))  # expect: FL508


@app.get("/disk")
def disk():
    path = request.args.get("path", "/")
    proc = subprocess.Popen("du -sh " + path, shell=True, stdout=subprocess.PIPE)  # expect: FL508
    return jsonify(output=proc.communicate()[0].decode())


@app.get("/count")
def count():
    lines = int(request.args.get("lines", "10"))
    os.system(f"tail -n {lines} /var/log/app.log")  # ok: FL508
    return "", 204
