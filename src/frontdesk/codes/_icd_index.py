"""The in-memory ICD-10-CM index: codes in result order, a code lookup, and a word-prefix index."""

from __future__ import annotations

import bisect
import heapq
import re
from array import array
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain

from frontdesk.codes._icd_data import RawCodeSet
from frontdesk.codes._icd_releases import ReleaseInfo

_WORD_RE = re.compile(r"[a-z0-9]+")
# A typed word whose matches span this many postings is answered with a cached bitset, not a set union.
BIG_PREFIX = 4000
_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


@dataclass(frozen=True)
class DiagnosisCode:
    """An ICD-10-CM code from the bundled code set."""

    code: str  # without the period: E119
    display_code: str  # with the period: E11.9
    description: str
    billable: bool  # False for header (category) codes that have subcodes


def words_of(text: str) -> list[str]:
    """Lower-case words of a description or of what was typed (punctuation separates words)."""
    return _WORD_RE.findall(text.lower())


def display_code(code: str) -> str:
    """E119 -> E11.9; a 3-character category has no period."""
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


class IcdIndex:
    """Its tables never change after construction (only caches fill), so any number of threads may search it."""

    def __init__(self, raw: RawCodeSet, release: ReleaseInfo | None = None) -> None:
        self.version = raw.version
        self.release = release  # where the codes came from; travels with them, so the two never disagree
        billable = raw.billable
        # Result order: billable first, then shorter codes, then the code itself (deterministic). A code's
        # position in this order (its rank) is its id everywhere below, so sorting ranks sorts results.
        self._codes: list[str] = sorted(raw.codes, key=lambda c: (c not in billable, len(c), c))
        self._descriptions: list[str] = [raw.descriptions[c] for c in self._codes]
        self._billable: list[bool] = [c in billable for c in self._codes]
        self.by_code: dict[str, int] = {c: rank for rank, c in enumerate(self._codes)}
        # Alphabetical codes for prefix ranges (with their ranks).
        self.sorted_codes: list[str] = sorted(self._codes)
        self._sorted_ranks: list[int] = [self.by_code[c] for c in self.sorted_codes]
        postings: defaultdict[str, list[int]] = defaultdict(list)
        findall = _WORD_RE.findall
        for rank, description in enumerate(self._descriptions):
            for word in set(findall(description.lower())):
                postings[word].append(rank)
        self.vocabulary: list[str] = sorted(postings)
        # Compact arrays (4 bytes a posting, not ~40 in a set); a search makes sets of the few it needs.
        self._postings: list[array[int]] = [array("I", postings[w]) for w in self.vocabulary]
        self._cumulative: list[int] = [0, *accumulate(len(p) for p in self._postings)]
        self._masks: dict[str, int] = {}
        # One cache per index: typing "diab", "diabe"... re-uses the earlier words' sets.
        self.ranks_for_prefix = lru_cache(maxsize=128)(self._ranks_for_prefix)

    def __len__(self) -> int:
        return len(self._codes)

    def entry(self, rank: int) -> DiagnosisCode:
        """The code at ``rank``, made on demand (98,000 frozen objects up front would cost a second)."""
        code = self._codes[rank]
        return DiagnosisCode(code, display_code(code), self._descriptions[rank], self._billable[rank])

    def lookup(self, code: str) -> DiagnosisCode | None:
        rank = self.by_code.get(code)
        return None if rank is None else self.entry(rank)

    def code_range(self, prefix: str) -> range:
        """Positions in ``sorted_codes`` of the codes that start with ``prefix``."""
        lo = bisect.bisect_left(self.sorted_codes, prefix)
        hi = bisect.bisect_left(self.sorted_codes, prefix + "\x7f")
        return range(lo, hi)

    def codes_starting(self, prefix: str, limit: int) -> list[DiagnosisCode]:
        ranks = (self._sorted_ranks[i] for i in self.code_range(prefix))
        return [self.entry(r) for r in heapq.nsmallest(limit, ranks)]

    def billable_under(self, code: str, limit: int) -> list[DiagnosisCode]:
        """The first billable codes under a header, in code order (E11 -> E11.00, E11.01, E11.10)."""
        found: list[DiagnosisCode] = []
        for i in self.code_range(code):
            rank = self._sorted_ranks[i]
            if self._billable[rank] and self._codes[rank] != code:
                found.append(self.entry(rank))
                if len(found) == limit:
                    break
        return found

    def _range(self, word: str) -> tuple[int, int]:
        """Positions in ``vocabulary`` of the words that start with ``word``."""
        return (bisect.bisect_left(self.vocabulary, word), bisect.bisect_left(self.vocabulary, word + "\x7f"))

    def estimate(self, word: str) -> int:
        """How many postings a word prefix covers (an upper bound of its codes), without touching them."""
        lo, hi = self._range(word)
        return self._cumulative[hi] - self._cumulative[lo]

    def _ranks_for_prefix(self, word: str) -> frozenset[int]:
        lo, hi = self._range(word)
        return frozenset(chain.from_iterable(self._postings[lo:hi]))

    def mask_for_prefix(self, word: str) -> int:
        """A common prefix ("s", "in") as a bitset over ranks: intersecting two is one C-level AND.

        Kept for good: only prefixes above BIG_PREFIX get one, at 12 kB each.
        """
        mask = self._masks.get(word)
        if mask is None:
            ranks = self._ranks_for_prefix(word)
            # Gather at C speed: one 0/1 byte per rank, read as a binary number (rank 0 = lowest bit).
            flags = bytes(map(ranks.__contains__, range(len(self._codes)))).translate(_BINARY_DIGITS)
            mask = int(flags[::-1], 2) if flags else 0
            self._masks[word] = mask  # a racing thread may build the same mask; either copy is right
        return mask

    def warm(self) -> None:
        """Build the bitsets of every common prefix now (about half a second, some 2 MB), so that no search
        has to build one while someone waits."""
        spans: dict[str, int] = {}
        for word, postings in zip(self.vocabulary, self._postings, strict=True):
            for end in range(1, len(word) + 1):
                spans[word[:end]] = spans.get(word[:end], 0) + len(postings)
        for prefix, span in spans.items():
            if span >= BIG_PREFIX:
                self.mask_for_prefix(prefix)

    def search_words(self, words: list[str], limit: int) -> list[DiagnosisCode]:
        """Codes whose description has, for every typed word, a word starting with it (any order)."""
        unique = sorted(set(words), key=self.estimate)  # the most selective word first
        common = [w for w in unique if self.estimate(w) >= BIG_PREFIX]
        rare = [w for w in unique if self.estimate(w) < BIG_PREFIX]
        mask = -1  # all ranks
        for word in common:
            mask &= self.mask_for_prefix(word)
        if rare:
            result: frozenset[int] | set[int] = self.ranks_for_prefix(rare[0])
            for word in rare[1:]:
                if not result:
                    break
                result = result & self.ranks_for_prefix(word)
            if common and result:
                bits = mask.to_bytes((len(self._codes) + 7) // 8, "little")
                result = {r for r in result if bits[r >> 3] >> (r & 7) & 1}
            return [self.entry(r) for r in heapq.nsmallest(limit, result)]
        found: list[DiagnosisCode] = []
        while mask and len(found) < limit:  # the lowest set bits are the best ranks
            lowest = mask & -mask
            found.append(self.entry(lowest.bit_length() - 1))
            mask ^= lowest
        return found
