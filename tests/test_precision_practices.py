"""Practices met, and problems present, in the shapes real repositories write them.

Each case was seen in a labelled corpus repository (the shape, not its code):
a practice flasklint failed to see, or a problem it missed. The judgement is
on use, not on imports or names.
"""

from __future__ import annotations

import pytest

from flasklint.analysis.registry import load_rules
from tests.helpers import outcome_of, write_tree

RULES = {rule.code: rule for rule in load_rules()}


def status(code: str, example, tmp_path) -> str:
    outcome = outcome_of(RULES[code], write_tree(tmp_path, example))
    return "not applicable" if outcome.verdict is None else outcome.verdict.status


def findings(code: str, example, tmp_path) -> list[tuple[str, int, str]]:
    outcome = outcome_of(RULES[code], write_tree(tmp_path, example))
    return [(f.path, f.line, f.severity) for f in outcome.findings]


# -- input validation is judged by use (FL301) --
FORM_APP = "from flask import Flask, request\n{imports}\napp = Flask(__name__)\n\n\n"
VALIDATED_INPUT = {
    "webargs-use-args": FORM_APP.replace(
        "{imports}", "from webargs import fields\nfrom webargs.flaskparser import use_args\n"
    )
    + "@app.post('/u')\n@use_args({'n': fields.Str()}, location='json')\ndef u(args):\n    return args\n",
    "flask-wtf-form": FORM_APP.replace("{imports}", "from app_forms import LoginForm\n")
    + "@app.post('/login')\ndef login():\n    form = LoginForm()\n    if form.validate_on_submit():\n"
    "        return 'ok'\n    return 'no', 400\n",
    "a-helper-that-loads-a-schema": FORM_APP.replace("{imports}", "from schemas import UserSchema\n")
    + "def parse_user(data):\n    return UserSchema().load(data)\n\n\n"
    "@app.post('/u')\ndef u():\n    return parse_user(request.get_json())\n",
    "restx-resource-with-expect": "from flask import Flask, request\nfrom flask_restx import Api, Namespace\n\n"
    "app = Flask(__name__)\nns = Namespace('users')\n\n\n@ns.route('')\nclass Users(BaseResource):\n"
    "    @ns.expect(user_model, validate=True)\n    def post(self):\n        return request.get_json(), 201\n",
}


@pytest.mark.parametrize("source", list(VALIDATED_INPUT.values()), ids=list(VALIDATED_INPUT))
def test_validation_by_decorator_form_or_helper_counts(source, tmp_path):
    assert status("FL301", source, tmp_path) == "met"


def test_importing_a_schema_library_validates_nothing(tmp_path):
    source = FORM_APP.replace("{imports}", "import wtforms  # noqa\nfrom marshmallow import Schema  # noqa\n")
    source += "@app.post('/notes')\ndef create_note():\n    return {'text': request.form['text']}, 201\n"
    assert status("FL301", source, tmp_path) == "not met"


