"""CREAR CASO started from elsewhere, already filled in (e.g. "Escalar a soporte" on a
customer request): what the wizard's "datos" step starts with, and what the case will be
linked to (cases/references.py).

The caller stashes it in the user's session and sends the seller to the wizard with
`?reset=1`; the wizard takes it then (once) into its own storage. Only server code puts
it there, after checking the seller may link that reference.
"""

from dataclasses import asdict, dataclass, field

from django.urls import reverse

SESSION_KEY = "cases:wizard_prefill"


@dataclass(frozen=True)
class CasePrefill:
    subject: str = ""
    description: str = ""
    # Answers to the cause's fields, by field key (e.g. "order_number"), when it asks them.
    answers: dict[str, str] = field(default_factory=dict)
    reference: str = ""

    @classmethod
    def from_dict(cls, data: dict | None) -> "CasePrefill | None":
        if not data:
            return None
        known = ("subject", "description", "answers", "reference")
        return cls(**{key: data[key] for key in known if key in data})


def prefill_stash(session, prefill: CasePrefill) -> str:
    """Keep it for the wizard; returns where to send the seller."""
    session[SESSION_KEY] = asdict(prefill)
    return f"{reverse('cases:create')}?reset=1"


def prefill_take(session) -> CasePrefill | None:
    return CasePrefill.from_dict(session.pop(SESSION_KEY, None))
