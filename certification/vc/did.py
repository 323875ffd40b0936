"""The issuer's ``did:web`` identifier and DID document.

The DID comes from the host of ``SITE_URL`` (never from a request's Host
header), so ``https://agencyscript.com`` is ``did:web:agencyscript.com`` and
its document is served at ``https://agencyscript.com/.well-known/did.json``.
Each key is one Multikey verification method, listed under
``assertionMethod``; retired keys stay listed so old credentials keep verifying.
"""

from urllib.parse import quote, urlsplit

from django.conf import settings

from certification.vc import contexts


def issuer_did(site_url=None):
    parts = urlsplit(site_url or settings.SITE_URL)
    if not parts.hostname:
        raise ValueError("SITE_URL has no host.")
    host = parts.hostname.lower()
    if parts.port:
        host = f"{host}:{parts.port}"
    return "did:web:" + quote(host, safe="")


def did_document_url(site_url=None):
    return (site_url or settings.SITE_URL).rstrip("/") + "/.well-known/did.json"


def verification_method_id(public_key_multibase, did=None):
    return f"{did or issuer_did()}#{public_key_multibase}"


def did_document(public_keys_multibase, did=None):
    """The DID document listing ``public_keys_multibase`` (oldest first)."""
    did = did or issuer_did()
    methods = [
        {
            "id": verification_method_id(key, did),
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key,
        }
        for key in dict.fromkeys(public_keys_multibase)
    ]
    return {
        "@context": [contexts.DID_V1, contexts.MULTIKEY_V1],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def public_key_for(did_doc, verification_method):
    """The ``publicKeyMultibase`` of ``verification_method`` if the document lists it for assertions, else None."""
    if verification_method not in did_doc.get("assertionMethod", []):
        return None
    for method in did_doc.get("verificationMethod", []):
        if method.get("id") == verification_method and method.get("type") == "Multikey":
            return method.get("publicKeyMultibase")
    return None
