"""Greeting cards: pages rendered from what visitors type."""

from flask import Flask, Response, make_response, render_template, render_template_string, request
from jinja2 import Environment
from markupsafe import Markup, escape
from markupsafe import Markup as Safe

app = Flask(__name__)
CARD = "<h1>Hello {{ name }}</h1>"


@app.get("/card")
def card():
    name = request.args.get("name", "")
    return render_template_string("<h1>Hello " + name + "</h1>")  # expect: FL504


@app.get("/card2")
def card2():
    template = f"<h1>Hello {request.args['name']}</h1>"
    return render_template_string(template)  # expect: FL504


@app.get("/card3")
def card3():
    page = "<h1>Hello "
    page += request.args.get("name", "")
    return render_template_string(page)  # expect: FL504


@app.get("/card4")
def card4():
    return render_template_string("<p>%s</p>" % request.args["msg"])  # expect: FL504


@app.get("/card-safe")
def card_safe():
    return render_template_string(CARD, name=request.args.get("name", ""))  # ok: FL504


@app.get("/hello")
def hello():
    name = request.args.get("name", "")
    return f"<h1>Hello {name}</h1>"  # expect: FL521


@app.get("/hello2")
def hello2():
    return "<p>You searched for %s</p>" % request.args["q"]  # expect: FL521


@app.get("/hello3")
def hello3():
    body = "<div>{}</div>".format(request.args["q"])
    return make_response(body)  # expect: FL521


@app.get("/hello4")
def hello4():
    return Response("<b>" + request.args["q"] + "</b>", mimetype="text/html")  # expect: FL521


@app.get("/hello-safe")
def hello_safe():
    return f"<h1>Hello {escape(request.args.get('name', ''))}</h1>"  # ok: FL521


@app.get("/hello-json")
def hello_json():
    return {"greeting": f"Hello {request.args.get('name', '')}"}  # ok: FL521


@app.get("/hello-text")
def hello_text():
    return Response(f"Hello {request.args['name']}", mimetype="text/plain")  # ok: FL521


@app.get("/hello-count")
def hello_count():
    count = int(request.args.get("n", "1"))
    return f"<p>{count} greetings</p>"  # ok: FL521


@app.get("/bio")
def bio():
    return render_template("bio.html", bio=Markup(request.args["bio"]))  # expect: FL505


@app.get("/bio2")
def bio2():
    return render_template("bio.html", bio=Safe(request.args["bio"]))  # expect: FL505


@app.get("/bio-safe")
def bio_safe():
    return render_template("bio.html", bio=Markup("<em>{}</em>").format(request.args["bio"]))  # ok: FL505


@app.get("/mail")
def mail():
    return render_template("welcome.txt", name=request.args["name"])  # expect: FL521


def render_note(text):
    env = Environment(autoescape=False)  # expect: FL505
    return env.from_string("<p>{{ text }}</p>").render(text=text)


def render_note_safe(text):
    env = Environment(autoescape=True)  # ok: FL505
    return env.from_string("<p>{{ text }}</p>").render(text=text)


@app.get("/bio-unescaped")
def bio_unescaped():
    text = escape(request.args["bio"]).unescape()  # expect: FL505
    return render_template("bio.html", bio=Markup(text))


@app.get("/plain-title")
def plain_title():
    return {"title": Markup("<b>Cards</b>").unescape()}  # ok: FL505
