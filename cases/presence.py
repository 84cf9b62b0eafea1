"""Who has a case page open: each agent's page sends a heartbeat (static/cases/presence.js,
every PRESENCE_HEARTBEAT_SECONDS) and the case page and the heartbeat's answer name the
other agents seen within PRESENCE_TTL_SECONDS.

Kept in the shared cache (Redis in production, CACHE_URL), one entry per case holding
{agent id: name, since, seen}, which expires by itself when nobody looks at the case. Two
heartbeats at the same instant may overwrite each other's line: the next one (seconds
later) writes it back, which is as exact as a presence notice needs."""

from datetime import UTC, datetime

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

PRESENCE_TTL_SECONDS = 45
PRESENCE_HEARTBEAT_SECONDS = 15


def _key(case_id: int) -> str:
    return f"case-presence:{case_id}"


def presence_touch(*, case_id: int, agent, now: datetime | None = None) -> list[dict]:
    """Record that `agent` has the case open; return the others who have it open
    ({"name", "since"}), longest first."""
    now = now or timezone.now()
    stamp = now.timestamp()
    viewers = {
        agent_id: entry
        for agent_id, entry in (cache.get(_key(case_id)) or {}).items()
        if stamp - entry["seen"] <= PRESENCE_TTL_SECONDS
    }
    mine = viewers.get(agent.pk)
    viewers[agent.pk] = {
        "name": agent.get_full_name() or str(agent),
        "since": mine["since"] if mine else stamp,
        "seen": stamp,
    }
    cache.set(_key(case_id), viewers, PRESENCE_TTL_SECONDS)
    others = sorted(
        (entry for agent_id, entry in viewers.items() if agent_id != agent.pk),
        key=lambda entry: entry["since"],
    )
    return [
        {"name": entry["name"], "since": datetime.fromtimestamp(entry["since"], tz=UTC)}
        for entry in others
    ]


def presence_leave(*, case_id: int, agent) -> None:
    viewers = cache.get(_key(case_id)) or {}
    if viewers.pop(agent.pk, None) is not None:
        cache.set(_key(case_id), viewers, PRESENCE_TTL_SECONDS)


def presence_text(others: list[dict]) -> str:
    """ "Otro agente está viendo este caso: Ana (desde las 10:05)", or ""."""
    if not others:
        return ""
    names = ", ".join(
        _("%(name)s (since %(time)s)")
        % {"name": other["name"], "time": timezone.localtime(other["since"]).strftime("%H:%M")}
        for other in others
    )
    return _("Another agent is viewing this case: %(names)s") % {"names": names}
