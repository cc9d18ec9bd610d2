"""--similarity: a disguised copy is found, independent solutions are not, starter code is not copying."""

from __future__ import annotations

import builtins
import io
import json
import keyword
import shutil
import tokenize
from pathlib import Path

import libcst
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from flasklint.similarity.compare import compare
from flasklint.similarity.submission import FileCode, SubmissionCode
from flasklint.similarity.tokens import python_tokens, python_units, template_tokens
from flasklint.similarity.winnow import K, Print, W, fingerprints, winnow
from tests.helpers import FIXTURES, run_cli

SIMILAR = FIXTURES / "similarity"


def disguise(source: str) -> str:
    """The same code with its own identifiers renamed, functions in reverse order, other comments and
    docstrings, and dead code between the functions: what a candidate hiding a copy would do."""
    module = libcst.parse_module(source)
    functions = [s for s in module.body if isinstance(s, libcst.FunctionDef)]
    others = [s for s in module.body if not isinstance(s, libcst.FunctionDef)]
    dead = libcst.parse_statement("if False:\n    unused_value = [n * 2 for n in range(10)]\n")
    reordered = module.with_changes(body=[*others, *(s for f in reversed(functions) for s in (dead, f))]).code
    imported = {
        t.string
        for line in reordered.splitlines()
        if line.startswith(("from ", "import "))
        for t in tokenize.generate_tokens(io.StringIO(line).readline)
        if t.type == tokenize.NAME
    }
    keep = imported | set(dir(builtins)) | set(keyword.kwlist)
    renamed: dict[str, str] = {}
    out = []
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(reordered).readline):
        kind, text = token.type, token.string
        if kind == tokenize.NAME and text not in keep and previous != ".":
            text = renamed.setdefault(text, f"thing_{len(renamed)}")
        elif kind == tokenize.COMMENT:
            text = "# reviewed and rewritten"
        elif kind == tokenize.STRING and text.startswith('"""'):
            text = '"""Handles the to-do items of the service."""'
        out.append((kind, text))
        previous = token.string
    return tokenize.untokenize(out)


def _submission(root: Path, name: str, *parts: Path) -> Path:
    target = root / name
    for part in parts:
        shutil.copytree(part, target, dirs_exist_ok=True)
    return target


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("role")
    _submission(root, "alice", SIMILAR / "starter", SIMILAR / "todo_a")
    _submission(root, "bob", SIMILAR / "starter", SIMILAR / "todo_b")
    carol = _submission(root, "carol", SIMILAR / "starter")
    (carol / "views.py").write_text(disguise((SIMILAR / "todo_a" / "api.py").read_text()))
    return root


def _similarity(*args: str) -> dict:
    done = run_cli("grade", *args, "--similarity", "--format", "json", "--no-cache")
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)["similarity"]


def _pair(similarity: dict, a: str, b: str) -> dict | None:
    return next((p for p in similarity["pairs"] if {p["a"], p["b"]} == {a, b}), None)


def test_the_disguise_really_changes_the_text() -> None:
    original = (SIMILAR / "todo_a" / "api.py").read_text()
    copy = disguise(original)
    compile(copy, "views.py", "exec")  # still Python
    assert "_validated_title" not in copy and "def list_todos" not in copy and "validation helper" not in copy
    assert "thing_" in copy and "if False" in copy


def test_a_disguised_copy_is_found_and_independent_solutions_are_not(batch: Path) -> None:
    similarity = _similarity(str(batch / "alice"), str(batch / "bob"), str(batch / "carol"))
    copied = _pair(similarity, "alice", "carol")
    assert copied is not None and copied["share_a"] >= 0.8 and copied["share_b"] >= 0.8, copied
    assert copied["runs"] and {copied["runs"][0]["a"]["path"], copied["runs"][0]["b"]["path"]} == {"api.py", "views.py"}
    assert _pair(similarity, "alice", "bob") is None and _pair(similarity, "bob", "carol") is None
    # the three share the starter: more than half the batch, so it is boilerplate, and said so
    assert similarity["boilerplate_fingerprints"] > 0
    assert {place["path"] for place in similarity["boilerplate_places"]} <= {"app.py", "templates/base.html"}