# -- authentication the project writes itself (FL515) --
def test_a_wrapper_that_answers_401_is_an_auth_decorator(tmp_path):
    source = (
        "from functools import wraps\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "def token_guard(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n"
        "        if 'Authorization' not in request.headers:\n            return {'error': 'token missing'}, 401\n"
        "        return view(*args, **kwargs)\n    return wrapper\n\n\n"
        "@app.post('/users/<int:i>/notes')\n@token_guard\ndef add_note(i):\n    return '', 201\n"
    )
    assert status("FL515", source, tmp_path) == "met"


def test_method_decorators_on_a_base_resource_protect_its_subclasses(tmp_path):
    example = {
        "app/auth.py": "from flask_login import login_required\nfrom flask_restful import Resource\n\n\n"
        "class AuthenticatedResource(Resource):\n    method_decorators = [login_required]\n",
        "app/items.py": "from flask import Flask\nfrom flask_restful import Api\n\nfrom app.auth import AuthenticatedResource\n\n"
        "app = Flask(__name__)\napi = Api(app)\n\n\nclass Items(AuthenticatedResource):\n"
        "    def post(self):\n        return '', 201\n\n\napi.add_resource(Items, '/items')\n",
    }
    assert status("FL515", example, tmp_path) == "met"


def test_an_app_with_accounts_and_no_authentication_is_judged(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\n\n"
        "class User(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n\n\n"
        "@app.delete('/items/<int:i>')\ndef delete_item(i):\n    return '', 204\n"
    )
    assert status("FL515", source, tmp_path) == "not met"


def test_an_app_without_accounts_or_authentication_is_not_judged(tmp_path):
    source = "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.post('/echo')\ndef echo():\n    return ''\n"
    assert status("FL515", source, tmp_path) == "not applicable"


# -- password storage (FL514) --
def test_passlib_hashes_passwords(tmp_path):
    source = (
        "from flask import Flask, request\nfrom passlib.hash import sha256_crypt\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/signup')\ndef signup():\n    return sha256_crypt.hash(request.form['password'])\n"
    )
    assert status("FL514", source, tmp_path) == "met"


def test_a_password_type_column_compares_hashes(tmp_path):
    source = (
        "from flask_sqlalchemy import SQLAlchemy\nfrom sqlalchemy_utils import PasswordType\n\ndb = SQLAlchemy()\n\n\n"
        "class User(db.Model):\n    password = db.Column(PasswordType(schemes=('bcrypt',)))\n\n"
        "    def check(self, given):\n        return self.password == given\n"
    )
    assert status("FL514", source, tmp_path) == "met"


def test_raw_sql_that_stores_a_password_as_sent_is_plaintext(tmp_path):
    source = (
        "import sqlite3\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.post('/users')\n"
        "def create_user():\n    db = sqlite3.connect('x.db')\n"
        "    db.execute('INSERT INTO user (username, password) VALUES (?, ?)', (request.form['u'], request.form['p']))\n"
        "    return '', 201\n"
    )
    assert status("FL514", source, tmp_path) == "not met"


# -- a schema created by SQL needs migrations too (FL401) --
def test_tables_created_by_sql_in_code_need_a_migration_history(tmp_path):
    source = (
        "import sqlite3\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\ndef init_db():\n"
        "    sqlite3.connect('x.db').execute('''CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY)''')\n"
    )
    assert status("FL401", source, tmp_path) == "not met"


# -- health endpoints behind a prefix (FL703) --
@pytest.mark.parametrize(
    "source",
    [
        "from flask import Blueprint\n\nup = Blueprint('up', __name__, url_prefix='/up')\n\n\n"
        "@up.get('/')\ndef index():\n    return ''\n",
        "from flask import Flask\nfrom flask_healthz import healthz\n\napp = Flask(__name__)\n"
        "app.register_blueprint(healthz, url_prefix='/healthz')\n\n\n@app.get('/')\ndef home():\n    return ''\n",
    ],
    ids=["blueprint-url-prefix", "flask-healthz"],
)
def test_a_health_endpoint_behind_a_prefix_counts(source, tmp_path):
    assert status("FL703", source, tmp_path) == "met"


# -- state changed by GET (FL308) --
def test_a_get_view_that_resets_the_database_through_a_helper(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\n\n"
        "def initialize():\n    db.drop_all()\n    db.create_all()\n\n\n"
        "@app.route('/init', methods=['GET'])\ndef init():\n    initialize()\n    return 'ok'\n"
    )
    assert findings("FL308", source, tmp_path) == [("app.py", 13, "medium")]


def test_an_email_confirmation_link_may_write_on_get(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\n\n"
        "@app.get('/confirm/<token>')\ndef confirm_email(token):\n    db.session.commit()\n    return 'confirmed'\n"
    )
    assert findings("FL308", source, tmp_path) == []


# -- debug that is on by default (FL501) --
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "import os\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n"
            "    debug_mode = os.getenv('FLASK_ENV') != 'production'\n    app.run(host='0.0.0.0', debug=debug_mode)\n",
            [("app.py", 9, "high")],
        ),
        ("class Settings:\n    APP_HOST = 'localhost'\n    DEBUG_MODE = True\n", [("app.py", 3, "high")]),
        ("import os\n\nWEB_DEBUG = os.environ.get('WEB_DEBUG', True)\n", [("app.py", 3, "low")]),
    ],
    ids=["on-unless-production", "debug-mode-setting", "environment-default-on"],
)
def test_debug_on_by_default_is_found(source, expected, tmp_path):
    assert findings("FL501", source, tmp_path) == expected


def test_a_development_config_loaded_on_every_start_is_not_exempt(tmp_path):
    example = {
        "app/config.py": "class Config:\n    DEBUG = False\n\n\nclass DevelopmentConfig(Config):\n    DEBUG = True\n",
        "app/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    app.config.from_object('app.config.DevelopmentConfig')\n    return app\n",
    }
    assert findings("FL501", example, tmp_path) == [("app/__init__.py", 6, "high")]


def test_a_development_config_chosen_by_the_environment_is_exempt(tmp_path):
    example = {
        "app/config.py": "class Config:\n    DEBUG = False\n\n\nclass DevelopmentConfig(Config):\n    DEBUG = True\n",
        "app/__init__.py": "import os\n\nfrom flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    if os.environ.get('FLASK_ENV') == 'development':\n"
        "        app.config.from_object('app.config.DevelopmentConfig')\n    return app\n",
    }
    assert findings("FL501", example, tmp_path) == []


@pytest.mark.parametrize(
    "value",
    ["getattr(config, 'env', 'prod') != 'prod'", "os.getenv('APP_ENV', 'production') != 'production'"],
    ids=["config-attribute-defaulting-to-prod", "environment-defaulting-to-production"],
)
def test_debug_off_unless_the_environment_says_development_is_not_found(value, tmp_path):
    source = (
        "import os\n\nimport config\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n"
        f"    debug = {value}\n    app.run(debug=debug)\n"
    )
    assert findings("FL501", source, tmp_path) == []


def test_unpickling_a_file_the_code_names_is_low(tmp_path):
    source = "import pickle\n\nfrom flask import Flask\n\napp = Flask(__name__)\nmodel = pickle.load(open('model.pkl', 'rb'))\n"
    assert findings("FL507", source, tmp_path) == [("app.py", 6, "low")]


def test_a_signer_salt_naming_a_namespace_is_not_a_secret(tmp_path):
    source = (
        "class JournalistConfig:\n    SESSION_SIGNER_SALT = 'js_session'\n    SECURITY_PASSWORD_SALT = 'q8Fz1vL0pX3e'\n"
    )
    assert findings("FL502", source, tmp_path) == [("app.py", 3, "high")]


