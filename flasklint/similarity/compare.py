"""Which submissions of a batch share code, and where.

An inverted index maps each fingerprint to the submissions that have it, so
a batch of n submissions costs the pairs that share something, not n² full
comparisons; only fingerprints that at most DISCOVERY_LIMIT submissions (or
a tenth of the batch) share suggest a pair, which bounds that cost.
Fingerprints of the starter code are removed from every submission (MOSS's
base files), and so are those more than half the batch shares: boilerplate,
reported as such rather than as copying.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from flasklint.core.defaults import SIMILARITY_THRESHOLD
from flasklint.similarity.submission import SubmissionCode

RUNS_SHOWN = 5
DISCOVERY_LIMIT = 20  # submissions a fingerprint may be shared by and still suggest a pair (or a tenth of the batch)
_GAP = 4  # fingerprints apart, in both submissions, that one run of shared code may skip


@dataclass(frozen=True)
class Run:
    """A stretch of code two submissions share: lines in each, and its length in fingerprints."""

    a_path: str
    a_start: int
    a_end: int
    b_path: str
    b_start: int
    b_end: int
    length: int


@dataclass(frozen=True)
class Pair:
    a: str
    b: str
    share_a: float  # the share of a's code (its fingerprints) found in b
    share_b: float
    runs: tuple[Run, ...]  # the longest first


@dataclass
class Similarity:
    submissions: int
    threshold: float
    pairs: list[Pair] = field(default_factory=list)
    starter_prints: int = 0  # fingerprints of the starter code, removed from every submission
    boilerplate_prints: int = 0  # fingerprints more than half the batch shares, removed likewise
    boilerplate_places: list[tuple[str, str, int, int]] = field(default_factory=list)  # (candidate, path, lines)


def compare(
    submissions: Sequence[SubmissionCode],
    starter: SubmissionCode | None = None,
    threshold: float = SIMILARITY_THRESHOLD,
) -> Similarity:
    result = Similarity(len(submissions), threshold)
    removed = {p[0] for f in starter.files for p in f.prints} if starter is not None else set()
    result.starter_prints = len(removed)
    postings: dict[int, set[int]] = defaultdict(set)
    for index, submission in enumerate(submissions):
        for code in submission.files:
            for value, _, _ in code.prints:
                if value not in removed:
                    postings[value].add(index)
    if len(submissions) >= 3:
        # more than half the batch, and never just a pair: two submissions sharing code is what is looked for
        common = {value for value, owners in postings.items() if len(owners) > max(2, len(submissions) / 2)}
        result.boilerplate_prints = len(common)
        result.boilerplate_places = _places(submissions, common)
        removed |= common
    # Pairs are found by the fingerprints few submissions share (MOSS ignores passages seen too often the
    # same way): a fingerprint of k submissions costs k² counts. Their shares then count every fingerprint.
    limit = max(DISCOVERY_LIMIT, len(submissions) // 10)
    shared: Counter[tuple[int, int]] = Counter()
    for value, owners in postings.items():
        if value in removed or not 2 <= len(owners) <= limit:
            continue
        ordered = sorted(owners)
        for position, first in enumerate(ordered):
            for second in ordered[position + 1 :]:
                shared[(first, second)] += 1
    rare = [
        {p[0] for f in s.files for p in f.prints if p[0] not in removed and len(postings[p[0]]) <= limit}
        for s in submissions
    ]
    for (first, second), count in sorted(shared.items()):
        # a cheap bound first: of the fingerprints that suggest pairs, the smaller side must share a good part
        if count < threshold * min(len(rare[first]), len(rare[second])) / 2:
            continue
        pair = _pair(submissions[first], submissions[second], removed)
        if max(pair.share_a, pair.share_b) >= threshold:
            result.pairs.append(pair)
    result.pairs.sort(key=lambda p: (-max(p.share_a, p.share_b), p.a, p.b))
    return result


def _share(submission: SubmissionCode, other: set[int], removed: set[int]) -> float:
    kept = [p[0] for f in submission.files for p in f.prints if p[0] not in removed]
    return round(sum(1 for value in kept if value in other) / len(kept), 3) if kept else 0.0


def _pair(a: SubmissionCode, b: SubmissionCode, removed: set[int]) -> Pair:
    a_values = {p[0] for f in a.files for p in f.prints}
    b_values = {p[0] for f in b.files for p in f.prints}
    return Pair(a.name, b.name, _share(a, b_values, removed), _share(b, a_values, removed), _runs(a, b, removed))


def _runs(a: SubmissionCode, b: SubmissionCode, removed: set[int]) -> tuple[Run, ...]:
    """Shared stretches: fingerprints matched in order in both submissions, a few apart at most."""
    where: dict[int, list[tuple[int, int]]] = defaultdict(list)  # hash -> (b's file, print index)
    for file_index, code in enumerate(b.files):
        for print_index, (value, _, _) in enumerate(code.prints):
            where[value].append((file_index, print_index))
    runs: list[Run] = []
    for code in a.files:
        current: _OpenRun | None = None
        for a_index, (value, start, end) in enumerate(code.prints):
            if value in removed or value not in where:
                continue
            options = where[value]
            if current is not None:
                follows = [o for o in options if o[0] == current.b_file and 0 < o[1] - current.b_index <= _GAP]
                if follows and a_index - current.a_index <= _GAP:
                    current.extend(a_index, end, follows[0][1], b.files[current.b_file].prints[follows[0][1]])
                    continue
                runs.append(current.closed(code.path, b))
            b_file, b_index = options[0]
            current = _OpenRun(b_file, a_index, b_index, start, end, *b.files[b_file].prints[b_index][1:])
        if current is not None:
            runs.append(current.closed(code.path, b))
    runs.sort(key=lambda r: (-r.length, r.a_path, r.a_start))
    return tuple(runs[:RUNS_SHOWN])


@dataclass
class _OpenRun:
    """A run being followed through one file of a: where it is in b's file, and the lines so far."""

    b_file: int
    a_index: int  # the last fingerprint matched, in a's file and in b's
    b_index: int
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    length: int = 1

    def extend(self, a_index: int, a_end: int, b_index: int, b_print: tuple[int, int, int]) -> None:
        self.a_index, self.b_index, self.length = a_index, b_index, self.length + 1
        self.a_end = max(self.a_end, a_end)
        self.b_start, self.b_end = min(self.b_start, b_print[1]), max(self.b_end, b_print[2])

    def closed(self, a_path: str, b: SubmissionCode) -> Run:
        return Run(a_path, self.a_start, self.a_end, b.files[self.b_file].path, self.b_start, self.b_end, self.length)


def _places(submissions: Sequence[SubmissionCode], common: set[int], limit: int = 3) -> list[tuple[str, str, int, int]]:
    """Where the boilerplate is: a few (candidate, path, first line, last line), one per path."""
    places: dict[str, tuple[str, str, int, int]] = {}
    for submission in submissions:
        for code in submission.files:
            lines = [(s, e) for value, s, e in code.prints if value in common]
            if lines and code.path not in places and len(places) < limit:
                places[code.path] = (submission.name, code.path, min(s for s, _ in lines), max(e for _, e in lines))
    return list(places.values())