def test_independent_solutions_stay_far_below_the_threshold(batch: Path) -> None:
    similarity = _similarity(
        str(batch / "alice"),
        str(batch / "bob"),
        "--similarity-threshold",
        "0.05",
        "--starter",
        str(SIMILAR / "starter"),
    )
    pair = _pair(similarity, "alice", "bob")
    assert pair is None or max(pair["share_a"], pair["share_b"]) < 0.15, pair


def test_a_submission_that_only_shares_the_starter_is_not_a_copy(batch: Path, tmp_path: Path) -> None:
    dave = _submission(tmp_path, "dave", SIMILAR / "starter")
    (dave / "notes.py").write_text("# nothing written yet\n")
    without = _similarity(str(batch / "alice"), str(dave))  # two submissions: nothing is boilerplate
    assert (_pair(without, "alice", "dave") or {}).get("share_b", 0) >= 0.9
    with_starter = _similarity(
        str(batch / "alice"), str(dave), "--starter", str(SIMILAR / "starter"), "--similarity-threshold", "0.05"
    )
    assert _pair(with_starter, "alice", "dave") is None and with_starter["starter_fingerprints"] > 0


def test_the_text_table_ends_with_the_pairs_and_the_report_dir_shows_them_side_by_side(
    batch: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    done = run_cli("grade", "--each", str(batch), "--similarity", "--report-dir", str(out), "--no-cache")
    assert done.returncode in (0, 1), done.stderr
    section = done.stdout[done.stdout.index("Similar submissions") :]
    assert "alice ~ carol:" in section and "api.py:" in section and "views.py:" in section
    assert "bob ~" not in section and "~ bob" not in section
    assert "never part of a score" in section
    page = out / "similar-alice--carol.html"
    html = page.read_text()
    assert "alice ~ carol" in html and 'class="shared"' in html and "_validated_title" in html
    index = (out / "index.html").read_text()
    assert 'href="similar-alice--carol.html"' in index and "Similar submissions" in index


def test_pairs_are_named_by_pseudonym_and_paths_name_no_candidate(tmp_path: Path) -> None:
    shutil.copytree(SIMILAR / "starter", tmp_path / "alice")
    shutil.copytree(SIMILAR / "todo_a", tmp_path / "alice" / "alice_code")
    shutil.copytree(SIMILAR / "starter", tmp_path / "mallory")
    shutil.copytree(SIMILAR / "todo_a", tmp_path / "mallory" / "mallory_code")
    out = tmp_path / "reports"
    done = run_cli(
        "grade",
        str(tmp_path / "alice"),
        str(tmp_path / "mallory"),
        "--similarity",
        "--anonymize",
        "--format",
        "json",
        "--report-dir",
        str(out),
        "--no-cache",
    )
    assert done.returncode in (0, 1), done.stderr
    assert "alice" not in done.stdout and "mallory" not in done.stdout
    [pair] = json.loads(done.stdout)["similarity"]["pairs"]
    assert pair["a"].startswith("candidate-") and pair["b"].startswith("candidate-")
    assert not any("alice" in p.read_text() or "mallory" in p.read_text() for p in out.iterdir())


def test_similarity_works_on_archives(batch: Path, tmp_path: Path) -> None:
    archive = shutil.make_archive(str(tmp_path / "carol"), "zip", batch / "carol")
    similarity = _similarity(str(batch / "alice"), archive)
    assert _pair(similarity, "alice", "carol") is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--similarity"], "--similarity compares the submissions of a batch"),
        (["--starter", "."], "--starter goes with --similarity"),
        (["--similarity-threshold", "0.3"], "--similarity-threshold goes with --similarity"),
    ],
)
def test_similarity_options_are_checked(args: list[str], message: str) -> None:
    done = run_cli("grade", str(FIXTURES / "mid_flaskr"), *args)
    assert done.returncode == 2 and message in done.stderr