# -- error handlers (FL302) --
def test_an_error_handler_registered_by_call_counts(tmp_path):
    source = (
        "from flask import Flask, render_template\n\napp = Flask(__name__)\n\n\ndef render_error(error):\n"
        "    return render_template('error.html'), error.code\n\n\nfor code in (401, 404, 500):\n"
        "    app.errorhandler(code)(render_error)\n\n\n@app.get('/')\ndef home():\n    return render_template('home.html')\n"
    )
    assert status("FL302", source, tmp_path) == "met"


def test_importing_an_api_framework_handles_no_error(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_restful import Resource  # noqa\n\napp = Flask(__name__)\n\n\n"
        "@app.get('/')\ndef home():\n    return {'ok': True}\n"
    )
    assert status("FL302", source, tmp_path) == "not met"


# -- the app, written the ways real projects write it (FL101, FL107) --
def test_a_flask_subclass_built_in_the_factory_is_a_factory(tmp_path):
    source = (
        "from flask import Flask\n\n\nclass MyApp(Flask):\n    pass\n\n\ndef create_app(config=None):\n"
        "    app = MyApp(__name__)\n    app.config.from_object(config)\n    return app\n"
    )
    assert status("FL101", source, tmp_path) == "met"


def test_an_autoapp_module_is_a_wsgi_entry_point(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    return Flask(__name__)\n",
        "autoapp.py": "from app import create_app\n\napp = create_app()\n",
    }
    assert status("FL107", example, tmp_path) == "met"


# -- tests written with unittest base classes, Flask-Testing or WebTest (FL601, FL602) --
UNITTEST_SUITE = {
    "app/__init__.py": "from flask import Flask\n\n\ndef create_app(config=None):\n    app = Flask(__name__)\n"
    "    @app.get('/ping')\n    def ping():\n        return 'pong'\n    return app\n",
    "tests/base.py": "import unittest\n\nfrom app import create_app\n\n\nclass BaseTestCase(unittest.TestCase):\n"
    "    def setUp(self):\n        self.app = create_app('testing')\n        self.client = self.app.test_client()\n",
    "tests/test_ping.py": "from tests.base import BaseTestCase\n\n\nclass PingTest(BaseTestCase):\n"
    "    def test_ping(self):\n        response = self.client.get('/ping')\n        self.assertEqual(response.status_code, 200)\n",
}


def test_unittest_classes_on_a_project_base_class_are_tests(tmp_path):
    assert status("FL601", UNITTEST_SUITE, tmp_path) in ("met", "partly met")
    assert status("FL602", UNITTEST_SUITE, tmp_path) == "met"


def test_webtest_client_is_a_test_client(tmp_path):
    example = {
        "app/__init__.py": UNITTEST_SUITE["app/__init__.py"],
        "tests/conftest.py": "import pytest\nfrom webtest import TestApp\n\nfrom app import create_app\n\n\n"
        "@pytest.fixture\ndef testapp():\n    return TestApp(create_app('testing'))\n",
        "tests/test_ping.py": "def test_ping(testapp):\n    response = testapp.get('/ping')\n    assert response.status_int == 200\n",
    }
    assert status("FL602", example, tmp_path) == "met"
    assert status("FL603", example, tmp_path) == "met"


# -- operations (FL704, FL706) --
@pytest.mark.parametrize(
    "files",
    [
        {"Procfile": "web: gunicorn 'app:create_app()'\n"},
        {"docker/entrypoint.sh": "#!/bin/sh\nset -e\nexec gunicorn -b 0.0.0.0:8000 'app:create_app()'\n"},
        {"Dockerfile": 'FROM python:3.12-slim\nCMD [ \\\n  "gunicorn", \\\n  "app:create_app()" \\\n]\n'},
    ],
    ids=["procfile", "entrypoint-script", "multi-line-cmd"],
)
def test_gunicorn_started_from_a_script_counts(files, tmp_path):
    example = {"app/__init__.py": UNITTEST_SUITE["app/__init__.py"], **files}
    assert status("FL704", example, tmp_path) == "met"


def test_requirements_made_of_included_files_are_read(tmp_path):
    example = {
        "app/__init__.py": UNITTEST_SUITE["app/__init__.py"],
        "requirements.txt": "-r requirements/base.txt\n",
        "requirements/base.txt": "flask==3.0.3\nsqlalchemy==2.0.30\n",
    }
    assert status("FL706", example, tmp_path) == "met"


# -- CSRF by a hook of the project (FL513) --
def test_a_before_request_hook_comparing_a_session_token_is_csrf_protection(tmp_path):
    source = (
        "from flask import Flask, abort, request, session\n\napp = Flask(__name__)\n\n\n@app.before_request\n"
        "def check_csrf():\n    if request.method == 'POST':\n"
        "        if session.get('_csrf_token') != request.form.get('_csrf_token'):\n            abort(403)\n\n\n"
        "@app.post('/notes')\ndef create_note():\n    return request.form['text']\n"
    )
    assert status("FL513", source, tmp_path) == "met"


