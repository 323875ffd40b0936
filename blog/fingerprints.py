"""Fingerprints of article text, for finding duplicates among live articles.

Exact duplicates compare a normalised title and a hash of the normalised body.
Near duplicates use MinHash: the body's 5-word shingles are hashed under
``PERMUTATIONS`` hash functions and the minimum of each is kept; two bodies
agree on a position with probability equal to the Jaccard similarity of their
shingle sets. Locality-sensitive hashing splits the signature into ``BANDS``
bands of ``ROWS`` values and hashes each band to one key: bodies that share
any key are candidates (at similarity 0.5 a pair shares a key with
probability 0.87, at 0.8 with probability above 0.999), and the candidates'
signatures give the estimate. Keys are stored in an indexed table, so finding
candidates is one indexed query however many articles there are.

Everything here is plain functions of text, the same on SQLite and PostgreSQL.
"""

import functools
import hashlib
import random
import re
import unicodedata
from dataclasses import dataclass

SHINGLE_WORDS = 5
BANDS = 32
ROWS = 4
PERMUTATIONS = BANDS * ROWS
PRIME = (1 << 61) - 1
MAX_HASH = (1 << 61) - 1
_rng = random.Random(20261201)  # noqa: S311 -- fixed seed: fingerprints must not change between runs
COEFFICIENTS = [(_rng.randrange(1, PRIME), _rng.randrange(0, PRIME)) for _ in range(PERMUTATIONS)]

WORD_RE = re.compile(r"[^\W_]+")


def normalised_words(text):
    """Words in Unicode compatibility form, case-folded, without punctuation."""
    return WORD_RE.findall(unicodedata.normalize("NFKC", text or "").casefold())


def title_key(title):
    """Titles that differ only in case, punctuation, spacing or Unicode form share a key."""
    return " ".join(normalised_words(title))[:255]


def body_key(text):
    """SHA-256 of the body's normalised words."""
    return hashlib.sha256(" ".join(normalised_words(text)).encode("utf-8")).hexdigest()


def _hash64(text):
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(text):
    words = normalised_words(text)
    if len(words) < SHINGLE_WORDS:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


def _permuted(shingle):
    """The shingle's hash under each of the ``PERMUTATIONS`` hash functions."""
    value = _hash64(shingle)
    return [(a * value + b) % PRIME for a, b in COEFFICIENTS]


def signature(text, cache=None):
    """The MinHash signature: ``PERMUTATIONS`` integers below 2**61.

    ``cache`` (a dict) keeps each shingle's hashes for the next call: fingerprinting
    many texts that share sentences (generated archives) is then mostly lookups.
    """
    found = shingles(text)
    if not found:
        return [MAX_HASH] * PERMUTATIONS
    if cache is None:
        rows = [_permuted(shingle) for shingle in found]
    else:
        rows = [
            cache[shingle] if shingle in cache else cache.setdefault(shingle, _permuted(shingle)) for shingle in found
        ]
    return list(map(min, zip(*rows, strict=True)))


def band_keys(sig):
    """One key per band: a signed 63-bit integer, so it fits a BigIntegerField."""
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS : (band + 1) * ROWS]
        digest = hashlib.blake2b(f"{band}:{','.join(map(str, rows))}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True) >> 1)
    return keys


def exact_keys(title_key_, body_key_):
    """Two more keys, kept beside the bands, for the same title and the same body: one index finds all three."""
    keys = []
    for kind, value in (("title", title_key_), ("body", body_key_)):
        digest = hashlib.blake2b(f"{kind}:{value}".encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True) >> 1)
    return keys


def similarity(sig_a, sig_b):
    """Estimated Jaccard similarity of two bodies from their signatures."""
    if not sig_a or not sig_b:
        return 0.0
    return sum(1 for a, b in zip(sig_a, sig_b, strict=True) if a == b) / PERMUTATIONS


@dataclass(frozen=True)
class Fingerprint:
    title_key: str
    body_key: str
    signature: list
    bands: list


def fingerprint(title, text, cache=None):
    if cache is None:
        return _fingerprint(title, text)
    return _compute(title, text, cache)


# A revision's text is fingerprinted several times on its way to publication (checks on submit,
# on approval, on publish, then stored): the same text gives the same fingerprint.
@functools.lru_cache(maxsize=64)
def _fingerprint(title, text):
    return _compute(title, text)


def _compute(title, text, cache=None):
    sig = signature(text, cache)
    title_, body = title_key(title), body_key(text)
    return Fingerprint(title_, body, sig, band_keys(sig) + exact_keys(title_, body))
