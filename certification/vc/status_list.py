"""Bitstring Status List v1.0: the compressed bitstring and the BitstringStatusListCredential around it.

Bit 0 is the most significant bit of the first byte. ``encodedList`` is
multibase base64url (``u`` prefix, no padding) of the GZIP-compressed
bitstring.
"""

import base64
import gzip
import io

from certification.vc import contexts

ENTRY_TYPE = "BitstringStatusListEntry"
LIST_TYPE = "BitstringStatusList"
LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
MAX_DECODED_BYTES = 16 * 1024 * 1024  # a list of 128 million entries; anything larger is refused


class StatusListError(Exception):
    pass


def empty_bits(size):
    if size % 8:
        raise ValueError("A status list size must be a multiple of 8.")
    return bytes(size // 8)


def is_set(bits, index):
    byte, bit = divmod(index, 8)
    if index < 0 or byte >= len(bits):
        raise StatusListError(f"Index {index} is outside the status list.")
    return bool(bits[byte] & (0x80 >> bit))


def with_bit_set(bits, index):
    byte, bit = divmod(index, 8)
    if index < 0 or byte >= len(bits):
        raise StatusListError(f"Index {index} is outside the status list.")
    changed = bytearray(bits)
    changed[byte] |= 0x80 >> bit
    return bytes(changed)


def encode(bits):
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded):
    """The bitstring of an ``encodedList`` (raises StatusListError; refuses decompression bombs)."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise StatusListError("The status list is not multibase base64url.")
    try:
        compressed = base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4))
        with gzip.GzipFile(fileobj=io.BytesIO(compressed)) as handle:
            bits = handle.read(MAX_DECODED_BYTES + 1)
    except (ValueError, OSError, EOFError) as error:
        raise StatusListError(f"The status list cannot be decompressed: {error}.") from None
    if len(bits) > MAX_DECODED_BYTES:
        raise StatusListError("The status list is too large.")
    return bits


def entry(list_url, index, purpose="revocation"):
    """The ``credentialStatus`` of a credential at ``index`` of the list at ``list_url``."""
    return {
        "id": f"{list_url}#{index}",
        "type": ENTRY_TYPE,
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def list_credential(*, list_url, issuer, bits, valid_from, valid_until, ttl_ms, purpose="revocation"):
    """The unsigned BitstringStatusListCredential."""
    return {
        "@context": [contexts.CREDENTIALS_V2],
        "id": list_url,
        "type": ["VerifiableCredential", LIST_CREDENTIAL_TYPE],
        "issuer": issuer,
        "validFrom": valid_from,
        "validUntil": valid_until,
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": LIST_TYPE,
            "statusPurpose": purpose,
            "encodedList": encode(bits),
            "ttl": ttl_ms,
        },
    }
