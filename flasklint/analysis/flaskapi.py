"""The Flask vocabulary: which qualified names mean an app, a blueprint, a route.

These are facts about Flask and its ecosystem, not judgments about practice;
rules decide what is good or bad, this module only names things.
"""

from __future__ import annotations

import re

APP_CLASSES = frozenset(
    {
        "flask.Flask",
        "flask.app.Flask",
        "apiflask.APIFlask",
        "flask_openapi3.OpenAPI",
        # Connexion wraps a Flask app and routes requests to functions named by operationId
        "connexion.App",
        "connexion.FlaskApp",
        "connexion.AsyncApp",
    }
)

BLUEPRINT_CLASSES = frozenset(
    {
        "flask.Blueprint",
        "flask.blueprints.Blueprint",
        "flask_smorest.Blueprint",
        "apiflask.APIBlueprint",
        "flask_openapi3.APIBlueprint",
        "flask_restx.Namespace",
    }
)

# Extension classes whose instances are bound to an app (`ext.init_app(app)`
# in a factory, or `Ext(app)` at module level).
EXTENSION_CLASSES = frozenset(
    {
        "flask_sqlalchemy.SQLAlchemy",
        "flask_migrate.Migrate",
        "flask_login.LoginManager",
        "flask_wtf.CSRFProtect",
        "flask_wtf.csrf.CSRFProtect",
        "flask_seasurf.SeaSurf",
        "flask_mail.Mail",
        "flask_caching.Cache",
        "flask_limiter.Limiter",
        "flask_cors.CORS",
        "flask_marshmallow.Marshmallow",
        "flask_jwt_extended.JWTManager",
        "flask_bcrypt.Bcrypt",
        "flask_smorest.Api",
        "flask_restx.Api",
        "flask_restful.Api",
        "flask_babel.Babel",
        "flask_session.Session",
        "flask_talisman.Talisman",
        "flask_pymongo.PyMongo",
        "flask_redis.FlaskRedis",
        "flask_socketio.SocketIO",
        "flask_debugtoolbar.DebugToolbarExtension",
    }
)

MIGRATE_CLASSES = frozenset({"flask_migrate.Migrate"})

ROUTE_DECORATORS = frozenset({"route"})
HTTP_METHOD_DECORATORS = frozenset({"get", "post", "put", "patch", "delete"})

# Hooks that run inside every request (or app context) they are attached to.
REQUEST_HOOKS = frozenset(
    {
        "before_request",
        "after_request",
        "teardown_request",
        "teardown_appcontext",
        "before_app_request",
        "after_app_request",
        "teardown_app_request",
        "before_first_request",
        "context_processor",
        "app_context_processor",
        "url_value_preprocessor",
        "url_defaults",
    }
)

# Class-based views: the methods named after HTTP verbs are views.
VIEW_BASE_CLASSES = frozenset({"MethodView", "View", "Resource", "MethodResource"})
VIEW_METHOD_NAMES = frozenset({"get", "post", "put", "patch", "delete", "dispatch_request"})

# Context-local proxies that need an active request or app context.
CONTEXT_PROXIES = frozenset(
    {
        "flask.request",
        "flask.session",
        "flask.g",
        "flask.current_app",
        "flask.globals.request",
        "flask.globals.session",
        "flask.globals.g",
        "flask.globals.current_app",
    }
)

# Flask's request proxy, and the calls that read the process environment.
REQUEST = frozenset({"flask.request", "flask.globals.request"})
# attributes of the request that carry what the client sent
REQUEST_DATA = frozenset({"args", "form", "json", "values", "files", "get_json", "data", "cookies", "headers"})
ENV_READS = frozenset({"os.environ.get", "os.getenv", "os.environ.setdefault"})

# Calls that open a connection or client to an external service.
CONNECTION_FACTORIES = frozenset(
    {
        "sqlite3.connect",
        "psycopg2.connect",
        "psycopg.connect",
        "pymysql.connect",
        "MySQLdb.connect",
        "mysql.connector.connect",
        "pymongo.MongoClient",
        "redis.Redis",
        "redis.StrictRedis",
        "redis.from_url",
        "redis.Redis.from_url",
        "pika.BlockingConnection",
        "cx_Oracle.connect",
        "oracledb.connect",
        "pyodbc.connect",
    }
)
# Clients that hold a pool and connect on first use: one per process at module level is their intended use.
LAZY_CLIENTS = frozenset(
    {"pymongo.MongoClient", "redis.Redis", "redis.StrictRedis", "redis.from_url", "redis.Redis.from_url"}
)

