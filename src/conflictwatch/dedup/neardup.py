"""Near-duplicate documents: MinHash signatures over word shingles and LSH banding (datasketch).

Syndicated wire copy and lightly edited republications share most of their
word 5-grams.  :func:`signature` turns a clean text into a MinHash signature;
:func:`band_buckets` cuts it into LSH bands (the band count and width that
``datasketch.MinHashLSH`` chooses for the threshold) so that candidate copies
are found with an indexed lookup in the store, without holding an index in
memory; :func:`similarity` estimates the Jaccard similarity of two signatures.
:func:`group_near_duplicates` does the same for an in-memory batch.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

__all__ = [
    "shingles",
    "signature",
    "similarity",
    "band_buckets",
    "method_name",
    "key_tokens",
    "same_facts",
    "facts_agree",
    "group_near_duplicates",
]

_WORD = re.compile(r"\w+", re.UNICODE)


_KEY = re.compile(r"\d+|\b[^\W\d_][\w'-]*", re.UNICODE)


def key_tokens(text: str) -> set[str]:
    """The tokens that carry a report's facts: numbers and capitalised words (names, places), folded.

    Two reports written from one template (an army communiqué, an outlet's closing paragraph) share
    most of their shingles but not these; a syndicated copy keeps them.
    """
    out = set()
    for m in _KEY.finditer(text):
        tok = m.group(0)
        if tok[0].isdigit() or tok[0].isupper():
            out.add(_fold(tok))
    return out


def same_facts(a: str, b: str) -> bool:
    """True when one text's key tokens (:func:`key_tokens`) are all in the other's.

    A copy may add a credit line or drop a paragraph, but it does not change a toll, a date or a
    place; a different report written with the same words does.
    """
    return facts_agree(key_tokens(a), key_tokens(b))


def facts_agree(ka: set[str], kb: set[str]) -> bool:
    """:func:`same_facts` on key tokens already worked out: one set holds the other."""
    return ka <= kb or kb <= ka


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def shingles(text: str, k: int = 5) -> set[str]:
    """Word k-grams of the case- and accent-folded text (the whole text when shorter than k words)."""
    words = _WORD.findall(_fold(text))
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


_SCHEME = "affine32"  # datasketch >= 2.0 hashing scheme, pinned so stored signatures stay comparable


def _minhash(text: str, num_perm: int, k: int) -> MinHash:
    mh = MinHash(num_perm=num_perm, seed=1, scheme=_SCHEME)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles(text, k))])
    return mh


def signature(text: str, num_perm: int = 128, k: int = 5) -> np.ndarray:
    """MinHash signature (``num_perm`` uint64 values) of the text's word shingles."""
    return _minhash(text, num_perm, k).hashvalues.copy()


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of two signatures of the same length."""
    x, y = np.asarray(a, dtype=np.uint64), np.asarray(b, dtype=np.uint64)
    if x.shape != y.shape or not len(x):
        return 0.0
    return float(np.count_nonzero(x == y)) / float(len(x))


@functools.lru_cache(maxsize=8)
def _bands(threshold: float, num_perm: int) -> tuple[int, int]:
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r


def band_buckets(sig: Sequence[int], threshold: float, num_perm: int) -> list[str]:
    """One bucket key per LSH band: documents sharing a key are candidate near-duplicates."""
    b, r = _bands(threshold, num_perm)
    arr = np.asarray(sig, dtype=np.uint64)
    return [hashlib.sha1(arr[i * r : (i + 1) * r].tobytes()).hexdigest()[:20] for i in range(b)]


def method_name(num_perm: int, k: int) -> str:
    """Names the signature recipe; signatures of different recipes are never compared."""
    return f"minhash.v1:{num_perm}:{k}w"


def group_near_duplicates(
    texts: Iterable[tuple[str, str]], threshold: float = 0.7, num_perm: int = 128, k: int = 5
) -> dict[str, str]:
    """For an in-memory batch of ``(id, text)``: map each copy's id to its canonical id (the first seen).

    Documents that are no one's copy are absent from the result.  A copy must reach the threshold
    and keep the other's facts (:func:`same_facts`).
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sigs: dict[str, MinHash] = {}
    texts_by_id: dict[str, str] = {}
    canonical_of: dict[str, str] = {}
    for ident, text in texts:
        texts_by_id[ident] = text
        mh = _minhash(text, num_perm, k)
        best, best_sim = None, threshold
        for other in lsh.query(mh):
            if not same_facts(text, texts_by_id[other]):
                continue
            sim = mh.jaccard(sigs[other])
            if sim >= best_sim and (best is None or sim > best_sim):
                best, best_sim = other, sim
        if best is not None:
            canonical_of[ident] = canonical_of.get(best, best)
        sigs[ident] = mh
        lsh.insert(ident, mh)
    return canonical_of
