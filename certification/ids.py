"""Public credential IDs: random, readable, and self-checking.

An ID looks like ``ASO-7K3M-Q9XD-2PWT-R``:

* ``AS``, the issuer;
* the tier letter (``F``, ``O``, ``A``, ``P``: the last letter of the tier code);
* 12 characters of Crockford base32 (60 bits from :mod:`secrets`);
* one check character, also from Crockford base32.

Crockford's alphabet leaves out I, L, O and U, so the characters people confuse
can be read back: ``i`` and ``l`` mean 1, ``o`` means 0. Case, spaces and dashes
do not matter when an ID is typed in.

The check character
-------------------
Every character of the compact ID (issuer, tier letter and random part) has a
value ``v[i]`` in the 32-element field GF(32) (its Crockford value; the tier
letter ``O`` counts as 0). The check character is chosen so that::

    sum(ALPHA ** i * v[i] for every position i, check character included) == 0

in GF(32), where ``ALPHA`` generates the field's multiplicative group. The 16
weights ``ALPHA ** 0 .. ALPHA ** 15`` are distinct and non-zero, therefore:

* changing one character from ``a`` to ``b`` changes the sum by
  ``w[i] * (a - b)``, which is non-zero: every single substitution is detected;
* swapping neighbours ``a, b`` changes the sum by ``(w[i] - w[i+1]) * (a - b)``,
  non-zero whenever ``a != b``: every adjacent transposition is detected.

(This is the linear special case of Damm's check over a field of order 32.)
Wrong length, unknown characters, a wrong issuer prefix or a tier position
holding something other than a letter are rejected before the check is run.
None of this touches the database.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32
PREFIX = "AS"
RANDOM_LENGTH = 12  # 12 × 5 = 60 random bits
COMPACT_LENGTH = len(PREFIX) + 1 + RANDOM_LENGTH + 1
GROUPS = (3, 4, 4, 4, 1)

# Letters that may stand in the tier position: Crockford letters plus O.
TIER_LETTERS = "ABCDEFGHJKMNOPQRSTVWXYZ"

_VALUES = {char: value for value, char in enumerate(ALPHABET)}
# Read-back of look-alikes in the random and check part.
_ALIASES = {"I": "1", "L": "1", "O": "0"}
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.·/]+")

# GF(32) with the primitive polynomial x^5 + x^2 + 1.
_POLY = 0b100101


def _gf_mul(a, b):
    result = 0
    while b:
        if b & 1:
            result ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _POLY
    return result


_WEIGHTS = []
_w = 1
for _ in range(COMPACT_LENGTH):
    _WEIGHTS.append(_w)
    _w = _gf_mul(_w, 0b10)  # ALPHA = x
del _w

# Multiplicative inverses, to solve for the check character.
_INVERSE = {a: b for a in range(1, 32) for b in range(1, 32) if _gf_mul(a, b) == 1}


class MistypedCredentialId(ValueError):
    """The text cannot be a credential ID: a character is wrong or missing.

    ``reason`` is a short, human-readable explanation.
    """

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _value(char, position):
    if position == len(PREFIX):  # tier letter
        return 0 if char == "O" else _VALUES[char]
    return _VALUES[char]


def _weighted_sum(compact):
    total = 0
    for position, char in enumerate(compact):
        total ^= _gf_mul(_WEIGHTS[position], _value(char, position))
    return total


def check_character(body):
    """The check character for the compact ID without its last character."""
    if len(body) != COMPACT_LENGTH - 1:
        raise ValueError("body must be the compact ID without its check character")
    partial = _weighted_sum(body)
    # Want partial + w_last * c == 0, i.e. c = partial / w_last (minus is plus in GF(2^n)).
    return ALPHABET[_gf_mul(partial, _INVERSE[_WEIGHTS[COMPACT_LENGTH - 1]])]


def format_credential_id(compact):
    """Group a compact ID for reading: ``ASO7K3M...`` → ``ASO-7K3M-Q9XD-2PWT-R``."""
    parts, start = [], 0
    for size in GROUPS:
        parts.append(compact[start : start + size])
        start += size
    return "-".join(parts)


def tier_letter(tier_code):
    """``"AS-O"`` (or ``"O"``) → ``"O"``."""
    letter = (tier_code or "").strip().upper()[-1:]
    if letter not in TIER_LETTERS or not letter:
        raise ValueError(f"Not a tier code: {tier_code!r}")
    return letter


def new_credential_id(tier_code):
    """A new random ID for the tier with ``tier_code`` (``"AS-F"`` or ``"F"``), grouped for reading."""
    letter = tier_letter(tier_code)
    random_part = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    body = f"{PREFIX}{letter}{random_part}"
    return format_credential_id(body + check_character(body))


def compact_credential_id(text):
    """Upper-case ``text`` and drop spaces, dashes and similar separators."""
    return _SEPARATORS.sub("", str(text or "")).upper()


def normalise_credential_id(text):
    """The canonical, grouped form of a typed credential ID.

    Tolerates lower case, spaces, missing or extra dashes, ``I``/``L`` for 1 and
    ``O`` for 0 (and ``0`` for the tier letter ``O``). Raises
    :class:`MistypedCredentialId` when the text cannot be a valid ID: this
    catches every single wrong character and every swap of two neighbouring
    characters, without a database lookup.
    """
    compact = compact_credential_id(text)
    if not compact:
        raise MistypedCredentialId("No credential ID was entered.")
    if len(compact) != COMPACT_LENGTH:
        raise MistypedCredentialId(
            f"A credential ID has {COMPACT_LENGTH} letters and digits; this one has {len(compact)}."
        )
    if compact[: len(PREFIX)] != PREFIX:
        raise MistypedCredentialId(f"A credential ID starts with {PREFIX}.")
    letter = compact[len(PREFIX)]
    if letter == "0":
        letter = "O"
    if letter not in TIER_LETTERS:
        raise MistypedCredentialId("The third character must be the tier letter, such as F, O, A or P.")
    rest = []
    for char in compact[len(PREFIX) + 1 :]:
        char = _ALIASES.get(char, char)
        if char not in _VALUES:
            raise MistypedCredentialId(f"“{char}” never appears in a credential ID.")
        rest.append(char)
    candidate = f"{PREFIX}{letter}{''.join(rest)}"
    if _weighted_sum(candidate) != 0:
        raise MistypedCredentialId("The check character does not match: a character is wrong or two are swapped.")
    return format_credential_id(candidate)
