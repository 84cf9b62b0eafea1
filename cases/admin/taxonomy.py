"""Taxonomy admin: agents configure record types, areas, causes and their fields."""

from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..eta.calibration import Calibration, cause_calibration
from ..models import Area, CaseField, CaseFieldCountry, Cause, RecordType
from ..selectors.eta import business_day_seconds, cause_resolution_stats
from ..triage.admin import ExamplePhraseInline
from .taxonomy_forms import CaseFieldForm, CaseFieldFormSet


@admin.action(description=_("Activate selected"))
def activate(modeladmin, request, queryset):
    count = queryset.update(is_active=True)
    modeladmin.message_user(
        request, ngettext("%(n)d activated.", "%(n)d activated.", count) % {"n": count}
    )


@admin.action(description=_("Deactivate selected (existing cases keep them)"))
def deactivate(modeladmin, request, queryset):
    count = queryset.update(is_active=False)
    modeladmin.message_user(
        request, ngettext("%(n)d deactivated.", "%(n)d deactivated.", count) % {"n": count}
    )


class TaxonomyAdmin(admin.ModelAdmin):
    actions = [activate, deactivate]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "description"]

    def has_delete_permission(self, request, obj=None):
        # Deactivate instead: cases keep pointing at what they were filed under.
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class AreaInline(admin.TabularInline):
    model = Area
    fields = ["name", "description", "order", "is_active"]
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(RecordType)
class RecordTypeAdmin(TaxonomyAdmin):
    list_display = ["name", "order", "is_active", "area_count"]
    list_filter = ["is_active"]
    inlines = [AreaInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(area_count=Count("areas"))

    @admin.display(description=_("areas"), ordering="area_count")
    def area_count(self, obj):
        return obj.area_count


class CauseInline(admin.TabularInline):
    model = Cause
    fields = ["name", "target_value", "target_unit", "default_priority", "order", "is_active"]
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(Area)
class AreaAdmin(TaxonomyAdmin):
    list_display = ["name", "record_type", "order", "is_active", "cause_count"]
    list_filter = ["record_type", "is_active"]
    list_select_related = ["record_type"]
    inlines = [CauseInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cause_count=Count("causes"))

    @admin.display(description=_("causes"), ordering="cause_count")
    def cause_count(self, obj):
        return obj.cause_count


class CaseFieldInline(admin.StackedInline):
    model = CaseField
    form = CaseFieldForm
    formset = CaseFieldFormSet
    extra = 0
    show_change_link = True  # its page holds what differs by country
    fieldsets = [
        (None, {"fields": [("label", "key", "field_type"), ("required", "is_active", "order")]}),
        (None, {"fields": ["help_text", "options"]}),
        (
            _("Validation"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("min_value", "max_value", "max_length"),
                    ("date_days_past", "date_days_ahead"),
                    ("pattern", "pattern_message"),
                ],
            },
        ),
    ]


