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
from typing import Any


class _Pickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> str | None:
        return obj if type(obj) is str else None  # the string itself is the reference: the pickle memo keeps one copy


def encode(result: object) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(result)
    return buffer.getvalue()


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, strings: dict[str, str]) -> None:
        super().__init__(io.BytesIO(data))
        self._strings = strings

    def persistent_load(self, pid: Any) -> str:
        if type(pid) is not str:
            raise pickle.UnpicklingError("not a flasklint result")
        return self._strings.setdefault(pid, pid)


class Decoder:
    """Loads results so that equal strings are one object across all of them.

    One per run: the table lives only as long as the decoder, so a batch of
    submissions does not keep every candidate's strings.
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}

    def decode(self, data: bytes) -> Any:
        return _Unpickler(data, self._strings).load()
