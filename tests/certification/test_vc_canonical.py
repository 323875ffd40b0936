"""RDFC-1.0 canonical N-Quads: control characters escaped as other verifiers escape them; undefined terms refused."""

import pytest

from certification.vc import canonical

V2 = "https://www.w3.org/ns/credentials/v2"


def credential(name):
    return {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:example.com",
        "credentialSubject": {"name": name},
    }


def test_control_characters_are_escaped_as_rdfc_requires():
    # Expected output as written by jsonld.js 9 / rdf-canonize 5 (RDFC-1.0) for the same document.
    output = canonical.canonize(credential('A\x08B\x0cC\x01D\x7f"q\\ \tE\nF\rG'))
    assert output.splitlines()[-1] == r'_:c14n1 <https://schema.org/name> "A\bB\fC\u0001D\u007F\"q\\ \tE\nF\rG" .'
    assert output.endswith(" .\n")


def test_blank_node_labels_use_the_escaped_form():
    """Two subjects whose names differ only in a control character are still told apart and ordered stably."""
    document = credential("x")
    document["credentialSubject"] = [{"name": "a\x01"}, {"name": "a\x1f"}]
    first = canonical.canonize(document)
    document["credentialSubject"].reverse()
    assert canonical.canonize(document) == first
    assert r'"a\u0001"' in first
    assert r'"a\u001F"' in first


def test_plain_text_is_unchanged():
    output = canonical.canonize(credential("Zoë O'Brien, 李小龍 <b>"))
    assert '"Zoë O\'Brien, 李小龍 <b>"' in output


def test_undefined_terms_are_refused():
    document = credential("x")
    document["credentialSubject"]["favouriteColour"] = "blue"
    with pytest.raises(canonical.CanonicalizationError, match="favouriteColour"):
        canonical.check_all_terms_defined(document)
    canonical.check_all_terms_defined(credential("x"))


def test_unknown_contexts_are_never_fetched():
    document = credential("x")
    document["@context"] = [V2, "https://attacker.example/context.json"]
    with pytest.raises(canonical.CanonicalizationError, match="Unknown JSON-LD context"):
        canonical.canonize(document)
