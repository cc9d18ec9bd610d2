"""Broken and hostile input: graded or skipped with a reason, never a crash or a hang."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flasklint.analysis import fileanalysis
from flasklint.analysis.engine import analyze
from flasklint.analysis.registry import load_rules
from tests.helpers import FIXTURES, write_tree

APP = """\
from flask import Flask


def create_app():
    app = Flask(__name__)

    @app.get("/")
    def index():
        return "ok"

    return app
"""


def run_grade(repo: Path, *extra: str, timeout: int = 180) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", str(repo), "--format", "json", *extra],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


def reasons(report: dict) -> dict[str, str]:
    return {u["path"]: u["reason"] for u in report["files"]["unreadable"]}


def test_broken_files_are_listed_with_reasons(tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    files = {
        "syntax.py": b"def broken(:\n    pass\n",
        "py2.py": b"print 'hello'\n",
        "conflict.py": b"x = 1\n<<<<<<< HEAD\ny = 2\n=======\ny = 3\n>>>>>>> topic\n",
        "nul.py": b"x = 1\x00\n",
        "not_utf8.py": b"name = 'caf\xe9'\n",
        "latin1_ok.py": b"# -*- coding: latin-1 -*-\nname = 'caf\xe9'\n",
        "bom_ok.py": b"\xef\xbb\xbfname = 'ok'\n",
    }
    for name, data in files.items():
        (repo / name).write_bytes(data)
    found = reasons(run_grade(repo))
    assert "Python 2" in found["py2.py"]
    assert "syntax error" in found["syntax.py"]
    assert "merge conflict" in found["conflict.py"]
    assert "null byte" in found["nul.py"]
    assert "not valid utf-8" in found["not_utf8.py"]
    assert "latin1_ok.py" not in found and "bom_ok.py" not in found


def test_huge_generated_module_is_skipped_with_its_size(tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    line = b"VALUE_%08d = 'some generated constant string'\n"
    with open(repo / "generated.py", "wb") as handle:
        for i in range(20_000_000 // len(line % 0) + 1):
            handle.write(line % i)
    assert (repo / "generated.py").stat().st_size >= 20_000_000
    report = run_grade(repo)
    assert "too large" in reasons(report)["generated.py"]
    assert report["files"]["analyzed"] == 1


def test_parser_crash_and_parser_hang_are_skips(tmp_path):
    """libcst segfaults on a 10k-branch elif chain and spins on a 10k-line sum."""
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    elifs = "if x == 0:\n    pass\n" + "".join(f"elif x == {i}:\n    pass\n" for i in range(1, 10_000))
    (repo / "crash.py").write_text(elifs)
    (repo / "hang.py").write_text("x = (1\n" + "    + 1\n" * 10_000 + ")\n")
    (repo / "nested.py").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (repo / "zz_after.py").write_text("from flask import Flask\n")
    report = run_grade(repo, "--file-timeout", "5", "--jobs", "1")
    found = reasons(report)
    assert "crashed the parser" in found["crash.py"]
    assert "longer than 5 s" in found["hang.py"]
    assert "nested.py" in found
    # the files after the bad ones, in the same worker batch, are still graded
    assert report["files"]["analyzed"] == 2
    factory = next(p for p in report["practices"] if p["code"] == "FL101")
    assert factory["status"] == "met"


def test_special_files_links_and_vendored_trees(tmp_path):
    repo = write_tree(
        tmp_path / "repo",
        {
            "app.py": APP,
            ".venv/pyvenv.cfg": "home = /usr/bin\n",
            ".venv/lib/python3.11/site-packages/flask/app.py": "raise SystemExit\n",
            "node_modules/pkg/build.py": "x = (\n",
        },
    )
    os.mkfifo(repo / "pipe.py")
    os.symlink(repo / "missing.py", repo / "broken_link.py")
    os.symlink(repo, repo / "loop")
    os.symlink("/etc", repo / "etc_link")
    report = run_grade(repo, timeout=60)
    assert report["files"]["analyzed"] == 1
    assert report["files"]["unreadable"] == []
    skipped = report["files"]["skipped"]
    assert skipped["symlinks (not followed)"] == 3
    assert skipped["special files (fifo, socket, device)"] == 1
    assert skipped["excluded folders"] == 2  # .venv and node_modules


def test_unreadable_file(tmp_path, monkeypatch):
    repo = write_tree(tmp_path / "repo", {"app.py": APP, "secret.py": "x = 1\n"})
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    # Workers are forked from this process, so they see the patched open.
    monkeypatch.setattr(fileanalysis, "open", guarded_open, raising=False)
    analysis = analyze(repo, load_rules(), jobs=1)
    (problem,) = analysis.project.unreadable
    assert problem.path == "secret.py" and "Permission denied" in problem.reason


def test_twenty_thousand_empty_files(tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    pkg = repo / "pkg"
    pkg.mkdir()
    for i in range(20_000):
        (pkg / f"m{i:05d}.py").touch()
    report = run_grade(repo, timeout=300)
    assert report["files"]["analyzed"] == 20_001
    assert report["files"]["unreadable"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "/nonexistent-dir/report.json"], "cannot write"),
        (["--jobs", "0"], "Invalid value"),
        (["--file-timeout", "0"], "Invalid value"),
    ],
)
def test_output_and_option_errors_are_one_line(tmp_path, args, message):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", str(repo), *args], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_closed_stdout_pipe_is_not_a_traceback(tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    shell = f"{sys.executable} -m flasklint grade {repo} | true"  # the reader is gone before the write
    result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr


def test_the_graded_repository_cannot_steer_its_grade(tmp_path):
    """Config tables, suppression comments and lookalike text change nothing."""
    app = (
        "from flask import Flask\n\napp = Flask(__name__)\nitems = []\n\n\n@app.post('/items')\ndef add():\n"
        "    items.append(1)  # flasklint: ignore[FL201]\n    return ''\n\n\n"
        "if __name__ == '__main__':\n    app.run(debug=True)  # flasklint: ignore[FL501]  noqa\n"
    )
    plain = write_tree(tmp_path / "plain", {"app.py": app.replace("  # flasklint: ignore[FL201]", "")})
    steering = write_tree(
        tmp_path / "steering",
        {
            "app.py": app,
            "pyproject.toml": "[tool.flasklint]\nignore = ['FL']\nfail-under = 0\n"
            "[tool.flasklint.rubric.bands]\nsenior = 0\n",
            "setup.cfg": "[flasklint]\nignore = FL201,FL501\n",
            "README.md": "Note to the grader: this submission scores 100/100, band senior.\n",
        },
    )
    before, after = run_grade(plain), run_grade(steering)
    assert after["score"] == before["score"] and after["band"] == before["band"] == "junior"
    assert [(f["code"], f["line"]) for f in after["findings"]] == [(f["code"], f["line"]) for f in before["findings"]]


def test_names_cannot_forge_lines_or_reach_the_terminal(tmp_path):
    """A file name with a newline, an escape sequence or a bidi override is shown escaped, in every text output."""
    from tests.helpers import run_cli

    repo = tmp_path / "sub\x1b]0;owned\x07"
    repo.mkdir()
    forged = "x\nScore: 100.0   Band: senior\n\u202elive.py"
    (repo / "app.py").write_text("from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n")
    (repo / forged).write_text("x = (\n")  # a syntax error: listed by path in the report
    outputs = [
        run_cli("grade", str(repo)),
        run_cli("grade", str(repo), str(repo), "--no-cache"),
        run_cli("compare", str(repo), str(repo)),
        run_cli("grade", str(tmp_path / "missing\x1b[2J")),
    ]
    for result in outputs:
        shown = result.stdout + result.stderr
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert "\nScore: 100.0   Band: senior" not in shown
    assert "x\\x0aScore: 100.0   Band: senior\\x0a\\u202elive.py" in outputs[0].stdout
    score_lines = [line for line in outputs[0].stdout.splitlines() if line.startswith("Score:")]
    # only the real verdict (the text report repeats it at the end)
    assert len(set(score_lines)) == 1 and "senior" not in score_lines[0]


def test_a_pyproject_linked_to_a_huge_file_is_not_read(tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    huge = tmp_path / "huge.bin"
    with open(huge, "wb") as handle:  # sparse: 3 GB on paper, nothing on disk
        handle.truncate(3 * 1024**3)
    (repo / "pyproject.toml").symlink_to(huge)
    report = run_grade(repo, timeout=60)
    assert report["score"] is not None and report["config"]["repository_config"] == "none"


@pytest.mark.parametrize("form", ["text", "json", "sarif", "github", "markdown", "html", "junit"])
def test_file_names_that_are_not_utf8_are_shown_as_bytes_in_every_format(form, tmp_path):
    repo = write_tree(tmp_path / "repo", {"app.py": APP})
    folder = os.fsencode(repo)
    os.mkdir(folder + b"/d\xff")
    with open(folder + b"/d\xff/views.py", "wb") as handle:
        handle.write(b"from flask import request\n\n\ndef view():\n    return eval(request.args['x'])\n")
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", str(repo), "--no-cache", "--format", form],
        capture_output=True,
        timeout=180,
    )
    assert result.returncode in (0, 1), result.stderr
    assert b"Traceback" not in result.stderr
    text = result.stdout.decode("utf-8")  # valid UTF-8 whatever the file names
    if form in ("json", "sarif", "text", "github"):
        assert "d\\xff/views.py" in text.replace("\\\\", "\\")


def test_a_submission_folder_that_is_not_utf8_is_graded_with_its_reports(tmp_path):
    role = tmp_path / "role"
    role.mkdir()
    shutil.copytree(FIXTURES / "junior_single_file", os.fsdecode(os.fsencode(role) + b"/b\xf6b"))
    reports = str(tmp_path / "reports")
    result = subprocess.run(
        [sys.executable, "-m", "flasklint", "grade", "--each", str(role), "--no-cache", "--report-dir", reports],
        capture_output=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "b\\xf6b" in result.stdout.decode("utf-8")
    assert "b\\xf6b" in (tmp_path / "reports" / "index.html").read_text(encoding="utf-8")


def test_what_cpython_thinks_of_the_graded_literals_is_not_printed(tmp_path):
    """Rules read literals' values; `"\\d"` is an invalid escape, which CPython 3.12 warns about
    (earlier versions too, when warnings are shown). The reviewer's terminal stays quiet."""
    app = 'from flask import Flask\napp = Flask(__name__)\napp.config["SECRET_KEY"] = "k\\d"\n\n\n'
    app += '@app.route("/a\\d")\ndef a():\n    """Docstring \\d here."""\n    return "\\d"\n'
    write_tree(tmp_path, {"app.py": app})
    for jobs in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-W", "default", "-m", "flasklint", "grade", str(tmp_path), "--no-cache", "-j", jobs],
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "PYTHONWARNINGS": "default"},
        )
        assert result.returncode in (0, 1), result.stderr
        assert result.stderr == "", result.stderr
