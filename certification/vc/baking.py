"""Open Badges 3.0 baking: the signed credential inside a PNG, in an uncompressed ``iTXt`` chunk.

The chunk's keyword is ``openbadgecredential``; its text is the credential
JSON (UTF-8). It goes just before ``IEND``. Reading accepts a compressed
chunk too, but never inflates more than ``MAX_TEXT_BYTES``.
"""

import struct
import zlib

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
MAX_TEXT_BYTES = 1024 * 1024


class BakingError(Exception):
    pass


def is_png(data):
    return data.startswith(PNG_SIGNATURE)


def chunks(data):
    """(type, body) for every chunk; raises BakingError on a truncated or corrupt PNG."""
    if not is_png(data):
        raise BakingError("Not a PNG image.")
    position = len(PNG_SIGNATURE)
    while position < len(data):
        if position + 8 > len(data):
            raise BakingError("The PNG image is truncated.")
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if end > len(data):
            raise BakingError("The PNG image is truncated.")
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            raise BakingError("The PNG image is corrupt (a chunk checksum does not match).")
        yield kind, body, position, end
        if kind == b"IEND":
            return
        position = end
    raise BakingError("The PNG image has no end chunk.")


def _chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _itxt_keyword(body):
    return body.split(b"\0", 1)[0]


def bake(png, credential_json):
    """``png`` with ``credential_json`` (str) baked in; any credential baked before is replaced."""
    text = credential_json.encode("utf-8")
    # keyword \0, compression flag 0, method 0, empty language tag \0, empty translated keyword \0, text
    itxt = _chunk(b"iTXt", KEYWORD + b"\0\0\0\0\0" + text)
    out = bytearray(PNG_SIGNATURE)
    for kind, body, start, end in chunks(png):
        if kind == b"iTXt" and _itxt_keyword(body) == KEYWORD:
            continue
        if kind == b"IEND":
            out += itxt
        out += png[start:end]
    return bytes(out)


def unbake(png):
    """The credential text baked into ``png``, or None if there is none (raises BakingError if unreadable)."""
    for kind, body, _start, _end in chunks(png):
        if kind != b"iTXt" or _itxt_keyword(body) != KEYWORD:
            continue
        rest = body[len(KEYWORD) + 1 :]
        if len(rest) < 2:
            raise BakingError("The baked credential chunk is truncated.")
        compressed, _method = rest[0], rest[1]
        parts = rest[2:].split(b"\0", 2)
        if len(parts) != 3:
            raise BakingError("The baked credential chunk is malformed.")
        text = parts[2]
        if compressed:
            inflater = zlib.decompressobj()
            try:
                text = inflater.decompress(text, MAX_TEXT_BYTES + 1)
            except zlib.error:
                raise BakingError("The baked credential cannot be decompressed.") from None
            if len(text) > MAX_TEXT_BYTES:
                raise BakingError("The baked credential is too large.")
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            raise BakingError("The baked credential is not UTF-8 text.") from None
    return None
