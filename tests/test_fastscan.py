"""The token scan of files that could not be parsed (too large, parser crash or hang, syntax error)."""

from __future__ import annotations

from pathlib import Path

from flasklint.analysis import fastscan
from tests.helpers import write_tree
from tests.test_hostile_input import APP, reasons, run_grade

BAD = """\
from flask import Flask, request, render_template_string
import os, pickle, yaml, subprocess
app = Flask(__name__)
app.config["SECRET_KEY"] = "s3cr3t-value-123"
DEBUG = True


@app.route("/")
def index():
    q = request.args["q"]
    cur.execute(f"SELECT * FROM t WHERE a = {q}")
    cur.execute("SELECT %s" % q)
    os.system("ls " + q)
    subprocess.run(q, shell=True)
    eval(request.args.get("x"))
    pickle.loads(request.data)
    yaml.load(q)
    return render_template_string("<p>" + q + "</p>")


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)
"""

LOOK_ALIKES = '''\
import os, subprocess, yaml
from flask import Flask
app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
SECRET_KEY = "short"
# app.run(debug=True)
"""eval(request.args["x"]) in a docstring"""


class Config:
    DEBUG = True


def run(debug=True):
    cur.execute("SELECT * FROM t WHERE a = ?", (a,))
    os.system("ls")
    eval("1 + 1")
    yaml.load(text, Loader=yaml.SafeLoader)
    subprocess.run(["ls", "-l"])
    return "debug = True"
'''


def test_the_scan_pins_the_critical_lines():
    found = [(f.line, f.code, f.severity) for f in fastscan.scan("app.py", BAD.encode())]
    assert found == [
        (4, "FL502", "high"),
        (5, "FL501", "high"),
        (11, "FL503", "high"),
        (12, "FL503", "high"),
        (13, "FL508", "high"),
        (14, "FL508", "high"),
        (15, "FL507", "high"),
        (16, "FL507", "high"),
        (17, "FL507", "high"),
        (18, "FL504", "high"),
        (22, "FL501", "high"),
    ]
    assert all("token scan" in f.message for f in fastscan.scan("app.py", BAD.encode()))


def test_look_alikes_are_not_flagged():
    assert fastscan.scan("app.py", LOOK_ALIKES.encode()) == []


def test_a_broken_tail_keeps_what_was_scanned_before_it():
    data = b'app.run(debug=True)\nx = """never closed\n'
    assert [f.code for f in fastscan.scan("app.py", data)] == ["FL501"]


def _codes_in(report: dict, path: str) -> set[str]:
    return {f["code"] for f in report["findings"] if f["path"] == path}


def test_padding_a_module_past_the_size_limit_does_not_hide_it(tmp_path: Path):
    """A 2 MB comment makes the module too large to parse: still listed, still costs, still scanned."""
    repo = write_tree(tmp_path / "repo", {"app.py": APP, "views.py": BAD + "#" * 2_100_000 + "\n"})
    report = run_grade(repo)
    assert "too large" in reasons(report)["views.py"]
    assert {"FL501", "FL502", "FL503", "FL504", "FL507", "FL508"} <= _codes_in(report, "views.py")


def test_a_syntax_error_does_not_hide_the_module(tmp_path: Path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP, "views.py": BAD + "def broken(:\n    pass\n"})
    report = run_grade(repo)
    assert "syntax error" in reasons(report)["views.py"]
    assert {"FL501", "FL507", "FL508"} <= _codes_in(report, "views.py")


def test_a_file_that_makes_the_parser_spin_is_scanned_after_the_timeout(tmp_path: Path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    (repo / "hang.py").write_text(BAD + "x = (1\n" + "    + 1\n" * 10_000 + ")\n")
    report = run_grade(repo, "--file-timeout", "5", "--jobs", "1")
    assert "longer than 5 s" in reasons(report)["hang.py"]
    assert {"FL501", "FL507", "FL508"} <= _codes_in(report, "hang.py")


def test_test_files_that_cannot_be_parsed_are_not_scanned(tmp_path: Path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP, "tests/test_views.py": "eval(data)\ndef broken(:\n"})
    report = run_grade(repo)
    assert "tests/test_views.py" in reasons(report)
    assert not _codes_in(report, "tests/test_views.py")
