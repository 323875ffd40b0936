"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, with N-Quads escaped as RDFC-1.0 requires.

PyLD implements the algorithm (it calls it ``URDNA2015``, and its default is
the older ``URGNA2012``), but its N-Quads writer escapes only ``\\``, tab, line
feed, carriage return and ``"``. Canonical N-Quads (RDFC-1.0, as Digital
Bazaar's rdf-canonize writes them) also escape backspace and form feed as
``\\b`` and ``\\f`` and every other control character and DEL as ``\\uXXXX``.
A name or narrative holding one of those would otherwise canonize
differently here than in other verifiers, and the signature would fail there.

The fix works on PyLD's public output only: each serialized quad is
re-escaped (:func:`fix_nquad`) both where the algorithm hashes quads to name
blank nodes (:meth:`Rdfc10.hash_nquads`) and in the final output, which is
then sorted again.

PyLD also silently drops JSON properties that no context defines, so they
would go unsigned. :func:`check_all_terms_defined` rejects such documents.
"""

import re

from pyld import jsonld
from pyld.canon import URDNA2015

from certification.vc import contexts

NQUADS = "application/n-quads"

# One quad as PyLD writes it: subject, predicate, object, optional graph.
_QUAD = re.compile(
    r'^(?P<s><[^>]*>|_:\S+) (?P<p><[^>]*>) (?P<o><[^>]*>|_:\S+|"(?P<lit>(?:[^"\\]|\\.)*)"(?P<tail>\S*))'
    r"(?P<g> <[^>]*>| _:\S+)? \.\n?$",
    re.DOTALL,
)
_LITERAL_RAW = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_IRI_RAW = re.compile(r'[\x00-\x20"{}|^`\\]')
_ECHAR = {"\b": "\\b", "\f": "\\f"}


class CanonicalizationError(Exception):
    """The document cannot be turned into a canonical RDF dataset (bad JSON-LD, unknown context)."""


# What PyLD may raise on hostile input besides its own errors (deep nesting, values of the wrong type).
_MALFORMED = (jsonld.JsonLdError, RecursionError, TypeError, KeyError, AttributeError, ValueError, IndexError)


def _uchar(char):
    return f"\\u{ord(char):04X}"


def escape_literal_controls(text):
    """Escape the control characters PyLD leaves raw in a literal (``text`` is PyLD-escaped already)."""
    return _LITERAL_RAW.sub(lambda m: _ECHAR.get(m.group(), _uchar(m.group())), text)


def _fix_iri(term):
    if term.startswith("<"):
        return "<" + _IRI_RAW.sub(lambda m: _uchar(m.group()), term[1:-1]) + ">"
    return term


def fix_nquad(line):
    """One N-Quad as PyLD serialised it, escaped as canonical N-Quads require."""
    if not _LITERAL_RAW.search(line) and not re.search(r'<[^>]*[\x00-\x20"{}|^`\\][^>]*>', line):
        return line
    match = _QUAD.match(line)
    if match is None:  # not a quad PyLD would write: leave it
        return line
    subject, predicate, graph = _fix_iri(match["s"]), _fix_iri(match["p"]), match["g"] or ""
    if match["lit"] is not None:
        tail = match["tail"]
        if tail.startswith("^^"):
            tail = "^^" + _fix_iri(tail[2:])
        obj = '"' + escape_literal_controls(match["lit"]) + '"' + tail
    else:
        obj = _fix_iri(match["o"])
    if graph:
        graph = " " + _fix_iri(graph.strip())
    return f"{subject} {predicate} {obj}{graph} .\n"


class Rdfc10(URDNA2015):
    """PyLD's URDNA2015 (which is RDFC-1.0 with SHA-256), hashing correctly escaped quads."""

    def hash_nquads(self, nquads):
        return super().hash_nquads(sorted(fix_nquad(line) for line in nquads))


def _options(document_loader):
    return {"documentLoader": document_loader or contexts.loader(), "base": None}


def to_dataset(document, document_loader=None):
    try:
        return jsonld.to_rdf(document, _options(document_loader))
    except _MALFORMED as error:
        raise CanonicalizationError(_describe(error)) from error


def _describe(error):
    cause = error
    while cause is not None:
        if isinstance(cause, contexts.UnknownContext):
            return str(cause)
        cause = cause.__cause__ or cause.__context__ or getattr(cause, "cause", None)
    if isinstance(error, RecursionError):
        return "Not valid JSON-LD: the document is nested too deeply."
    first_line = (str(error).splitlines() or [""])[0][:200]
    return f"Not valid JSON-LD: {error.__class__.__name__} {first_line}".strip()


def canonize(document, document_loader=None):
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document, as one string."""
    dataset = to_dataset(document, document_loader)
    output = Rdfc10().main(dataset, {"format": NQUADS})
    # Split on line feeds only: str.splitlines() would also split on the raw form feeds being fixed.
    return "".join(sorted(fix_nquad(line + "\n") for line in output.split("\n") if line))


# Safe mode: every property and type must be defined by a context -----------


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _normalise(value):
    """JSON for comparison: one-item lists and their item are the same; key order does not matter."""
    if isinstance(value, dict):
        return {key: _normalise(item) for key, item in value.items() if key != "@context"}
    if isinstance(value, list):
        items = [_normalise(item) for item in value]
        return items[0] if len(items) == 1 else items
    return value


def check_all_terms_defined(document, document_loader=None):
    """Raise CanonicalizationError if JSON-LD processing would drop or reinterpret any part of ``document``.

    The document is expanded and compacted again with its own context: a
    property no context defines is dropped by expansion, so the round trip
    no longer matches the original.
    """
    options = _options(document_loader)
    try:
        expanded = jsonld.expand(document, options)
        compacted = jsonld.compact(expanded, {"@context": document.get("@context")}, options)
        same = _normalise(compacted) == _normalise(document)
    except _MALFORMED as error:
        raise CanonicalizationError(_describe(error)) from error
    if not same:
        missing = _first_difference(_normalise(document), _normalise(compacted))
        raise CanonicalizationError(f"Terms not defined by the document's contexts: {missing}.")


def _first_difference(original, roundtrip, path="$"):
    if isinstance(original, dict) and isinstance(roundtrip, dict):
        for key, value in original.items():
            if key not in roundtrip:
                return f"{path}.{key}"
            found = _first_difference(value, roundtrip[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(original, list) and isinstance(roundtrip, list) and len(original) == len(roundtrip):
        for index, (a, b) in enumerate(zip(original, roundtrip, strict=True)):
            found = _first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if original == roundtrip else path
