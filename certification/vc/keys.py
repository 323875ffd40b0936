"""The Ed25519 key that signs credentials and status lists, and its Multikey encoding.

The private key comes from ``CREDENTIAL_VC_SIGNING_KEY`` (32 random bytes,
base64). Only a development site (``DEBUG``) may fall back to a key derived
from ``SECRET_KEY``; anywhere else issuing stops with :class:`SigningKeyMissing`.
The public half is published as a Multikey: ``z`` + base58btc of the
multicodec prefix ``0xed01`` and the 32-byte public key.
"""

import base64
import hashlib
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from certification import signing

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
ED25519_PUB_PREFIX = b"\xed\x01"
ED25519_PRIV_PREFIX = b"\x80\x26"


class SigningKeyMissing(ImproperlyConfigured):
    """No credential signing key is configured, and this is not a development site."""


def base58_encode(data):
    number = int.from_bytes(data, "big")
    encoded = ""
    while number:
        number, remainder = divmod(number, 58)
        encoded = BASE58_ALPHABET[remainder] + encoded
    leading = len(data) - len(data.lstrip(b"\0"))
    return "1" * leading + encoded


def base58_decode(text):
    number = 0
    for char in text:
        index = BASE58_ALPHABET.find(char)
        if index < 0:
            raise ValueError(f"{char!r} is not a base58 character")
        number = number * 58 + index
    leading = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * leading + body


def multibase_encode(data):
    """Multibase base58btc: ``z`` + base58."""
    return "z" + base58_encode(data)


def multibase_decode(text):
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("not multibase base58btc (it must start with z)")
    return base58_decode(text[1:])


def public_key_multibase(public_key):
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return multibase_encode(ED25519_PUB_PREFIX + raw)


def public_key_from_multibase(text):
    """The Ed25519 public key of a Multikey ``publicKeyMultibase`` (raises ValueError)."""
    data = multibase_decode(text)
    if len(data) != 34 or not data.startswith(ED25519_PUB_PREFIX):
        raise ValueError("not an Ed25519 Multikey (0xed01 + 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(data[2:])


def private_key_from_seed(seed):
    return Ed25519PrivateKey.from_private_bytes(seed)


def seed_of(private_key):
    return private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def new_seed_base64():
    """A new key for ``CREDENTIAL_VC_SIGNING_KEY``: 32 random bytes, base64."""
    return base64.b64encode(seed_of(Ed25519PrivateKey.generate())).decode("ascii")


@lru_cache(maxsize=4)
def _private_key(configured, secret_key, debug):
    if configured:
        return private_key_from_seed(signing.seed_from_setting(configured, "CREDENTIAL_VC_SIGNING_KEY"))
    if not debug:
        raise SigningKeyMissing(
            "Set CREDENTIAL_VC_SIGNING_KEY (32 random bytes, base64) to issue verifiable credentials: "
            "outside development a key derived from SECRET_KEY is refused. "
            "`manage.py rotate_vc_signing_key` makes one."
        )
    seed = hashlib.sha256(b"agencyscript verifiable credential signing\0" + secret_key.encode()).digest()
    return private_key_from_seed(seed)


def signing_key():
    """The private key credentials are signed with now (raises SigningKeyMissing)."""
    return _private_key(getattr(settings, "CREDENTIAL_VC_SIGNING_KEY", ""), settings.SECRET_KEY, settings.DEBUG)


def signing_key_multibase():
    return public_key_multibase(signing_key().public_key())
