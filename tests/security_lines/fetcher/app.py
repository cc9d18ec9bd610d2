"""A link preview service that fetches pages for its users."""

import os
import urllib.request
from urllib.parse import urlsplit

import httpx
import requests
from flask import Flask, abort, jsonify, request

from client import fetch_page, fetch_status

app = Flask(__name__)
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}
API = "https://api.example.com"


@app.get("/preview")
def preview():
    url = request.args["url"]
    page = requests.get(url, timeout=5)  # expect: FL522
    return jsonify(title=page.text[:80])


@app.post("/webhook-test")
def webhook_test():
    target = request.json["callback"]
    requests.post(target, json={"ping": True}, timeout=5)  # expect: FL522
    return "", 204


@app.get("/proxy")
def proxy():
    return httpx.get(request.args.get("u", ""), timeout=5).text  # expect: FL522


@app.get("/raw")
def raw():
    with urllib.request.urlopen(request.args["url"]) as response:  # expect: FL522
        return response.read()


@app.get("/generic")
def generic():
    method = request.args.get("method", "GET")
    response = requests.request(method, request.args["url"], timeout=5)  # expect: FL522
    return response.text


@app.get("/avatar")
def avatar():
    host = request.args["host"]
    return requests.get(f"http://{host}/avatar.png", timeout=5).content  # expect: FL522


@app.get("/image")
def image():
    url = request.args["url"]
    if urlsplit(url).hostname not in ALLOWED_HOSTS:
        abort(400)
    return requests.get(url, timeout=5).content  # ok: FL522


@app.get("/user")
def user():
    user_id = request.args["id"]
    return requests.get(f"https://api.example.com/users/{user_id}", timeout=5).json()  # ok: FL522


@app.get("/search")
def search():
    return requests.get(
        "https://api.example.com/search", params={"q": request.args["q"]}, timeout=5
    ).json()  # ok: FL522


@app.get("/status")
def status():
    return requests.get(API + "/status", timeout=5).json()  # ok: FL522


@app.get("/item")
def item():
    item_id = int(request.args["id"])
    return httpx.get(f"{API}/items/{item_id}", timeout=5).json()  # ok: FL522


@app.get("/insecure")
def insecure():
    return requests.get("https://internal.example.com/health", verify=False, timeout=5).text  # expect: FL518


@app.get("/secure")
def secure():
    return requests.get("https://internal.example.com/health", timeout=5).text  # ok: FL518


def upstream(path):
    return f"{os.environ.get('UPSTREAM', 'http://localhost')}/{path}"


@app.get("/mirror")
def mirror():
    return os.popen(f"curl -s {request.args['url']}").read()  # expect: FL508, FL522


@app.get("/relay")
def relay():
    return requests.get(upstream(request.args["path"]), timeout=5).text  # expect: FL522


@app.get("/relay-fixed")
def relay_fixed():
    return requests.get(upstream("status"), timeout=5).text  # ok: FL522


@app.get("/through-helper")
def through_helper():
    return fetch_page(request.args["url"])  # expect: FL522


@app.get("/through-helper-fixed")
def through_helper_fixed():
    return fetch_status(request.args["name"])  # ok: FL522