# -- sanitised paths and templates (FL504, FL509) --
@pytest.mark.parametrize(
    "body",
    [
        "path = safe_join(ROOT, request.args['name'])\n    if path is None:\n        abort(404)\n"
        "    return send_file(path)",
        "name = request.args['name']\n    if name not in os.listdir(ROOT):\n        abort(404)\n"
        "    return send_file(os.path.join(ROOT, name))",
        "buffer = io.BytesIO(request.args['name'].encode())\n    return send_file(buffer, download_name='x.txt')",
        "return send_file(os.path.join(ROOT, secure_filename(request.args['name'])))",
    ],
    ids=["safe-join-with-none-check", "allow-list-membership", "in-memory-bytes", "secure-filename"],
)
def test_sanitised_file_access_is_not_path_traversal(body, tmp_path):
    source = (
        "import io\nimport os\n\nfrom flask import Flask, abort, request, send_file\n"
        "from werkzeug.security import safe_join\nfrom werkzeug.utils import secure_filename\n\n"
        "app = Flask(__name__)\nROOT = 'files'\n\n\n@app.get('/file')\ndef file():\n    " + body + "\n"
    )
    assert findings("FL509", source, tmp_path) == []


def test_an_upload_saved_under_the_clients_file_name_is_path_traversal(tmp_path):
    source = (
        "import os\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.post('/upload')\n"
        "def upload():\n    f = request.files['file']\n    f.save(os.path.join('uploads', f.filename))\n    return ''\n"
    )
    assert [line for _, line, _ in findings("FL509", source, tmp_path)] == [11]


# -- state that is not mutable in-process state (FL201, FL203, FL204) --
def test_a_cache_or_lazy_redis_client_at_module_level_is_not_global_state(tmp_path):
    source = (
        "import redis\nfrom flask import Flask\nfrom flask_caching import Cache\n\n\nclass AppCache(Cache):\n    pass\n\n\n"
        "cache = AppCache()\nstore = redis.from_url('redis://localhost')\napp = Flask(__name__)\n\n\n"
        "@app.get('/')\ndef index():\n    cache.set('x', 1)\n    store.incr('hits')\n    return ''\n"
    )
    for code in ("FL201", "FL203"):
        assert findings(code, source, tmp_path) == [], code


def test_create_all_reached_at_import_through_a_helper(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_sqlalchemy import SQLAlchemy\n\napp = Flask(__name__)\ndb = SQLAlchemy(app)\n\n\n"
        "def register_models():\n    with app.app_context():\n        db.create_all()\n\n\nregister_models()\n"
    )
    assert [line for _, line, _ in findings("FL402", source, tmp_path)] != []


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        ("csrf = CSRFProtect()\n", "not met"),
        (
            "csrf = CSRFProtect()\n\n\ndef create_app():\n    app = Flask(__name__)\n    csrf.init_app(app)\n    return app\n",
            "met",
        ),
    ],
    ids=["imported-and-built-but-never-initialised", "initialised-in-the-factory"],
)
def test_csrf_protection_counts_once_initialised(setup, expected, tmp_path):
    source = (
        "from flask import Blueprint, Flask, request\nfrom flask_wtf.csrf import CSRFProtect\n\nbp = Blueprint('n', __name__)\n"
        + setup
        + "\n\n@bp.post('/notes')\ndef create_note():\n    return request.form['text']\n"
    )
    assert status("FL513", source, tmp_path) == expected


@pytest.mark.parametrize(
    ("files", "severity"),
    [
        (
            {
                "run.py": "from app import create_app\n\napp = create_app()\n\nif __name__ == '__main__':\n    app.run(debug=True)\n"
            },
            "low",
        ),
        (
            {"app.py": "from flask import Flask\n\napp = Flask(__name__)\napp.run(host='127.0.0.1', debug=True)\n"},
            "low",
        ),
        (
            {
                "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == '__main__':\n    app.run(debug=True)\n"
            },
            "high",
        ),
        (
            {"run.py": "from app import app\n\nif __name__ == '__main__':\n    app.run(host='0.0.0.0', debug=True)\n"},
            "high",
        ),
    ],
    ids=["dev-server-script", "explicit-loopback", "the-app-module-itself", "script-on-all-interfaces"],
)
def test_debug_severity_follows_who_can_reach_the_debugger(files, severity, tmp_path):
    assert [s for _, _, s in findings("FL501", files, tmp_path)] == [severity]


# -- severity follows the data flow: as written, or through a function first --
@pytest.mark.parametrize(
    ("code", "body", "severity"),
    [
        ("FL505", "return Markup(request.args['name'])", "high"),
        ("FL505", "return Markup(totp.qrcode_svg(request.args['name']).decode())", "medium"),
        ("FL509", "return send_file(os.path.join('files', request.args['name']))", "high"),
        ("FL509", "return send_file(storage.path(request.args['name']))", "medium"),
    ],
    ids=["markup-as-written", "markup-of-a-function-result", "path-as-written", "path-built-by-a-helper"],
)
def test_request_data_through_a_function_is_a_lead_not_the_exploit(code, body, severity, tmp_path):
    source = (
        "import os\n\nfrom flask import Flask, request, send_file\nfrom markupsafe import Markup\n\n"
        "from app_lib import storage, totp\n\napp = Flask(__name__)\n\n\n@app.get('/x')\ndef x():\n    " + body + "\n"
    )
    assert [s for _, _, s in findings(code, source, tmp_path)] == [severity]


