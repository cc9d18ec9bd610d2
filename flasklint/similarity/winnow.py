"""Winnowed k-gram fingerprints (Schleimer, Wilkerson and Aiken, "Winnowing", SIGMOD 2003; MOSS).

Every run of K tokens is hashed; of each window of W consecutive hashes the
smallest is kept. Two files that share a run of at least W + K - 1 tokens
share at least one kept hash, and a shared hash means a shared run of at
least K tokens. Hashes are stable across processes and machines (BLAKE2b of
each token, then a polynomial rolling hash), so fingerprints can be cached
and compared between runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from flasklint.similarity.tokens import Token

K = 15  # tokens in a k-gram: shorter shared runs are never matches (a line or two of code)
W = 10  # k-grams per window: any shared run of W + K - 1 = 24 tokens is found
_MOD = (1 << 61) - 1
_BASE = 1_000_003
_TOP = pow(_BASE, K - 1, _MOD)

Print = tuple[int, int, int]  # (hash, first line, last line) of one kept k-gram
_IDS: dict[str, int] = {}


def _token_id(text: str) -> int:
    known = _IDS.get(text)
    if known is None:
        known = _IDS[text] = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") % _MOD
    return known


def kgram_hashes(tokens: Sequence[Token]) -> list[int]:
    ids = [_token_id(text) for text, _ in tokens]
    if len(ids) < K:
        return []
    value = 0
    for token in ids[:K]:
        value = (value * _BASE + token) % _MOD
    hashes = [value]
    for start in range(1, len(ids) - K + 1):
        value = ((value - ids[start - 1] * _TOP) * _BASE + ids[start + K - 1]) % _MOD
        hashes.append(value)
    return hashes


def fingerprints(units: Sequence[Sequence[Token]]) -> list[Print]:
    """The kept fingerprints of a file cut into units (k-grams never span two), in order of position."""
    return [found for unit in units for found in winnow(unit)]


def winnow(tokens: Sequence[Token]) -> list[Print]:
    """The kept fingerprints of a run of tokens, in order of position."""
    hashes = kgram_hashes(tokens)
    if not hashes:
        return []
    kept: list[Print] = []
    last = -1
    for start in range(max(1, len(hashes) - W + 1)):
        window = hashes[start : start + W]
        smallest = min(window)
        position = start + max(i for i, value in enumerate(window) if value == smallest)  # the rightmost minimum
        if position != last:
            kept.append((hashes[position], tokens[position][1], tokens[position + K - 1][1]))
            last = position
    return kept
