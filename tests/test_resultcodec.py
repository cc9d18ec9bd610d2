"""Results as they cross from a worker to the parent and into the cache: the same data, strings shared."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from flasklint.analysis.cache import ResultCache
from flasklint.analysis.engine import analyze
from flasklint.analysis.registry import load_rules
from flasklint.analysis.resultcodec import Decoder, encode
from flasklint.analysis.summary import FunctionFact, ImportFact, ModuleSummary
from flasklint.analysis.workers import WorkerPool
from flasklint.core.location import Loc
from flasklint.core.profile import Profile
from tests.helpers import FIXTURES, write_tree

VIEWS = """\
from flask import Blueprint, jsonify, request
from app.models import db, User

bp = Blueprint("{name}", __name__)


@bp.post("/{name}")
def create():
    user = User(name=request.json["name"])
    db.session.add(user)
    db.session.commit()
    return jsonify(id=user.id)


def helper():
    pass
"""


def _tree(tmp_path: Path) -> Path:
    write_tree(tmp_path, {f"app/{name}.py": VIEWS.format(name=name) for name in ("users", "orders", "items")})
    return tmp_path


def test_a_decoded_result_equals_a_plain_pickle_round_trip(tmp_path):
    results = WorkerPool(str(_tree(tmp_path)), load_rules(), 1, 60).run(["app/users.py", "app/orders.py"])
    for result in results:
        assert Decoder().decode(encode(result)) == pickle.loads(pickle.dumps(result)) == result
    assert results[0].summary is not None and results[0].summary.callees  # there was something to compare


def test_equal_strings_are_one_object_across_every_file_a_run_loads(tmp_path):
    """What keeps the parent's memory down: `db.session.commit` is held once, not once per file."""
    users, orders, items = WorkerPool(str(_tree(tmp_path)), load_rules(), 2, 60).run(
        ["app/users.py", "app/orders.py", "app/items.py"]
    )
    assert users.summary and orders.summary and items.summary
    commit = [next(c for c in s.callees if c == "db.session.commit") for s in (users.summary, orders.summary)]
    assert commit[0] is commit[1]
    assert users.summary.imports[0].module is orders.summary.imports[0].module == "flask"
    # and through the cache, where a hit is decoded by the same run's table
    cache = ResultCache(tmp_path / "cache", load_rules())
    pool = WorkerPool(str(tmp_path), load_rules(), 1, 60)
    key = cache.key("app/items.py", b"digest of its bytes")
    cache.put(key, encode(items))
    hit = cache.get(key, pool.decoder)
    fresh = pool.run(["app/users.py"])[0]
    assert hit is not None and hit.summary and fresh.summary
    assert hit.summary.imports[0].module is fresh.summary.imports[0].module


@pytest.mark.parametrize("reference", [("os", "system"), ["os", "system"], 3], ids=["tuple", "list", "int"])
def test_a_decoder_refuses_a_reference_that_is_not_a_string(reference):
    """Whether the forged reference is new to the table, cannot be a key at all, or is any other
    object: the load fails as a pickle that is not a result, whatever the table holds already."""

    class Forged(pickle.Pickler):
        def persistent_id(self, obj):  # type: ignore[no-untyped-def]
            return reference if obj == "x" else None

    import io

    buffer = io.BytesIO()
    Forged(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(["x"])
    decoder = Decoder()
    decoder.decode(encode(["x", "os", "system"]))  # the table already holds strings
    with pytest.raises(pickle.UnpicklingError):
        decoder.decode(buffer.getvalue())


def test_a_cache_entry_never_carries_the_times_of_the_run_that_wrote_it(tmp_path):
    cache = ResultCache(tmp_path / "cache", load_rules())
    profiled = Profile()
    analyze(FIXTURES / "junior_single_file", load_rules(), jobs=1, cache=cache, profile=profiled)
    assert "FL401" in profiled.rules  # the run that wrote the entries was timed
    again = ResultCache(tmp_path / "cache", load_rules())
    pool = WorkerPool(str(FIXTURES / "junior_single_file"), load_rules(), 1, 60)
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.parent.name != "runs"]
    assert entries
    for entry in entries:
        hit = again.get(entry.parent.name + entry.name, pool.decoder)
        assert hit is not None and hit.rule_times == {}


def test_summaries_hold_callees_as_sorted_tuples_and_share_one_empty_set(tmp_path):
    write_tree(
        tmp_path,
        {
            "app.py": "import os\n\ndef a():\n    zeta()\n    alpha()\n\ndef b():\n    return 1\n\nmain()\nos.getenv('X')\n"
        },
    )
    result = WorkerPool(str(tmp_path), load_rules(), 1, 60).run(["app.py"])[0]
    assert result.summary is not None
    a, b = result.summary.functions
    assert a.calls == ("alpha", "zeta") and b.calls == ()
    assert result.summary.callees == ("alpha", "main", "os.getenv", "zeta")
    assert result.summary.import_time_calls == ("main", "os.getenv")
    assert a.request_reads is b.request_reads == frozenset()  # pickled once per file


@pytest.mark.skipif(sys.version_info < (3, 10), reason="slotted dataclasses need Python 3.10")
def test_summary_records_keep_no_attribute_dict():
    records = [
        ImportFact("flask", "Flask", "Flask", Loc(line=1, col=1)),
        FunctionFact("f", "f", Loc(line=2, col=5), None, (), ()),
        ModuleSummary("app.py", "app", "app", 3),
    ]
    for record in records:
        assert not hasattr(record, "__dict__")
        assert pickle.loads(pickle.dumps(record)) == record