def test_python_tokens_drop_comments_docstrings_and_names() -> None:
    tokens = python_tokens('"""Module doc."""\nimport os  # why\n\n\ndef f(x):\n    """Doc."""\n    return x + 1\n')
    assert [t for t, _ in tokens] == [
        "import",
        "N",
        "NEWLINE",
        "def",
        "N",
        "(",
        "N",
        ")",
        ":",
        "NEWLINE",
        "INDENT",
        "return",
        "N",
        "+",
        "0",
        "NEWLINE",
        "DEDENT",
    ]
    assert python_tokens("def broken(:\n") == [("def", 1), ("N", 1), ("(", 1), (":", 1)]


def test_template_tokens_keep_structure_and_text_not_jinja_names() -> None:
    a = template_tokens('<p class="x">Hello {{ user.name }}</p>{# note #}')
    b = template_tokens("<p class='y'>Hello {{ person.title }}</p>")
    assert [t for t, _ in a] == [t for t, _ in b] == ["<p", "class=", ">", "hello", "{{", "N", ".", "N", "</p", ">"]


def _code(name: str, tokens: list[str]) -> SubmissionCode:
    prints = winnow([(text, line) for line, text in enumerate(tokens, 1)])
    return SubmissionCode(name, [FileCode("m.py", prints, [])])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from("abcdefgh"), min_size=W + K - 1, max_size=60),
    st.lists(st.sampled_from("stuvwxyz"), max_size=40),
    st.lists(st.sampled_from("stuvwxyz"), max_size=40),
)
def test_winnowing_finds_every_shared_run_of_w_plus_k_minus_1_tokens(
    shared: list[str], left: list[str], right: list[str]
) -> None:
    a = {h for h, _, _ in winnow([(t, i) for i, t in enumerate(left + shared)])}
    b = {h for h, _, _ in winnow([(t, i) for i, t in enumerate(shared + right)])}
    assert a & b


def test_code_shorter_than_k_tokens_never_matches() -> None:
    assert winnow([("N", 1)] * (K - 1)) == []
    same = ["N", "=", "0", "NEWLINE"] * 20
    assert compare([_code("a", same), _code("b", same)]).pairs[0].share_a == 1.0


def test_fingerprints_are_cached_by_content_and_give_the_same_pairs(batch: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["grade", str(batch / "alice"), str(batch / "carol"), "--similarity", "--format", "json"]
    first = run_cli(*args, "--cache-dir", str(cache))
    assert first.returncode in (0, 1), first.stderr
    assert any((cache / "prints").rglob("*"))
    again = run_cli(*args, "--cache-dir", str(cache))
    assert json.loads(again.stdout)["similarity"] == json.loads(first.stdout)["similarity"]


def test_a_reviewers_file_named_like_a_pair_page_is_not_overwritten(batch: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    (out / "similar-alice--carol.html").write_text("my notes")
    done = run_cli("grade", str(batch / "alice"), str(batch / "carol"), "--similarity", "--report-dir", str(out))
    assert done.returncode == 2 and "similar-alice--carol.html, which flasklint did not write" in done.stderr
    assert (out / "similar-alice--carol.html").read_text() == "my notes"
    assert "alice ~ carol" in done.stdout  # the table is still printed


def test_a_shared_run_is_cited_by_its_lines_in_both_submissions() -> None:
    body = [f"def f{i}(x):\n    return x + {i} * (x - {i})\n" for i in range(6)]
    mine = "".join(body)
    theirs = "import os\n\n\n" * 3 + "".join(body)  # the same functions, nine lines further down
    a = SubmissionCode("a", [FileCode("mine.py", winnow_python(mine), mine.splitlines())])
    b = SubmissionCode("b", [FileCode("pkg/theirs.py", winnow_python(theirs), theirs.splitlines())])
    [pair] = compare([a, b]).pairs
    assert pair.share_a == 1.0
    run = pair.runs[0]
    assert (run.a_path, run.b_path) == ("mine.py", "pkg/theirs.py")
    assert (run.b_start - run.a_start, run.b_end - run.a_end) == (9, 9) and run.a_start >= 1 and run.a_end <= 12


def winnow_python(source: str) -> list[Print]:
    return fingerprints(python_units(python_tokens(source)))
