"""Credential IDs: shape, tolerance, and detection of every single error and neighbour swap."""

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certification import ids
from certification.ids import MistypedCredentialId, new_credential_id, normalise_credential_id

TIERS = ["AS-F", "AS-O", "AS-A", "AS-P"]
SHAPE = re.compile(r"^AS[FOAP]-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")
# Every character someone could type in place of another (letters, digits, and look-alikes).
TYPABLE = string.ascii_uppercase + string.digits
SAMPLES = [new_credential_id(code) for code in TIERS for _ in range(5)] + [
    # Fixed samples including the tier letter O and runs of equal characters.
    "ASO-0000-0000-0000-" + ids.check_character("ASO000000000000"),
    "ASF-ZZZZ-ZZZZ-ZZZZ-" + ids.check_character("ASFZZZZZZZZZZZZ"),
]

tier_codes = st.sampled_from(TIERS)
random_parts = st.text(alphabet=ids.ALPHABET, min_size=12, max_size=12)


def make_id(code, random_part):
    body = f"AS{code[-1]}{random_part}"
    return ids.format_credential_id(body + ids.check_character(body))


def compact(credential_id):
    return credential_id.replace("-", "")


def accepted_as(text):
    try:
        return normalise_credential_id(text)
    except MistypedCredentialId:
        return None


def equivalent(a, b, position):
    """Characters the normaliser deliberately reads as the same thing at this position."""
    same = [{"1", "I", "L"}, {"0", "O"}]
    return a == b or any({a, b} <= group for group in same)


def assert_every_substitution_detected(credential_id):
    text = compact(credential_id)
    for position, original in enumerate(text):
        for replacement in TYPABLE:
            if equivalent(original, replacement, position):
                continue
            typo = text[:position] + replacement + text[position + 1 :]
            assert accepted_as(typo) is None, f"{typo} (from {credential_id}) was accepted"


def assert_every_neighbour_swap_detected(credential_id):
    text = compact(credential_id)
    for position in range(len(text) - 1):
        a, b = text[position], text[position + 1]
        if equivalent(a, b, position):
            continue
        typo = text[:position] + b + a + text[position + 2 :]
        assert accepted_as(typo) is None, f"{typo} (from {credential_id}) was accepted"


def test_new_id_has_the_documented_shape():
    for code in TIERS:
        credential_id = new_credential_id(code)
        assert SHAPE.match(credential_id), credential_id
        assert credential_id[2] == code[-1]
        assert normalise_credential_id(credential_id) == credential_id


def test_new_ids_are_random():
    assert len({new_credential_id("AS-F") for _ in range(2000)}) == 2000


def test_tier_letter_alone_is_accepted():
    assert new_credential_id("O").startswith("ASO-")


def test_unknown_tier_code_is_refused():
    with pytest.raises(ValueError):
        new_credential_id("AS-1")


@pytest.mark.parametrize("credential_id", SAMPLES)
def test_every_single_substitution_is_detected_exhaustively(credential_id):
    assert_every_substitution_detected(credential_id)


@pytest.mark.parametrize("credential_id", SAMPLES)
def test_every_neighbour_swap_is_detected_exhaustively(credential_id):
    assert_every_neighbour_swap_detected(credential_id)


@settings(max_examples=200, deadline=None)
@given(tier_codes, random_parts)
def test_substitutions_detected_for_any_id(code, random_part):
    assert_every_substitution_detected(make_id(code, random_part))


@settings(max_examples=300, deadline=None)
@given(tier_codes, random_parts)
def test_neighbour_swaps_detected_for_any_id(code, random_part):
    assert_every_neighbour_swap_detected(make_id(code, random_part))


@settings(max_examples=300, deadline=None)
@given(tier_codes, random_parts, st.data())
def test_loose_input_normalises_to_the_canonical_form(code, random_part, data):
    canonical = make_id(code, random_part)
    text = compact(canonical)
    # Tier letter O may be typed as zero; later characters may use look-alikes.
    loose = []
    for position, char in enumerate(text):
        options = [char, char.lower()]
        if position == 2 and char == "O":
            options += ["0"]
        if position > 2 and char == "1":
            options += ["I", "i", "L", "l"]
        if position > 2 and char == "0":
            options += ["O", "o"]
        loose.append(data.draw(st.sampled_from(options)))
        if data.draw(st.booleans()):
            loose.append(data.draw(st.sampled_from([" ", "-", "  ", "\u2013"])))
    typed = data.draw(st.sampled_from(["", " ", "\t"])) + "".join(loose) + data.draw(st.sampled_from(["", " \n"]))
    assert normalise_credential_id(typed) == canonical


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_never_crashes(text):
    try:
        result = normalise_credential_id(text)
    except MistypedCredentialId as error:
        assert error.reason
    else:
        assert normalise_credential_id(result) == result
        assert len(result) == 20


@pytest.mark.parametrize(
    "text",
    ["", "   ", "ASF", "XSF-7K3M-Q9XD-2PWT-R", "ASF-7K3M-Q9XD-2PWT", "ASF-7K3M-Q9XD-2PWT-RR", "AS1-7K3M-Q9XD-2PWT-R"],
)
def test_malformed_text_is_mistyped(text):
    with pytest.raises(MistypedCredentialId):
        normalise_credential_id(text)


def test_mistyped_is_a_value_error_with_a_reason():
    with pytest.raises(ValueError) as info:
        normalise_credential_id("ASF-UUUU-UUUU-UUUU-U")
    assert "U" in info.value.reason
