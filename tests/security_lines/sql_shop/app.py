"""A product catalogue that builds SQL by hand."""

import sqlite3

from flask import Flask, g, jsonify, request
from sqlalchemy import text

from db import session
from queries import find_products_by_tag, products_named

app = Flask(__name__)
TABLE = "products"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("shop.db")
    return g.db


@app.get("/search")
def search():
    term = request.args.get("q", "")
    cursor = get_db().cursor()
    cursor.execute(f"SELECT * FROM products WHERE name LIKE '%{term}%'")  # expect: FL503
    cursor.execute("SELECT * FROM products WHERE name LIKE ?", (f"%{term}%",))  # ok: FL503
    return jsonify(cursor.fetchall())


@app.get("/product/<pid>")
def product(pid):
    cursor = get_db().cursor()
    cursor.execute("SELECT * FROM products WHERE id = %s" % pid)  # expect: FL503
    cursor.execute("SELECT * FROM products WHERE id = ?", (pid,))  # ok: FL503
    return jsonify(cursor.fetchone())


@app.get("/category")
def category():
    name = request.args["name"]
    query = "SELECT * FROM products WHERE category = '{}'".format(name)
    rows = get_db().execute(query).fetchall()  # expect: FL503
    return jsonify(rows)


@app.get("/price")
def price():
    low = request.args.get("min", "0")
    sql = "SELECT * FROM products WHERE price >= "
    sql += low
    return jsonify(get_db().execute(sql).fetchall())  # expect: FL503


@app.get("/sorted")
def sorted_products():
    column = request.args.get("sort", "name")
    rows = session.execute(text(f"SELECT * FROM products ORDER BY {column}"))  # expect: FL503
    return jsonify([dict(r._mapping) for r in rows])


@app.get("/sorted-safe")
def sorted_safe():
    column = request.args.get("sort", "name")
    if column not in ("name", "price"):
        column = "name"
    rows = session.execute(text(f"SELECT * FROM products ORDER BY {column}"))  # ok: FL503
    return jsonify([dict(r._mapping) for r in rows])


@app.get("/bound")
def bound():
    name = request.args.get("name", "")
    rows = session.execute(text("SELECT * FROM products WHERE name = :name"), {"name": name})  # ok: FL503
    return jsonify([dict(r._mapping) for r in rows])


@app.get("/count")
def count():
    rows = get_db().execute(f"SELECT COUNT(*) FROM {TABLE}").fetchone()  # ok: FL503
    return jsonify(rows)


@app.get("/tag")
def tag():
    return jsonify(find_products_by_tag(request.args["tag"]))  # expect: FL503


@app.get("/named")
def named():
    limit = int(request.args.get("limit", "10"))
    return jsonify(products_named(request.args.get("name", ""), limit))  # ok: FL503


@app.post("/login")
def login():
    user = request.form["username"]
    password = request.form["password"]
    query = "SELECT id FROM users WHERE name = '" + user + "' AND password = '" + password + "'"
    found = get_db().execute(query).fetchone()  # expect: FL503
    return jsonify({"ok": found is not None})
