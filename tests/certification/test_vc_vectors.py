"""The official eddsa-rdfc-2022 test vectors, reproduced byte for byte by certification.vc.

W3C ``vc-di-eddsa`` TestVectors (the alumni credential and the employment
authorization document) and the signed credential of the 1EdTech Open Badges
3.0 implementation guide. Sources and SHA-256 in ``vectors/README.md``.
"""

import hashlib
import json
from pathlib import Path

import pytest

from certification.vc import canonical, contexts, keys, proofs

VECTORS = Path(__file__).resolve().parent / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
OB = VECTORS / "1edtech-ob-v3p0"


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def vector_loader():
    """Pinned site contexts plus the two example contexts the W3C vectors use."""
    return contexts.loader(
        {
            "https://www.w3.org/ns/credentials/examples/v2": read_json(
                VECTORS / "contexts" / "credentials-examples-v2.jsonld"
            ),
            "https://w3id.org/citizenship/v4rc1": read_json(VECTORS / "contexts" / "citizenship-v4rc1.jsonld"),
        }
    )


def w3c_private_key():
    pair = read_json(W3C / "keyPair.json")
    secret = keys.multibase_decode(pair["privateKeyMultibase"])
    assert secret[:2] == keys.ED25519_PRIV_PREFIX
    return keys.private_key_from_seed(secret[2:])


def test_the_vector_files_are_the_pinned_ones():
    listed = {}
    for line in (VECTORS / "README.md").read_text().splitlines():
        if line.startswith("| `") and line.count("|") >= 3:
            name, digest = (cell.strip().strip("`") for cell in line.strip("|").split("|")[:2])
            listed[name] = digest
    files = sorted(p for p in VECTORS.rglob("*") if p.is_file() and p.name != "README.md")
    assert {str(p.relative_to(VECTORS)) for p in files} == set(listed)
    for path in files:
        assert hashlib.sha256(path.read_bytes()).hexdigest() == listed[str(path.relative_to(VECTORS))], path


def test_w3c_key_pair_gives_the_published_multikey():
    public = w3c_private_key().public_key()
    assert keys.public_key_multibase(public) == read_json(W3C / "keyPair.json")["publicKeyMultibase"]


@pytest.mark.parametrize("folder", [W3C, W3C / "employ"], ids=["alumni", "employment"])
def test_w3c_eddsa_rdfc_2022_vectors(folder):
    loader = vector_loader()
    signed = read_json(folder / "signedDataInt.json")
    proof_config = read_json(folder / "proofConfigDataInt.json")
    unsecured = {key: value for key, value in signed.items() if key != "proof"}

    canon_doc = canonical.canonize(unsecured, loader)
    canon_proof = canonical.canonize(proof_config, loader)
    assert canon_doc == (folder / "canonDocDataInt.txt").read_text(encoding="utf-8")
    assert canon_proof == (folder / "proofCanonDataInt.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(canon_doc.encode()).hexdigest() == (folder / "docHashDataInt.txt").read_text().strip()
    assert hashlib.sha256(canon_proof.encode()).hexdigest() == (folder / "proofHashDataInt.txt").read_text().strip()

    options = {key: value for key, value in proof_config.items() if key != "@context"}
    data = proofs.hash_data(unsecured, options, loader)
    assert data.hex() == (folder / "combinedHashDataInt.txt").read_text().strip()

    resigned = proofs.sign(
        unsecured,
        w3c_private_key(),
        options["verificationMethod"],
        options["created"],
        document_loader=loader,
        proof_array=False,
    )
    signature = keys.multibase_decode(resigned["proof"]["proofValue"])
    assert signature.hex() == (folder / "sigHexDataInt.txt").read_text().strip()
    assert resigned["proof"]["proofValue"] == (folder / "sigBTC58DataInt.txt").read_text().strip()
    assert resigned == signed

    proofs.verify(signed, w3c_private_key().public_key(), document_loader=loader)


def test_1edtech_open_badges_vector():
    expected = read_json(OB / "expected.json")
    signed = read_json(OB / "signed-credential.json")
    unsecured = {key: value for key, value in signed.items() if key != "proof"}
    options = {key: value for key, value in signed["proof"].items() if key != "proofValue"}

    canon_doc = canonical.canonize(unsecured)
    canon_proof = canonical.canonize({**options, "@context": signed["@context"]})
    assert canon_doc == (OB / "document-canon.txt").read_text(encoding="utf-8")
    assert canon_proof == (OB / "proof-canon.txt").read_text(encoding="utf-8")
    assert hashlib.sha256(canon_doc.encode()).hexdigest() == expected["documentHashHex"]
    assert hashlib.sha256(canon_proof.encode()).hexdigest() == expected["proofHashHex"]
    assert proofs.hash_data(unsecured, options).hex() == expected["dataToSignHex"]

    private_key = keys.private_key_from_seed(bytes.fromhex(expected["privateKeyHex"])[:32])
    assert keys.public_key_multibase(private_key.public_key()) == expected["publicKeyMultibase"]
    resigned = proofs.sign(
        unsecured, private_key, options["verificationMethod"], options["created"], proof_array=False
    )
    assert keys.multibase_decode(resigned["proof"]["proofValue"]).hex() == expected["signatureHex"]
    assert resigned["proof"]["proofValue"] == expected["proofValue"]
    proofs.verify(signed, keys.public_key_from_multibase(expected["publicKeyMultibase"]))


def test_a_changed_character_breaks_the_w3c_vector():
    signed = read_json(W3C / "signedDataInt.json")
    signed["name"] = "Alumni Credentiel"
    with pytest.raises(proofs.ProofError):
        proofs.verify(signed, w3c_private_key().public_key(), document_loader=vector_loader())
