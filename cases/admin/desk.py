"""The agents' desk: the admin's start page shows each queue with its count, each a link
to the case list filtered to it (cases/desk.py holds the queues)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from ..desk import QUEUE_PARAM, SCOPE_ALL, SCOPE_PARAM, agent_scope, desk_counts
from ..models import AgentScope
from .dashboard import DASHBOARD_PERMISSION


def desk_panel(request: HttpRequest) -> str:
    user = request.user
    if not user.has_perm("cases.view_case"):
        return ""
    show_all = request.GET.get(SCOPE_PARAM) == SCOPE_ALL
    scope = None if show_all else agent_scope(user)
    counts = desk_counts(user=user, scope=scope)
    changelist = reverse("admin:cases_case_changelist")
    queues = []
    for entry in counts:
        params = {QUEUE_PARAM: entry.queue.slug}
        if show_all:
            params[SCOPE_PARAM] = SCOPE_ALL
        queues.append({"entry": entry, "url": f"{changelist}?{urlencode(params)}"})
    return render_to_string(
        "admin/cases/desk.html",
        {
            "queues": queues,
            "show_all": show_all,
            "scope_is_everything": scope is None or scope.is_everything,
            "scope_url": reverse("admin:cases_agentscope_changelist")
            if user.has_perm(f"cases.view_{AgentScope._meta.model_name}")
            else "",
            "scope_all_url": "?" + urlencode({SCOPE_PARAM: SCOPE_ALL}),
            "preferences_url": reverse("notifications:preferences"),
            "dashboard_url": reverse("admin:cases_case_team_dashboard")
            if user.has_perm(DASHBOARD_PERMISSION)
            else "",
        },
        request=request,
    )
