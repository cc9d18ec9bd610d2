"""Which files are graded: excludes, .gitignore, symlinks, special files."""

from __future__ import annotations

import os

import pytest

from flasklint.intake.discover import discover
from tests.helpers import write_tree


def test_skips_vcs_venvs_caches_and_node_modules(tmp_path):
    write_tree(
        tmp_path,
        {
            "app.py": "",
            ".git/hooks/pre-commit.py": "",
            "node_modules/x/y.py": "",
            "__pycache__/app.py": "",
            "myenv/pyvenv.cfg": "home = /usr\n",
            "myenv/lib/python3.11/site-packages/flask/app.py": "",
            "build/lib/app.py": "",
            "pkg.egg-info/x.py": "",
            "pkg/views.py": "",
            "README.md": "",
        },
    )
    found = discover(tmp_path)
    assert found.python_files == ["app.py", "pkg/views.py"]
    assert found.other_files == ["README.md"]
    assert found.skipped["virtualenvs"] == 1


def test_honours_gitignore_files_at_every_level(tmp_path):
    write_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*.local.py\n",
            "app.py": "",
            "generated/schema.py": "",
            "settings.local.py": "",
            "pkg/.gitignore": "scratch.py\n!keep.py\n",
            "pkg/scratch.py": "",
            "pkg/keep.py": "",
        },
    )
    found = discover(tmp_path)
    assert found.python_files == ["app.py", "pkg/keep.py"]
    assert found.skipped["ignored by .gitignore"] == 3


def test_never_follows_symlinks(tmp_path):
    outside = tmp_path / "outside"
    write_tree(outside, {"secret.py": "x = 1\n"})
    repo = write_tree(tmp_path / "repo", {"app.py": ""})
    os.symlink(outside, repo / "linked_dir")
    os.symlink(outside / "secret.py", repo / "linked.py")
    os.symlink(repo, repo / "loop")
    os.symlink(repo / "missing.py", repo / "broken.py")
    found = discover(repo)
    assert found.python_files == ["app.py"]
    assert found.skipped["symlinks (not followed)"] == 4


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_skips_fifos(tmp_path):
    write_tree(tmp_path, {"app.py": ""})
    os.mkfifo(tmp_path / "pipe.py")
    found = discover(tmp_path)
    assert found.python_files == ["app.py"]
    assert found.skipped["special files (fifo, socket, device)"] == 1


def test_a_pathological_gitignore_pattern_is_dropped_not_matched(tmp_path):
    # `*a*a*...*b` becomes a backtracking regular expression: minutes on long names
    (tmp_path / ".gitignore").write_text("*a*a*a*a*a*a*a*a*a*a*a*a*b\n*.log\n")
    (tmp_path / "d").mkdir()
    for index in range(30):
        (tmp_path / "d" / ("a" * 60 + f"{index}.txt")).write_text("x")
    (tmp_path / "app.py").write_text("x = 1\n")
    (tmp_path / "debug.log").write_text("x")
    found = discover(tmp_path)
    assert found.skipped[".gitignore patterns too costly to match (not applied)"] == 1
    assert "debug.log" not in found.other_files  # the reasonable pattern still applies
    assert "app.py" in found.python_files


def test_a_pyvenv_cfg_alone_does_not_hide_a_folder_of_code(tmp_path):
    write_tree(
        tmp_path,
        {
            "app.py": "",
            "hidden/pyvenv.cfg": "",
            "hidden/views.py": "DEBUG = True\n",
            "shim/bin/activate": "",
            "shim/models.py": "",
        },
    )
    found = discover(tmp_path)
    assert found.python_files == ["app.py", "hidden/views.py", "shim/models.py"]
    assert found.skipped["virtualenvs"] == 0


def test_hidden_python_lists_what_gitignore_and_build_folders_hide_not_third_party_code(tmp_path):
    write_tree(
        tmp_path,
        {
            ".gitignore": "generated/\n*.local.py\nenv/\n",
            "app.py": "",
            "generated/schema.py": "",
            "generated/node_modules/x.py": "",
            "settings.local.py": "",
            "build/lib/app.py": "",
            "dist/pkg/mod.py": "",
            "node_modules/x/y.py": "",
            "env/pyvenv.cfg": "home = /usr\n",
            "env/lib/python3.11/site-packages/flask/app.py": "",
            ".git/hooks/h.py": "",
        },
    )
    assert discover(tmp_path).hidden_python == []  # only on request (grade mode)
    found = discover(tmp_path, collect_hidden=True)
    assert found.python_files == ["app.py"]
    assert found.hidden_python == ["build/lib/app.py", "dist/pkg/mod.py", "generated/schema.py", "settings.local.py"]
