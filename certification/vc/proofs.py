"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C VC Data Integrity EdDSA 1.0).

To sign: the proof options (the proof without ``proofValue``, with the
document's ``@context``) and the document without its proof are each
canonized with RDFC-1.0 and hashed with SHA-256; Ed25519 signs the proof
hash followed by the document hash; ``proofValue`` is ``z`` + base58btc of
the 64-byte signature. Verifying repeats the same steps.
"""

import hashlib

from cryptography.exceptions import InvalidSignature

from certification.vc import canonical, keys

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(Exception):
    """The proof is missing, malformed, or does not verify."""


def _without_proof(document):
    return {key: value for key, value in document.items() if key != "proof"}


def hash_data(document, proof_options, document_loader=None):
    """SHA-256(canonical proof options) + SHA-256(canonical document): the 64 bytes that are signed."""
    proof_config = {**proof_options, "@context": document["@context"]}
    proof_hash = hashlib.sha256(canonical.canonize(proof_config, document_loader).encode()).digest()
    document_hash = hashlib.sha256(canonical.canonize(_without_proof(document), document_loader).encode()).digest()
    return proof_hash + document_hash


def sign(document, private_key, verification_method, created, *, document_loader=None, proof_array=True):
    """``document`` with a ``proof`` added; ``created`` is an ISO 8601 UTC timestamp (``...Z``)."""
    document = _without_proof(document)
    canonical.check_all_terms_defined(document, document_loader)
    options = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": "assertionMethod",
    }
    signature = private_key.sign(hash_data(document, options, document_loader))
    proof = {**options, "proofValue": keys.multibase_encode(signature)}
    return {**document, "proof": [proof] if proof_array else proof}


def single_proof(document):
    """The one proof of ``document`` (a proof set of one is accepted too)."""
    proof = document.get("proof")
    if isinstance(proof, list):
        if len(proof) != 1:
            raise ProofError("Expected exactly one proof.")
        proof = proof[0]
    if not isinstance(proof, dict):
        raise ProofError("The credential has no proof.")
    return proof


def check_proof_shape(proof):
    if proof.get("type") != PROOF_TYPE:
        raise ProofError(f"The proof type is {str(proof.get('type'))[:60]!r}, not {PROOF_TYPE}.")
    if proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"The proof uses cryptosuite {str(proof.get('cryptosuite'))[:60]!r}, not {CRYPTOSUITE}.")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("The proof's purpose is not assertionMethod.")
    for name in ("verificationMethod", "proofValue", "created"):
        if not isinstance(proof.get(name), str):
            raise ProofError(f"The proof has no {name}.")


def verify(document, public_key, *, document_loader=None):
    """Check the proof of ``document`` against ``public_key``. Raises ProofError or CanonicalizationError."""
    proof = single_proof(document)
    check_proof_shape(proof)
    try:
        signature = keys.multibase_decode(proof["proofValue"])
    except ValueError as error:
        raise ProofError(f"The proof value is not readable: {error}.") from None
    if len(signature) != 64:
        raise ProofError("The proof value is not a 64-byte Ed25519 signature (truncated?).")
    unsecured = _without_proof(document)
    canonical.check_all_terms_defined(unsecured, document_loader)
    options = {key: value for key, value in proof.items() if key != "proofValue"}
    try:
        public_key.verify(signature, hash_data(unsecured, options, document_loader))
    except InvalidSignature:
        raise ProofError("The signature does not match: the credential was changed after it was signed.") from None