MUTABLE_CONSTRUCTORS = frozenset(
    {
        "list",
        "dict",
        "set",
        "bytearray",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.Counter",
        "collections.deque",
    }
)

MUTATING_METHODS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "add",
        "update",
        "pop",
        "popitem",
        "remove",
        "discard",
        "clear",
        "setdefault",
        "appendleft",
        "extendleft",
        "popleft",
        "sort",
        "reverse",
    }
)

# Calls whose result no longer carries the request's text: conversions, escaping and
# path sanitisers, and URLs the app builds itself (names or qualified names).
# Calls that hand client data on as written (see FileContext.request_flow): string building, path
# joining, parsing, and the data's own accessors. Any other function transforms what it is given.
PASSING_METHODS = frozenset(
    {
        "format",
        "format_map",
        "join",
        "strip",
        "lstrip",
        "rstrip",
        "lower",
        "upper",
        "title",
        "capitalize",
        "casefold",
        "replace",
        "split",
        "rsplit",
        "splitlines",
        "removeprefix",
        "removesuffix",
        "decode",
        "encode",
        "get",
        "getlist",
        "get_json",
        "to_dict",
        "items",
        "values",
        "keys",
        "copy",
        "pop",
        "loads",
        "load",
        "read",
        "joinpath",
        "abspath",
        "normpath",
        "expanduser",
    }
)
PASSING_FUNCTIONS = frozenset({"str", "bytes", "dict", "list", "tuple", "repr", "format", "pathlib.Path", "Path"})
SANITIZERS = frozenset(
    {
        "int",
        "float",
        "bool",
        "len",
        "abs",
        "UUID",
        "uuid.UUID",
        "secure_filename",
        "werkzeug.utils.secure_filename",
        "escape",
        "markupsafe.escape",
        "html.escape",
        "url_for",
        "flask.url_for",
        "safe_join",
        "quote",
        "urllib.parse.quote",
        "shlex.quote",
        "bleach.clean",
    }
)
# ORM lookups: a row found by a request value is the app's data, not the request's text
DB_LOOKUPS = frozenset(
    {"first", "first_or_404", "get_or_404", "one", "one_or_none", "one_or_404", "scalar", "scalars", "scalar_one"}
)

# What an app calls when it has a database: drivers, ORMs and their session and query
# methods. The data-layer rules (and SQL injection) judge only apps that do (Rule.surface).
DATABASE_SURFACE = (
    "sqlite3",
    "sqlalchemy",
    "flask_sqlalchemy",
    "psycopg2",
    "psycopg",
    "pymysql",
    "MySQLdb",
    "mysql.connector",
    "pymongo",
    "flask_pymongo",
    "peewee",
    "mongoengine",
    "redis",
    ".execute",
    ".session.add",
    ".session.commit",
    ".session.query",
    ".query.filter",
    ".query.filter_by",
    ".query.get",
    ".query.all",
    ".query.first",
    ".query.get_or_404",
    ".query.order_by",
    ".create_all",
)

# Sinks the security rules and the cross-function flows (flows.py) share.
SQL_SINKS = frozenset({"execute", "executemany", "executescript", "text", "exec_driver_sql", "raw", "mogrify"})
SQL_WORDS = re.compile(r"\b(select|insert|update|delete|create|drop|alter|where|from|values)\b", re.IGNORECASE)
SHELL_CALLS = frozenset({"os.system", "os.popen", "commands.getoutput", "subprocess.getoutput"})
SUBPROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"}
)
# outbound HTTP: a call whose qualified name starts with one of these, and whose last name fetches
HTTP_CLIENTS = ("requests.", "httpx.", "urllib.request.urlopen", "urllib.request.Request", "urllib3.")
HTTP_FETCHES = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request", "urlopen", "Request"})
PATH_SINKS = frozenset({"send_file", "open", "os.remove", "os.unlink", "shutil.rmtree", "io.open", "shelve.open"})
