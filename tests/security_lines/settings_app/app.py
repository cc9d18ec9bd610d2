"""A small CMS whose settings are spread over code, classes and mappings."""

import os

from flask import Flask, make_response, request
from flask_cors import CORS
from flask_wtf import CSRFProtect

from config.settings import ProductionConfig

app = Flask(__name__)
app.config.from_object(ProductionConfig)
app.config["SECRET_KEY"] = "4f8a9c2e7b1d6a3f"  # expect: FL502
app.secret_key = os.environ["SECRET_KEY"]  # ok: FL502
app.config["DEBUG"] = True  # expect: FL501
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"  # ok: FL501
app.debug = True  # expect: FL501
app.config.update(SESSION_COOKIE_SECURE=False)  # expect: FL516
app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True)  # ok: FL516
app.config.from_mapping(WTF_CSRF_ENABLED=False)  # expect: FL512
app.config.from_mapping(WTF_CSRF_ENABLED=True)  # ok: FL512
app.config["SESSION_COOKIE_SAMESITE"] = None  # expect: FL516
app.config["SESSION_COOKIE_SAMESITE"] = "Lax"  # ok: FL516
app.config["MAIL_PASSWORD"] = "hunter2hunter2"  # expect: FL502
app.config["MAIL_PASSWORD"] = os.environ.get("MAIL_PASSWORD")  # ok: FL502
app.config["PASSWORD_RESET_SUBJECT"] = "Reset your password"  # ok: FL502
app.config["API_TOKEN_HEADER"] = "X-Api-Token"  # ok: FL502
CORS(app, origins="*", supports_credentials=True)  # expect: FL517
CORS(app, origins=["https://cms.example.com"], supports_credentials=True)  # ok: FL517
csrf = CSRFProtect(app)


@app.get("/remember")
def remember():
    response = make_response("ok")
    response.set_cookie("remember", request.args.get("user", ""), secure=False, httponly=False)  # expect: FL516
    response.set_cookie("theme", "dark", secure=True, httponly=True, samesite="Lax")  # ok: FL516
    return response


@app.post("/webhook")
@csrf.exempt  # expect: FL512
def webhook():
    return "", 204


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)  # expect: FL501, FL520/low
    app.run("0.0.0.0")  # expect: FL520/low
    app.run(host="127.0.0.1", port=5000)  # ok: FL501, FL520
