"""Tablero del equipo (admin view for leads): the filters form, the selector
(cases/dashboard.py), and the charts drawn as SVG on the server (no script, no CDN),
each with its table for screen readers and for the exact numbers."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import Country, User

from ..dashboard import DashboardFilters, default_period, team_dashboard_cached
from ..models import Area, CaseRating

DASHBOARD_PERMISSION = "cases.view_team_dashboard"
MAX_DAYS = 92
CHART_WIDTH, CHART_HEIGHT = 720, 180


class DashboardFilterForm(forms.Form):
    # A browser's date picker reads and sends ISO dates.
    date_from = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    date_to = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.select_related("record_type").order_by("name"),
        required=False,
        empty_label=_("All"),
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=[("", _("All"))] + list(Country.choices), required=False
    )
    agent = forms.ModelChoiceField(
        label=_("Agent"),
        queryset=User.objects.filter(is_staff=True, seller__isnull=True).order_by("full_name"),
        required=False,
        empty_label=_("All"),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."), code="order")
        if start and end and (end - start).days >= MAX_DAYS:
            raise forms.ValidationError(
                _("Choose at most %(days)d days.") % {"days": MAX_DAYS}, code="too_long"
            )
        return cleaned


def day_chart(rows: list[dict]) -> dict:
    """Bars of created and resolved per day and the backlog's line, in SVG units."""
    if not rows:
        return {}
    top = max(max(r["created"], r["resolved"], r["backlog"]) for r in rows) or 1
    step = CHART_WIDTH / len(rows)
    bar = max(step / 2 - 1, 1)
    bars, points = [], []
    for i, row in enumerate(rows):
        x = i * step
        for offset, key in ((0, "created"), (bar, "resolved")):
            height = CHART_HEIGHT * row[key] / top
            bars.append(
                {
                    "x": round(x + offset, 1),
                    "y": round(CHART_HEIGHT - height, 1),
                    "w": round(bar, 1),
                    "h": round(height, 1),
                    "kind": key,
                    "title": f"{row['day']:%d-%m} · {row[key]}",
                }
            )
        points.append(
            f"{x + step / 2:.1f},{CHART_HEIGHT - CHART_HEIGHT * row['backlog'] / top:.1f}"
        )
    return {
        "bars": bars,
        "line": " ".join(points),
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "top": top,
    }


def bar_rows(rows: list[dict], value: str, maximum: float | None = None) -> list[dict]:
    """Horizontal bars: each row gets its width in percent of the largest (or `maximum`)."""
    top = maximum or max((row[value] or 0 for row in rows), default=0) or 1
    return [
        {**row, "pct_width": round(100 * (row[value] or 0) / top, 1), "y": 10 * i + 1}
        for i, row in enumerate(rows)
    ]


def changelist_url(**params) -> str:
    return reverse("admin:cases_case_changelist") + "?" + urlencode(params)


def _board_for(query) -> tuple[DashboardFilterForm, DashboardFilters | None]:
    """The filters form of a query string, and the filters it asks for (None: invalid)."""
    date_from, date_to = default_period(timezone.localdate())
    initial = {"date_from": date_from, "date_to": date_to}
    form = DashboardFilterForm(query or None, initial=initial)
    if form.is_bound and not form.is_valid():
        return form, None
    data = form.cleaned_data if form.is_bound else initial
    return form, DashboardFilters(
        date_from=data["date_from"],
        date_to=data["date_to"],
        area_id=data["area"].pk if data.get("area") else None,
        country=data.get("country") or "",
        agent_id=data["agent"].pk if data.get("agent") else None,
    )


def _area_names(rows: list[tuple[int, str]]) -> dict:
    """The areas of these (id, name) rows whose name another area shares, named with
    their record type ("Reclamo › Órdenes y despacho"): areas are named within their
    record type. Read only when a name repeats."""
    by_name: dict[str, set] = {}
    for pk, name in rows:
        by_name.setdefault(name, set()).add(pk)
    shared = [pk for ids in by_name.values() if len(ids) > 1 for pk in ids]
    if not shared:
        return {}
    return {
        area.pk: str(area)
        for area in Area.objects.filter(pk__in=shared).select_related("record_type")
    }


def team_dashboard_view(model_admin, request):
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    form, filters = _board_for(request.GET)
    board = None
    if filters is not None:
        board = team_dashboard_cached(filters)
        area_names = _area_names(
            [(row["area_id"], row["area_name"]) for row in board.backlog_by_area]
            + [(row["id"], row["name"]) for row in board.sla_by_area]
        )
        for row in board.backlog_by_area:
            row["name"] = area_names.get(row["area_id"], row["area_name"])
            row["url"] = changelist_url(area__id__exact=row["area_id"])
        for row in board.sla_by_area:
            row["name"] = area_names.get(row["id"], row["name"])
        countries = dict(Country.choices)
        for row in board.backlog_by_country:
            row["name"] = countries.get(row["seller__country"], row["seller__country"])
            row["url"] = changelist_url(seller__country=row["seller__country"])
        for row in board.ratings_by_cause:
            row["low_url"] = changelist_url(cause__id__exact=row["id"], rating="1")
    low_ratings = (
        CaseRating.objects.filter(score__lte=2)
        .exclude(comment="")
        .select_related("case", "case__assigned_to")
        .order_by("-created_at")[:20]
        if board
        else []
    )
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Team dashboard"),
        "opts": model_admin.model._meta,
        "form": form,
        "board": board,
        "day_chart": day_chart(board.per_day) if board else {},
        "backlog_by_area": bar_rows(board.backlog_by_area, "n") if board else [],
        "backlog_by_country": bar_rows(board.backlog_by_country, "n") if board else [],
        "sla_by_area": bar_rows(board.sla_by_area, "reply_pct", 100) if board else [],
        "sla_by_agent": bar_rows(board.sla_by_agent, "reply_pct", 100) if board else [],
        "resolution_by_cause": bar_rows(board.resolution_by_cause, "p90_h") if board else [],
        "ratings_by_agent": bar_rows(board.ratings_by_agent, "average", 5) if board else [],
        "ratings_by_cause": bar_rows(board.ratings_by_cause, "average", 5) if board else [],
        "recategorised_by_cause": bar_rows(board.recategorised_by_cause, "n") if board else [],
        "low_ratings": low_ratings,
        "refresh_minutes": settings.DASHBOARD_REFRESH_MINUTES,
    }
    return TemplateResponse(request, "admin/cases/team_dashboard.html", context)


@require_POST
def team_dashboard_refresh_view(request):
    """Actualizar ahora: the board of the filters the lead is looking at, computed now."""
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    # Only a query string, read by the filters form and put back on the dashboard's path.
    query = QueryDict(request.POST.get("filters", "").lstrip("?"))
    _form, filters = _board_for(query)
    if filters is not None:
        team_dashboard_cached(filters, recompute=True)
        messages.success(request, _("The dashboard was computed again."))
    back = reverse("admin:cases_case_team_dashboard")
    return HttpResponseRedirect(f"{back}?{query.urlencode()}" if query else back)
