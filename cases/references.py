"""What a case was filed about outside the support center (`Case.external_reference`).

A reference is "<prefix>:<value>", e.g. "customer-request:42". The app that owns the
prefix registers, in its `AppConfig.ready()`, how to name it and link to it, so the case
page shows the link without the cases app knowing that app (the arrows point one way).
An unregistered prefix is shown as the bare text.
"""

from collections.abc import Callable
from dataclasses import dataclass

MAX_LENGTH = 100


@dataclass(frozen=True)
class ReferenceKind:
    prefix: str
    # value → (label for people, URL or None); no query (the case page's count is fixed).
    describe: Callable[[str], tuple[str, str | None]]


@dataclass(frozen=True)
class Reference:
    label: str
    url: str | None


_kinds: dict[str, ReferenceKind] = {}


def register_reference_kind(kind: ReferenceKind) -> ReferenceKind:
    _kinds[kind.prefix] = kind
    return kind


def unregister_reference_kind(prefix: str) -> None:
    _kinds.pop(prefix, None)


def describe_reference(reference: str) -> Reference | None:
    if not reference:
        return None
    prefix, _sep, value = reference.partition(":")
    kind = _kinds.get(prefix)
    if kind is None:
        return Reference(label=reference, url=None)
    return Reference(*kind.describe(value))