def test_urls_passed_to_a_request_helper_or_built_with_format_reach_routes(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask\n\n\ndef create_app(config=None):\n    app = Flask(__name__)\n\n"
        "    @app.get('/users/<int:uid>')\n    def user(uid):\n        return {}\n\n"
        "    @app.get('/books')\n    def books():\n        return {}\n\n    return app\n",
        "tests/test_api.py": "from app import create_app\n\n\ndef make_request(method, url):\n"
        "    return getattr(create_app('testing').test_client(), method)(url)\n\n\n"
        "def test_books():\n    assert make_request('get', '/books').status_code == 200\n\n\n"
        "def test_user():\n    assert make_request('get', '/users/{}'.format(1)).status_code == 200\n",
    }
    assert status("FL603", example, tmp_path) == "met"


@pytest.mark.parametrize(
    "handler",
    [
        "    body = {'error': str(e)}\n    return body, 404\n",
        "    return make_response({'error': str(e)}, 404)\n",
        "    return error_response(404, str(e))\n",
    ],
    ids=["a-variable", "make-response-of-a-dict", "a-json-helper"],
)
def test_error_handlers_answering_json_in_other_shapes(handler, tmp_path):
    source = (
        "from flask import Flask, jsonify, make_response\n\napp = Flask(__name__)\n\n\n"
        "def error_response(code, message):\n    return jsonify(error=message), code\n\n\n"
        "@app.errorhandler(404)\ndef not_found(e):\n"
        + handler
        + "\n\n@app.get('/api/items')\ndef items():\n    return {'items': []}\n"
    )
    assert status("FL302", source, tmp_path) == "met"


def test_a_location_header_set_from_the_request_is_an_open_redirect(tmp_path):
    source = (
        "from flask import Flask, request\nfrom werkzeug.datastructures import CaseInsensitiveDict\n\n"
        "app = Flask(__name__)\n\n\n@app.get('/redirect-to')\ndef redirect_to():\n"
        "    args = CaseInsensitiveDict(request.args.items())\n    response = app.make_response('')\n"
        "    response.status_code = 302\n    response.headers['Location'] = args['url'].encode('utf-8')\n    return response\n"
    )
    assert findings("FL510", source, tmp_path) == [("app.py", 12, "medium")]


def test_a_secret_key_spelled_like_its_name_is_still_a_secret(tmp_path):
    source = "SECRET_KEY = 'secret key'\nRESET_PASSWORD = 'reset_password'\n"
    assert findings("FL502", source, tmp_path) == [("app.py", 1, "high")]


def test_a_resource_whose_methods_each_require_a_user_is_protected(tmp_path):
    source = (
        "from flask import Flask\nfrom flask_jwt_extended import jwt_required\nfrom flask_restx import Api, Resource\n\n"
        "app = Flask(__name__)\napi = Api(app)\nns = api.namespace('users')\n\n\n@ns.route('')\nclass Users(Resource):\n"
        "    @jwt_required()\n    def post(self):\n        return {}, 201\n\n    def get(self):\n        return []\n"
    )
    assert status("FL515", source, tmp_path) == "met"


def test_a_value_checked_against_an_allow_list_is_not_request_data(tmp_path):
    source = (
        "import subprocess\n\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.get('/ps')\ndef ps():\n"
        "    arg = request.args['arg']\n    if arg not in ('aux', 'ef'):\n        return 'no', 400\n"
        "    return subprocess.check_output('ps ' + arg, shell=True)\n"
    )
    # built at run time from an allow-listed value: worth a list of arguments, not an exploit (low)
    assert [s for _, _, s in findings("FL508", source, tmp_path)] == ["low"]


def test_current_app_in_a_module_imported_inside_an_app_context(tmp_path):
    example = {
        "app/__init__.py": "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    with app.app_context():\n        from . import routes  # noqa\n    return app\n",
        "app/routes.py": "from flask import current_app\n\nlog = current_app.logger\n",
        "app/other.py": "from flask import current_app\n\nconfig = current_app.config\n",
        "app/uses_other.py": "from app import other  # noqa\n",
    }
    assert findings("FL204", example, tmp_path) == [("app/other.py", 3, "high")]


def test_flask_testing_create_app_hook_builds_the_app_and_its_client(tmp_path):
    example = {
        "app/__init__.py": UNITTEST_SUITE["app/__init__.py"],
        "tests/test_ping.py": "from flask_testing import TestCase\n\nfrom app import create_app\n\n\n"
        "class PingTest(TestCase):\n    def create_app(self):\n        return create_app('testing')\n\n"
        "    def test_ping(self):\n        self.assert200(self.client.get('/ping'))\n",
    }
    assert status("FL602", example, tmp_path) == "met"


def test_debug_switched_on_in_flaskenv_or_compose_is_low(tmp_path):
    example = {
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        ".flaskenv": "FLASK_APP=app\n# FLASK_DEBUG=1\nFLASK_DEBUG=True\n",
        "docker-compose.yml": "services:\n  web:\n    environment:\n      - FLASK_DEBUG=1\n",
    }
    assert sorted(findings("FL501", example, tmp_path)) == [(".flaskenv", 3, "low"), ("docker-compose.yml", 4, "low")]


def test_a_compose_file_named_for_development_may_switch_debug_on(tmp_path):
    example = {
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "docker-compose.development.yml": "services:\n  web:\n    environment:\n      FLASK_DEBUG: 1\n",
    }
    assert findings("FL501", example, tmp_path) == []


