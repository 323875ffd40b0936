"""JSON-LD documents, loaded only from the local copies in ``data/``, each pinned by SHA-256.

Any other URL is an error, never a network fetch: a credential must mean the
same thing tomorrow as today, and a verifier must never be made to fetch a
URL chosen by whoever wrote the file it checks. ``data/README.md`` names the
source of every file.
"""

import hashlib
import json
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

CREDENTIALS_V2 = "https://www.w3.org/ns/credentials/v2"
OPEN_BADGES_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_V1 = "https://www.w3.org/ns/did/v1"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"

# URL -> (file in data/, SHA-256 of that file)
PINNED = {
    CREDENTIALS_V2: ("credentials-v2.jsonld", "8a9f494a89ecc51db093e90e84713e07e84d6d9204364a9b3c7868b21751236f"),
    OPEN_BADGES_V3: (
        "ob-v3p0-context-3.0.3.json",
        "ef2fa9c7846dce233cc166b43639027278be4ee44f00bb1d45c75de2dd0cd761",
    ),
    DID_V1: ("did-v1.jsonld", "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f"),
    MULTIKEY_V1: ("multikey-v1.jsonld", "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6"),
}

SCHEMA_FILE = (
    "ob_v3p0_achievementcredential_schema.json",
    "5753fb3ecf7d024ed273dd364bd683f483eb47257e718e6618832cf89eb2083a",
)


class UnknownContext(Exception):
    """A JSON-LD document was asked for that we hold no pinned copy of."""

    def __init__(self, url):
        super().__init__(f"Unknown JSON-LD context {str(url)[:200]!r}: only pinned local copies are used.")
        self.url = url


class TamperedDataFile(Exception):
    """A data file no longer matches its pinned SHA-256."""


def read_pinned(filename, sha256):
    data = (DATA_DIR / filename).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise TamperedDataFile(f"{filename} has SHA-256 {digest}, expected {sha256}.")
    return data


@lru_cache(maxsize=16)
def _document(url):
    filename, sha256 = PINNED[url]
    return json.loads(read_pinned(filename, sha256))


def document(url):
    """The parsed JSON-LD document for ``url`` (raises UnknownContext)."""
    if url not in PINNED:
        raise UnknownContext(url)
    return _document(url)


def loader(extra=None):
    """A PyLD document loader over the pinned contexts plus ``extra`` ({url: document})."""
    extra = extra or {}

    def load(url, options=None):
        found = extra[url] if url in extra else document(url)
        return {"contextUrl": None, "documentUrl": url, "document": found}

    return load
