"""How a file's result crosses a boundary: from a worker to the parent, and into the cache.

A pickle, with one difference: every string goes as a reference the loading
side resolves through one table per run. The parent holds the results of every
file at once, and most of their strings repeat from file to file: the same
callees (`db.session.commit`), imports (`flask`), decorators and field names.
Holding each once took the results of Netflix/lemur from 12.6 to 9.7 kB per
file. The bytes a worker sends are what the cache stores, so a result is
pickled once, in the worker.

Both sides are flasklint's own: a worker started by this process, or a cache
entry whose checksum holds (cachestore.py). Point `--cache-dir` only at a
folder you trust, as for any pickle.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from typing import Any


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> str | None:
        return obj if type(obj) is str else None  # the string itself is the reference: the pickle memo keeps one copy


def encode(result: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(result)
    return buffer.getvalue()


class _Strings(dict[str, str]):
    """The run's table of strings, looked up by the unpickler for every reference it meets.

    A hit is a plain dict lookup, made in C: a result refers to a few hundred
    strings, and a Python method called for each was a third of the decode
    time. Only a miss runs Python, to refuse anything but a string.
    """

    def __missing__(self, pid: Any) -> str:
        if type(pid) is not str:
            raise pickle.UnpicklingError("not a flasklint result")
        self[pid] = pid
        return pid


class _Unpickler(pickle.Unpickler):
    """An unpickler whose references resolve through `lookup`, a C-level callable (set on an
    instance of a subclass: Python 3.13 made the base class's attribute read-only)."""

    def __init__(self, data: bytes, lookup: Callable[[Any], str]) -> None:
        super().__init__(io.BytesIO(data))
        self.persistent_load = lookup  # type: ignore[method-assign]


class Decoder:
    """Loads results so that equal strings are one object across all of them.

    One per run: the table lives only as long as the decoder, so a batch of
    submissions does not keep every candidate's strings.
    """

    def __init__(self) -> None:
        self._strings = _Strings()

    def decode(self, data: bytes) -> Any:
        try:
            return _Unpickler(data, self._strings.__getitem__).load()
        except TypeError:  # a reference that cannot be a key: a list, a dict
            raise pickle.UnpicklingError("not a flasklint result") from None