@admin.register(Cause)
class CauseAdmin(TaxonomyAdmin):
    list_display = [
        "name",
        "area",
        "target",
        "default_priority",
        "order",
        "is_active",
        "field_count",
    ]
    list_filter = ["area__record_type", "area", "is_active", "default_priority"]
    list_select_related = ["area__record_type"]
    search_fields = ["name", "description", "seller_help", "area__name"]
    fieldsets = [
        (None, {"fields": ["area", "name", "description", "order", "is_active"]}),
        (_("For the seller"), {"fields": ["seller_help", "subject_example"]}),
        (_("Resolution"), {"fields": [("target_value", "target_unit"), "default_priority"]}),
    ]
    inlines = [CaseFieldInline, ExamplePhraseInline]
    readonly_fields = ["resolution_times"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(field_count=Count("fields"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:  # A new cause has no cases yet.
            return fieldsets
        return [*fieldsets, (_("Resolution times"), {"fields": ["resolution_times"]})]

    @admin.display(description=_("target"), ordering="target_value")
    def target(self, obj):
        return obj.target_display

    @admin.display(description=_("fields"), ordering="field_count")
    def field_count(self, obj):
        return obj.field_count

    @admin.display(description=_("resolved cases"))
    def resolution_times(self, obj):
        stats = cause_resolution_stats(cause=obj)
        if stats["is_learned"]:
            estimate = _(
                "learned: the time by which %(pct)d%% of its recent cases are resolved "
                "(a fitted lognormal's prediction bound, open cases counted as still running)"
            ) % {"pct": stats["percentile"]}
        else:
            estimate = _("the target (fewer than %(n)d resolved cases to learn from)") % {
                "n": stats["min_samples"]
            }
        if stats["on_time_total"]:
            on_time = _("%(share)s%% (%(count)d of %(total)d)") % {
                "share": round(100 * stats["on_time_share"]),
                "count": stats["on_time_count"],
                "total": stats["on_time_total"],
            }
        else:
            on_time = "—"
        rows = [
            (_("Current target"), self.target(obj)),
            (
                _("Resolved in the last %(days)d days") % {"days": stats["window_days"]},
                stats["sample_size"],
            ),
            (_("Median"), _business_duration(stats["median_seconds"])),
            (
                _("%(pct)dth percentile") % {"pct": stats["percentile"]},
                _business_duration(stats["p90_seconds"]),
            ),
            (_("Resolved by the estimate shown at creation"), on_time),
            (_("Estimate for new cases"), estimate),
        ]
        calibration = cause_calibration(cause=obj, now=timezone.now())
        rows += [
            (
                _("Resolved by the estimate first shown, last %(days)d days (waits credited)")
                % {"days": calibration.days},
                _share_of(calibration.kept, calibration.cases),
            ),
            (
                _("Estimate first shown (median) / real time (median)"),
                f"{_business_duration(calibration.median_promised)} / "
                f"{_business_duration(calibration.median_taken)}",
            ),
            (_("Promised against kept"), _reliability_chart(calibration)),
        ]
        return format_html(
            '<table class="resolution-times">{}</table>',
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )


def _share_of(count: int, total: int) -> str:
    if not total:
        return "—"
    return _("%(share)s%% (%(count)d of %(total)d)") % {
        "share": round(100 * count / total),
        "count": count,
        "total": total,
    }


def _bin_label(low: float, high: float | None) -> str:
    if high is None:
        return _("over %(low)s business days") % {"low": number_format(low)}
    return _("%(low)s to %(high)s business days") % {
        "low": number_format(low),
        "high": number_format(high),
    }


def _reliability_chart(calibration: Calibration):
    """Bars of the share kept for each length of promise, against the 90 % line; the
    same figures in a table for screen readers and for copying."""
    width, height, bar = 240, 80, 40
    bars = []
    for index, group in enumerate(calibration.bins):
        if group.share is None:
            continue
        top = height - round(group.share * height)
        bars.append((index * bar + 4, top, bar - 8, height - top))
    line = height - round(0.9 * height)
    svg = format_html(
        '<svg class="reliability" width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true">'
        '<rect x="0" y="0" width="{}" height="{}" fill="none" stroke="#ccc"/>{}'
        '<line x1="0" x2="{}" y1="{}" y2="{}" stroke="#b00" stroke-dasharray="4 2"/></svg>',
        width,
        height,
        width,
        height,
        width,
        height,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#417690"/>',
            bars,
        ),
        width,
        line,
        line,
    )
    rows = [
        (_bin_label(g.low_days, g.high_days), _share_of(g.kept, g.cases))
        for g in calibration.bins
        if g.cases
    ]
    return format_html(
        '{}<table class="reliability-table"><tr><th>{}</th><th>{}</th></tr>{}</table>',
        svg,
        _("Promised"),
        _("Kept"),
        format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", rows),
    )


def _business_duration(seconds: int | None) -> str:
    """Business time in words: hours below one working day, else days and hours."""
    if seconds is None:
        return "—"
    hours = _in_units(seconds / 3600, "hours")
    day = business_day_seconds()
    if seconds < day:
        return hours
    return f"{_in_units(seconds / day, 'days')} ({hours})"


def _in_units(value: float, unit: str) -> str:
    """ "1 día hábil", "1,5 días hábiles": one decimal, none when it is a whole number."""
    value = round(value, 1)
    shown = number_format(value, 0 if value == int(value) else 1)
    count = 1 if value == 1 else 2
    if unit == "hours":
        text = ngettext("%(n)s business hour", "%(n)s business hours", count)
    else:
        text = ngettext("%(n)s business day", "%(n)s business days", count)
    return text % {"n": shown}


class CaseFieldCountryInline(admin.TabularInline):
    model = CaseFieldCountry
    fields = ["country", "options", "currency"]
    extra = 0


@admin.register(CaseField)
class CaseFieldAdmin(admin.ModelAdmin):
    """A cause's field on its own page: what sellers of each country see of it."""

    form = CaseFieldForm
    list_display = ["label", "key", "field_type", "cause", "required", "is_active"]
    list_filter = ["field_type", "is_active", "cause__area__record_type"]
    list_select_related = ["cause__area__record_type"]
    search_fields = ["label", "key", "cause__name"]
    fieldsets = [
        (None, {"fields": ["cause", ("label", "key", "field_type"), ("required", "is_active")]}),
        (None, {"fields": ["help_text", "options"]}),
        CaseFieldInline.fieldsets[2],
    ]
    inlines = [CaseFieldCountryInline]

    def get_model_perms(self, request):
        return {}  # reached from its cause's page, not from the admin's index
