"""Tablero del equipo (admin view for leads): the filters form, the selector
(cases/dashboard.py), and the charts drawn as SVG on the server (no script, no CDN),
each with its table for screen readers and for the exact numbers."""

from datetime import timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, User

from ..dashboard import DashboardFilters, team_dashboard
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


def team_dashboard_view(model_admin, request):
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    today = timezone.localdate()
    initial = {"date_from": today - timedelta(days=29), "date_to": today}
    form = DashboardFilterForm(request.GET or None, initial=initial)
    board = None
    data = form.cleaned_data if form.is_bound and form.is_valid() else None
    if data or not form.is_bound:
        data = data or initial
        filters = DashboardFilters(
            date_from=data["date_from"],
            date_to=data["date_to"],
            area_id=data["area"].pk if data.get("area") else None,
            country=data.get("country") or "",
            agent_id=data["agent"].pk if data.get("agent") else None,
        )
        board = team_dashboard(filters)
        for row in board.backlog_by_area:
            row["url"] = changelist_url(area__id__exact=row["area_id"])
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
    }
    return TemplateResponse(request, "admin/cases/team_dashboard.html", context)
