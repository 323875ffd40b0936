"""The credential lifecycle, stated once: what each action does and from which public status it is allowed.

The services carry the actions out; the admin and the management commands read
their labels, reasons and confirmations from here.
"""

from dataclasses import dataclass

from certification.models import Credential, CredentialEvent, Status


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    allowed_from: frozenset
    to_state: str | None  # None: the credential keeps its state (renewal supersedes it instead)
    event: str  # the CredentialEvent action recorded in the audit log
    done: str  # past tense, for messages: "suspended"
    reason_required: bool


TRANSITIONS = {
    transition.action: transition
    for transition in (
        Transition(
            action="suspend",
            label="Suspend",
            allowed_from=frozenset({Status.VALID, Status.EXPIRED, Status.SUPERSEDED}),
            to_state=Credential.State.SUSPENDED,
            event=CredentialEvent.Action.SUSPENDED,
            done="suspended",
            reason_required=True,
        ),
        Transition(
            action="renew",
            label="Renew",
            allowed_from=frozenset({Status.VALID, Status.EXPIRED}),
            to_state=None,
            event=CredentialEvent.Action.RENEWED,
            done="renewed",
            reason_required=False,
        ),
        Transition(
            action="reinstate",
            label="Reinstate",
            allowed_from=frozenset({Status.SUSPENDED}),
            to_state=Credential.State.ACTIVE,
            event=CredentialEvent.Action.REINSTATED,
            done="reinstated",
            reason_required=False,
        ),
        Transition(
            action="revoke",
            label="Revoke",
            allowed_from=frozenset({Status.VALID, Status.EXPIRED, Status.SUPERSEDED, Status.SUSPENDED}),
            to_state=Credential.State.REVOKED,
            event=CredentialEvent.Action.REVOKED,
            done="revoked",
            reason_required=True,
        ),
    )
}


def refusal(credential, action):
    """Why ``action`` cannot be done to ``credential`` now, or None if it can."""
    transition = TRANSITIONS[action]
    if credential.status in transition.allowed_from:
        return None
    if credential.status == Status.SUPERSEDED and Status.VALID in transition.allowed_from:
        return f"{credential.credential_id} has already been renewed."
    return f"{credential.credential_id} is {credential.get_state_display().lower()}; it cannot be {transition.done}."


def available_actions(credential):
    """The transitions allowed for ``credential`` now, in the order the admin shows them."""
    return [transition for transition in TRANSITIONS.values() if refusal(credential, transition.action) is None]