# -- development settings: exempt unless the app loads them on every start --
def test_example_settings_keep_their_low_debug_finding_whatever_loads(tmp_path):
    example = {
        "app/local_settings_example.py": "DEBUG = True\n",
        "app/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    }
    assert findings("FL501", example, tmp_path) == [("app/local_settings_example.py", 1, "low")]


def test_placeholders_in_an_unloaded_development_config_are_not_findings(tmp_path):
    example = {
        "config.py": "import os\n\n\nclass Config:\n    SECRET_KEY = os.environ['SECRET_KEY']\n\n\n"
        "class DevelopmentConfig(Config):\n    SECRET_KEY = 'dev-secret-change-me'\n"
        "    API_TOKEN = os.environ.get('API_TOKEN', 'dev-token-123')\n",
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\napp.config.from_object('config.Config')\n",
    }
    assert findings("FL502", example, tmp_path) == []


# -- new security classes: shapes from real repositories that are not the hole --
SECURITY_LOOK_ALIKES = {
    "FL523": {
        "update-with-named-fields": {
            "app.py": "from flask import Flask, request\n\nfrom db import Paste, supabase\n\napp = Flask(__name__)\n\n\n"
            "@app.post('/p/<int:pid>')\ndef edit(pid):\n    title = request.form['title']\n"
            "    Paste.query.filter_by(id=pid).update(dict(title=title))\n"
            "    supabase.table('items').update({'name': request.form['name']}).eq('id', pid).execute()\n"
            "    return ''\n",
        },
        "admin-view-sets-admin": {
            "app.py": "from flask import Flask, abort\n\nfrom auth import is_admin\nfrom db import User, db\n\n"
            "app = Flask(__name__)\n\n\n@app.post('/users/<user_id>/admin/<state>')\ndef set_admin(user_id, state):\n"
            "    if not is_admin():\n        abort(401)\n    user = db.session.get(User, user_id)\n"
            "    user.admin = state == 'true'\n    return ''\n",
        },
        "plain-class-from-a-dict": {
            "models.py": "from flask_sqlalchemy import SQLAlchemy\n\ndb = SQLAlchemy()\n\n\n"
            "class Account(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n",
            "params.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass PhoneNumber:\n    country: str\n    number: str\n",
            "app.py": "from flask import Flask, request\n\nfrom params import PhoneNumber\n\napp = Flask(__name__)\n\n\n"
            "@app.post('/otp')\ndef otp():\n    data = request.get_json()\n    phone = PhoneNumber(**data['phone'])\n"
            "    return {'n': phone.number}\n",
        },
    },
    "FL524": {
        "model-hashes-in-its-constructor": {
            "models.py": "from werkzeug.security import generate_password_hash\n\n\nclass Journalist:\n"
            "    def __init__(self, username, password):\n        self.username = username\n"
            "        self.set_password(password)\n\n    def set_password(self, password):\n"
            "        self.pw_hash = generate_password_hash(password)\n",
            "app.py": "from flask import Flask, request\n\nfrom models import Journalist\n\napp = Flask(__name__)\n\n\n"
            "@app.post('/journalists')\ndef add():\n"
            "    user = Journalist(username=request.form['username'], password=request.form['password'])\n"
            "    return {'u': user.username}\n",
        },
        "a-field-named-like-a-password-setting": {
            "app.py": "from flask import Flask, request\n\nfrom models import Users\n\napp = Flask(__name__)\n\n\n"
            "@app.post('/users')\ndef add():\n"
            "    user = Users(name=request.form['name'], passwd_change_befor=request.form.get('change', 'N'))\n"
            "    return {'u': user.name}\n",
        },
    },
    "FL505": {
        "code-generation-templates-in-a-cli-task": {
            "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
            "tasks/boilerplates.py": "import jinja2\n\n\ndef crud(name):\n"
            "    env = jinja2.Environment(loader=jinja2.FileSystemLoader('templates/crud'))\n"
            "    return env.get_template('module.py.j2').render(name=name)\n",
        },
    },
}


@pytest.mark.parametrize(
    ("code", "example"),
    [
        pytest.param(code, example, id=f"{code}-{name}")
        for code, cases in SECURITY_LOOK_ALIKES.items()
        for name, example in cases.items()
    ],
)
def test_security_look_alikes_from_real_repositories_are_not_findings(code, example, tmp_path):
    assert findings(code, example, tmp_path) == []


def test_a_url_with_a_fixed_host_in_a_variable_is_not_ssrf(tmp_path):
    example = (
        "import hashlib\n\nimport requests\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n"
        "@app.get('/avatar')\ndef avatar():\n    digest = hashlib.md5(request.args['email'].encode()).hexdigest()\n"
        "    url = f'https://gravatar.com/avatar/{digest}'\n    return requests.get(url, timeout=5).content\n"
    )
    assert findings("FL522", example, tmp_path) == []


def test_an_admin_only_view_manages_everyones_records(tmp_path):
    example = (
        "from flask import Flask\nfrom flask_login import login_required\n\nfrom auth import admin_required\n"
        "from models import Deadline, db\n\napp = Flask(__name__)\n\n\n"
        "@app.post('/deadlines/<int:deadline_id>/toggle')\n@login_required\n@admin_required\n"
        "def toggle(deadline_id):\n    deadline = Deadline.query.get_or_404(deadline_id)\n"
        "    deadline.is_active = not deadline.is_active\n    db.session.commit()\n    return ''\n"
    )
    assert findings("FL527", example, tmp_path) == []


def test_a_get_view_that_writes_a_file_changes_state(tmp_path):
    example = (
        "from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route('/create_file')\ndef create_file():\n"
        "    with open(request.args['name'], 'w') as handle:\n        handle.write(request.args['text'])\n"
        "    return 'ok'\n\n\n@app.route('/report')\ndef report():\n    with open('report.csv') as handle:\n"
        "        return handle.read()\n"
    )
    assert findings("FL308", example, tmp_path) == [("app.py", 6, "medium")]


def test_a_secret_in_example_settings_is_low_and_in_local_settings_exempt(tmp_path):
    example = {
        "app/local_settings_example.py": "SECRET_KEY = 'a3f9c1d27b6e4f08-copy-me'\n",
        "app/local_settings.py": "SECRET_KEY = 'b7e2d9a4c1f30865-mine'\n",
        "app/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
    }
    assert findings("FL502", example, tmp_path) == [("app/local_settings_example.py", 1, "low")]


def test_print_handed_over_as_a_callback_prints_from_app_code(tmp_path):
    example = (
        "import sqlite3\n\nfrom flask import Flask\n\napp = Flask(__name__)\nconn = sqlite3.connect('x.db')\n"
        "conn.set_trace_callback(print)\n"
    )
    assert findings("FL701", example, tmp_path) == [("app.py", 7, "low")]


def test_a_project_logger_built_on_a_logging_library_is_logging(tmp_path):
    files = {
        "app/__init__.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "app/utils/log.py": "from tamga import Tamga\n\nLog = Tamga(logToFile=True)\n",
        "app/views.py": "from app import app\nfrom app.utils.log import Log\n\n\n@app.get('/')\ndef index():\n"
        "    Log.info('index')\n    return ''\n",
    }
    assert status("FL702", files, tmp_path) == "met"
    # importing the library is not logging: nothing is built or called
    (tmp_path / "app/utils/log.py").write_text("from tamga import Tamga\n")
    (tmp_path / "app/views.py").write_text("from app import app\n\n\n@app.get('/')\ndef index():\n    return ''\n")
    assert status("FL702", {}, tmp_path) == "not met"


def test_an_identity_providers_post_to_a_saml_callback_is_not_a_form_post(tmp_path):
    source = (
        "from flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.post('/v1/saml/consume')\n"
        "def consume_saml_assertion():\n    return parse(request.form['SAMLResponse'])\n"
    )
    assert status("FL513", source, tmp_path) == "not applicable"


CSRF_DECORATOR = (
    "from functools import wraps\n\nfrom flask import Flask, abort, request, session\n\napp = Flask(__name__)\n\n\n"
    "def require_csrf_token(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n"
    "        if request.headers.get('X-XSRF-TOKEN') == session.get('XSRF-TOKEN'):\n"
    "            return f(*args, **kwargs)\n        REFUSE\n    return decorated\n\n\n"
    "@app.post('/v1/credentials')\n@require_csrf_token\ndef create_credential():\n    return request.get_json()\n"
)


@pytest.mark.parametrize(
    ("refusal", "expected"),
    [("return abort(401)", "met"), ("return f(*args, **kwargs)", "not applicable")],
    ids=["wrapper-refuses", "wrapper-lets-everything-through"],
)
def test_a_csrf_decorator_of_the_project_protects_a_json_api_when_it_refuses(refusal, expected, tmp_path):
    assert status("FL513", CSRF_DECORATOR.replace("REFUSE", refusal), tmp_path) == expected


def test_a_procfile_that_runs_the_development_configuration_is_low(tmp_path):
    example = {
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        "Procfile": "release: flask db upgrade\nweb: invoke app.run --host 0.0.0.0 --port $PORT --flask-config development\n"
        "worker: celery -A tasks worker\n",
    }
    assert findings("FL501", example, tmp_path) == [("Procfile", 2, "low")]
    (tmp_path / "Procfile").write_text("web: invoke app.run --flask-config production\n")
    assert findings("FL501", {}, tmp_path) == []


def test_a_factory_whose_app_is_a_global_other_modules_import_is_nominal(tmp_path):
    files = {
        "app/__init__.py": "from flask import Flask\n\n\ndef create_app(config=None):\n    app = Flask(__name__)\n    return app\n",
        "app/main.py": "from app import create_app\n\napp = create_app()\n",
        "app/middleware.py": "from app.main import app\n\nSECRET = app.config.get('SECRET_KEY')\n",
        "wsgi.py": "from app.main import app\n",
    }
    assert status("FL101", files, tmp_path) == "partly met"
    # served by an entry script only: the factory does its job
    (tmp_path / "app/middleware.py").write_text("from flask import current_app\n")
    assert status("FL101", {}, tmp_path) == "met"


@pytest.mark.parametrize(
    ("step", "files"),
    [
        (
            "make all",
            {"Makefile": "all: build test\n\nbuild:\n\tdocker build .\n\ntest:\n\tdocker compose run app pytest\n"},
        ),
        ("make test_unit", {"Makefile": "test_unit:\n\tpython -m pytest tests/unit\n"}),
        ("./run ci:test", {"run": "#!/bin/bash\nci:test() {\n  cmd pytest test/\n}\n"}),
        (
            "docker compose -f docker-compose.test.yml up --exit-code-from app",
            {
                "docker-compose.test.yml": "services:\n  app:\n    command: 'npm run test:py'\n",
                "package.json": '{"scripts": {"test:py": "make run-test"}}\n',
                "Makefile": "run-test:\n\tpipenv run pytest\n",
            },
        ),
    ],
    ids=["make-target-depending-on-test", "make-test-underscore", "a-repository-script", "compose-npm-make-chain"],
)
def test_ci_that_hands_the_tests_to_a_makefile_script_or_compose_file_runs_them(step, files, tmp_path):
    workflow = f"on: push\njobs:\n  t:\n    steps:\n      - run: {step}\n"
    repo = {
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        ".github/workflows/ci.yml": workflow,
        **files,
    }
    assert status("FL604", repo, tmp_path) == "met"


def test_ci_that_hands_the_work_to_a_lint_target_runs_no_tests(tmp_path):
    repo = {
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n",
        ".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    steps:\n      - run: make lint\n",
        "Makefile": "lint:\n\truff check .\n\ntest:\n\tpytest\n",
    }
    assert status("FL604", repo, tmp_path) == "not met"


def test_a_view_that_hands_the_request_to_a_controller_takes_input(tmp_path):
    files = {
        "app/controllers.py": "from flask import request\n\n\nclass ProductController:\n    def store(self):\n"
        "        return {'name': request.json.get('name')}, 201\n",
        "app/routes.py": "from flask import Blueprint\n\nfrom app.controllers import ProductController\n\n"
        "controller = ProductController()\nbp = Blueprint('products', __name__)\n\n\n@bp.post('/products')\n"
        "def store():\n    return controller.store()\n",
    }
    assert status("FL301", files, tmp_path) == "not met"


def test_flask_restful_resources_are_a_json_api_versioned_by_an_f_string_prefix(tmp_path):
    files = {
        "app/views.py": "from flask import Blueprint\nfrom flask_restful import Api, Resource\n\nmod = Blueprint('certs', __name__)\n"
        "api = Api(mod)\n\n\nclass CertificatesList(Resource):\n    def get(self):\n        return service.render()\n\n\n"
        "api.add_resource(CertificatesList, '/certificates')\n",
        "app/factory.py": "from flask import Flask\n\nfrom app.views import mod\n\nAPI_VERSION = 1\n\n\n"
        "def create_app():\n    app = Flask(__name__)\n    app.register_blueprint(mod, url_prefix=f'/api/{API_VERSION}')\n"
        "    return app\n",
    }
    assert status("FL304", files, tmp_path) == "met"
    (tmp_path / "app/factory.py").write_text(
        files["app/factory.py"].replace("f'/api/{API_VERSION}'", "f'/api/{prefix}'")
    )
    assert status("FL304", {}, tmp_path) == "not met"


@pytest.mark.parametrize(
    "source",
    [
        "import sqlite3\n\nfrom flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/users')\ndef users():\n"
        "    return str(sqlite3.connect('app.db').execute('SELECT id, name FROM users').fetchall())\n",
        "from sqlalchemy import Column, Integer, MetaData, Table\n\nmetadata = MetaData()\n"
        "users = Table('users', metadata, Column('id', Integer, primary_key=True))\n",
    ],
    ids=["raw-sql-queries-only", "sqlalchemy-core-tables"],
)
def test_a_schema_the_app_queries_or_defines_without_models_needs_migrations(source, tmp_path):
    assert status("FL401", source, tmp_path) == "not met"


def test_prose_that_reads_like_sql_is_not_a_query(tmp_path):
    source = (
        "from flask import Flask, flash\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n"
        "    flash('Select a file from the list')\n    return ''\n"
    )
    assert status("FL401", source, tmp_path) == "not applicable"


def test_a_resource_list_paginated_by_a_decorator_is_paginated(tmp_path):
    source = (
        "from flask_restx import Namespace, Resource\n\napi = Namespace('teams')\n\n\n@api.route('/')\n"
        "class Teams(Resource):\n    @api.paginate()\n    def get(self, args):\n        return Team.query\n\n\n"
        "@api.route('/members')\nclass Members(Resource):\n    def get(self):\n        return Member.query.all()\n"
    )
    assert status("FL305", source, tmp_path) == "partly met"


def test_tests_of_a_global_app_do_not_use_a_factory(tmp_path):
    files = {
        "app.py": "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get('/')\ndef index():\n    return 'ok'\n",
        "tests/test_app.py": "from app import app\n\n\ndef test_index():\n    assert app.test_client().get('/').status_code == 200\n",
    }
    assert status("FL602", files, tmp_path) == "not met"


def test_hand_written_input_checks_partly_meet_validation(tmp_path):
    files = {
        "app/checks.py": "import re\n\n\ndef validate_username(name):\n    if not re.match('^[a-z0-9_]{3,20}$', name or ''):\n"
        "        return False, 'bad username'\n    return True, ''\n",
        "app/views.py": "from flask import Blueprint, abort, request\n\nfrom app.checks import validate_username\n\n"
        "bp = Blueprint('users', __name__)\n\n\n@bp.post('/users')\ndef create():\n"
        "    ok, why = validate_username(request.form['name'])\n    if not ok:\n        abort(400, why)\n    return ''\n",
    }
    assert status("FL301", files, tmp_path) == "partly met"
    (tmp_path / "app/views.py").write_text(
        files["app/views.py"].replace("validate_username(request.form['name'])", "(bool(request.form['name']), '')")
    )
    assert status("FL301", {}, tmp_path) == "not met"
