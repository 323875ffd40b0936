"""Open Badges 3.0 verifiable credentials: contexts, canonical form, proofs, status lists, DID, baking.

Each module has one job; the writes that touch the registry live in ``documents.py``.
"""
