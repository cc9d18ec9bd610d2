"""Query helpers shared by the views."""

import sqlite3


def connect():
    return sqlite3.connect("shop.db")


def find_products_by_tag(tag):
    return connect().execute("SELECT * FROM products WHERE tag = '%s'" % tag).fetchall()


def products_named(name, limit):
    return connect().execute("SELECT * FROM products WHERE name = ? LIMIT ?", (name, limit)).fetchall()
