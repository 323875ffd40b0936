"""Signed verification results that anyone can check offline.

Every JSON verification result carries ``signature``: a compact JWS (RFC 7515,
algorithm EdDSA with Ed25519, RFC 8037) whose payload is the result itself.
The public key is published at ``/verify/keys.json`` as a JWK set. An employer
who saved a result can later prove, without asking us, that Agency Script
stated that status for that credential at that time; any change to the saved
payload breaks the signature.

The private key comes from ``CREDENTIAL_SIGNING_KEY`` (32 random bytes,
base64). Without it a key is derived from ``SECRET_KEY``, which suits a
laptop but means rotating ``SECRET_KEY`` rotates this key too.
"""

import base64
import binascii
import hashlib
import json
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def seed_from_setting(value, name):
    """The 32-byte Ed25519 seed a key setting holds (base64), or ImproperlyConfigured naming it."""
    try:
        seed = base64.b64decode(value, validate=True)
    except binascii.Error as error:
        raise ImproperlyConfigured(f"{name} must be base64.") from error
    if len(seed) != 32:
        raise ImproperlyConfigured(f"{name} must be 32 bytes, base64 encoded.")
    return seed


@lru_cache(maxsize=4)
def _private_key(configured, secret_key):
    if configured:
        seed = seed_from_setting(configured, "CREDENTIAL_SIGNING_KEY")
    else:
        seed = hashlib.sha256(b"agencyscript credential signing\0" + secret_key.encode()).digest()
    return Ed25519PrivateKey.from_private_bytes(seed)


def private_key():
    return _private_key(getattr(settings, "CREDENTIAL_SIGNING_KEY", ""), settings.SECRET_KEY)


def public_key_bytes():
    return private_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id():
    return hashlib.sha256(public_key_bytes()).hexdigest()[:16]


def public_jwks():
    return {
        "keys": [
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "x": b64url(public_key_bytes()),
                "kid": key_id(),
                "use": "sig",
                "alg": "EdDSA",
            }
        ]
    }


def canonical_json(data):
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sign(payload):
    """A compact JWS over ``payload`` (a JSON-serialisable dict)."""
    header = {"alg": "EdDSA", "kid": key_id(), "typ": "agencyscript-verification+jws"}
    signing_input = f"{b64url(canonical_json(header))}.{b64url(canonical_json(payload))}"
    return f"{signing_input}.{b64url(private_key().sign(signing_input.encode('ascii')))}"


class BadSignature(Exception):
    pass


def verify(token, jwks):
    """Check ``token`` against a published key set and return its payload (raises BadSignature)."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(header_b64))
        key = next(k for k in jwks["keys"] if k["kid"] == header.get("kid"))
        if header.get("alg") != "EdDSA" or key.get("crv") != "Ed25519":
            raise BadSignature("Unsupported algorithm.")
        Ed25519PublicKey.from_public_bytes(b64url_decode(key["x"])).verify(
            b64url_decode(signature_b64), f"{header_b64}.{payload_b64}".encode("ascii")
        )
        return json.loads(b64url_decode(payload_b64))
    except (ValueError, KeyError, StopIteration, InvalidSignature, binascii.Error) as error:
        raise BadSignature(str(error) or type(error).__name__) from error
