"""The agents' case desk. Every change goes through the services (cases/services): the
plain fields (priority, assignee) through save_model, each other action through its own
view (cases/admin/case_actions.py)."""

import copy
from functools import partial

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.time_zones import seller_zone

from ..clocks import time_left_text
from ..desk import QUEUE_PARAM, QUEUES_BY_SLUG, agent_case_page
from ..eta.display import business_days_left
from ..files.downloads import attachment_response
from ..history import latest_change_id
from ..models import Attachment, Case, CaseRating
from ..policies import status_change_error
from ..presence import PRESENCE_HEARTBEAT_SECONDS, presence_text, presence_touch
from ..quick_replies import quick_reply_choices
from ..search import agent_matching
from ..services.cases import case_assign, case_set_priority
from ..status import WaitingOn
from ..taxonomy.fields import answer_display
from .actions import assign_to, assign_to_me, close, reopen, resolve
from .case_actions import CASE_ACTION_VIEWS
from .change_cause import CaseChangeCauseView
from .dashboard import team_dashboard_refresh_view, team_dashboard_view
from .filters import (
    AreaFilter,
    AssigneeFilter,
    CauseFilter,
    EstimatedCountPaginator,
    OpenTasksFilter,
    OverdueFilter,
    QueueFilter,
    RatingFilter,
    ScopeFilter,
)
from .forms import (
    STATUS_BUTTONS,
    CaseAdminForm,
    InternalNoteForm,
    QuickReplyPickForm,
    ReplyBoxForm,
)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    form = CaseAdminForm
    change_form_template = "admin/cases/case/change_form.html"
    # Readable at 1366 px: short columns, the subject and reason cut with their full text
    # on hover (cases/case_admin.css).
    list_display = [
        "number",
        "subject_display",
        "seller_display",
        "cause_display",
        "status_badge",
        "waiting_on_display",
        "assigned_to",
        "last_activity_display",
        "time_left_display",
    ]
    list_filter = [
        QueueFilter,
        ScopeFilter,
        "status",
        AssigneeFilter,
        OpenTasksFilter,
        OverdueFilter,
        RatingFilter,
        "priority",
        "record_type",
        ("area", AreaFilter),
        ("cause", CauseFilter),
        "seller__country",
    ]
    list_select_related = ["seller", "assigned_to", "last_activity_by", "rating"]
    # The box is there because of search_fields; get_search_results does the search.
    search_fields = ["number"]
    search_help_text = _(
        "A case number, a seller's name or code, or words of the subject and answers."
    )
    actions = [assign_to_me, assign_to, resolve, close, reopen]
    list_per_page = 25
    # The queue's length: estimated when unfiltered, and never counted a second time
    # ("N of M" would count the whole table again on every filtered page).
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    readonly_fields = [
        "number",
        "seller",
        "created_by",
        "reason_display",
        "subject",
        "description",
        "external_reference",
        "answers_display",
        "status_badge",
        "waiting_on_display",
        "time_left_display",
        "response_breaches",
        "created_at",
        "updated_at",
        "first_response_at",
        "resolved_at",
        "closed_at",
        "eta_display",
        "rating_display",
    ]
    fieldsets = [
        (
            _("Case"),
            {
                "fields": [
                    "number",
                    "seller",
                    "created_by",
                    "reason_display",
                    "subject",
                    "description",
                    "external_reference",
                ]
            },
        ),
        (_("The seller's answers"), {"fields": ["answers_display"]}),
        (
            _("Handling"),
            {
                "fields": [
                    "status_badge",
                    "waiting_on_display",
                    "time_left_display",
                    "response_breaches",
                    "priority",
                    "assigned_to",
                    "eta_display",
                    "rating_display",
                ]
            },
        ),
        (
            _("Times"),
            {
                "classes": ["collapse"],
                "fields": [
                    "created_at",
                    "updated_at",
                    "first_response_at",
                    "resolved_at",
                    "closed_at",
                ],
            },
        ),
    ]

    # --- permissions: cases come from sellers and are never deleted -------------------
    def has_add_permission(self, request):
        return False

    class Media:
        # The case desk's styles: a file, as the Content-Security-Policy wants.
        css = {"all": ["cases/case_admin.css"]}
        js = ["cases/quick-replies.js", "cases/presence.js"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resolve_permission(self, request):
        return request.user.has_perm("cases.resolve_case")

    def has_change_status_permission(self, request):
        return request.user.has_perm("cases.change_case_status")

    # --- list ------------------------------------------------------------------------
    def get_ordering(self, request):
        queue = QUEUES_BY_SLUG.get(request.GET.get(QUEUE_PARAM, ""))
        return list(queue.ordering) if queue else super().get_ordering(request)

    def changelist_view(self, request, extra_context=None):
        # Readable at 1366 px without scrolling sideways: the list takes the width of the
        # admin's app menu (the desk and the breadcrumbs lead everywhere it did).
        extra_context = {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra_context)

    def action_checkbox(self, obj):
        # Django's box, written at once: its widget template, rendered 25 times a page, was
        # a tenth of a queue's time. The same markup (admin/js/actions.js reads the class).
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(_("Select this object for an action - {}"), str(obj)),
        )

    def get_search_results(self, request, queryset, search_term):
        # Each kind of search from an index (cases/search.py), never a scan of every case.
        return agent_matching(queryset, search_term), False

    @admin.display(description=_("subject"), ordering="subject")
    def subject_display(self, obj):
        return format_html(
            '<span class="case-subject" title="{}">{}</span>',
            obj.subject,
            Truncator(obj.subject).chars(60),
        )

    @admin.display(description=_("seller"), ordering="seller__trade_name")
    def seller_display(self, obj):
        return format_html(
            '{}<br><span class="case-quiet">{} · {}</span>',
            obj.seller.trade_name,
            obj.seller.code,
            obj.seller.country,
        )

    @admin.display(description=_("reason"))
    def reason_display(self, obj):
        return obj.reason

    @admin.display(description=_("reason"), ordering="cause_name")
    def cause_display(self, obj):
        return format_html('<span title="{}">{}</span>', obj.reason, obj.cause_name)

    @admin.display(description=_("who must act"), ordering="waiting_on")
    def waiting_on_display(self, obj):
        if obj.waiting_on == WaitingOn.NOBODY:
            return "—"
        return format_html(
            '<span class="case-waiting-{}">{}</span>', obj.waiting_on, obj.get_waiting_on_display()
        )

    @admin.display(description=_("last activity"), ordering="last_activity_at")
    def last_activity_display(self, obj):
        when = timezone.localtime(obj.last_activity_at).strftime("%d-%m %H:%M")
        who = obj.last_activity_by or _("the system")
        return format_html('{}<br><span class="case-quiet">{}</span>', when, who)

    @admin.display(description=_("time left"), ordering="response_due_at")
    def time_left_display(self, obj):
        now = timezone.now()
        text = time_left_text(obj.response_due_at, now)
        if not text:
            return "—"
        late = obj.response_due_at < now
        return format_html('<span class="case-clock{}">{}</span>', " late" if late else "", text)

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        rating = self._rating(obj)
        return format_html(
            # Colours in cases/case_admin.css: the CSP allows no inline style.
            '<strong class="case-status-{}">{}</strong>{}',
            obj.status,
            obj.get_status_display(),
            format_html(" · {}", _("%(score)s/5") % {"score": rating.score}) if rating else "",
        )

    @admin.display(description=_("rating"))
    def rating_display(self, obj):
        rating = self._rating(obj)
        if rating is None:
            return _("Not rated")
        return format_html(
            "<strong>{}</strong> · {} · {}{}",
            _("%(score)s/5") % {"score": rating.score},
            rating.created_by,
            timezone.localtime(rating.created_at).strftime("%d-%m-%Y %H:%M"),
            format_html("<br>“{}”", rating.comment) if rating.comment else "",
        )

    @staticmethod
    def _rating(obj):
        try:
            return obj.rating
        except CaseRating.DoesNotExist:
            return None

    # --- change page -----------------------------------------------------------------
    @admin.display(description=_("answers"))
    def answers_display(self, obj):
        if not obj.answers:
            return "—"
        files = {str(a.pk): a for a in obj.attachments.all()}
        rows = []
        for answer in obj.answers:
            if answer.get("type") == "file":
                value = (
                    format_html_join(
                        ", ",
                        '<a href="{}">{}</a>',
                        (
                            (self.attachment_url(obj, files[pk]), files[pk].original_name)
                            for pk in answer.get("value") or []
                            if pk in files
                        ),
                    )
                    or "—"
                )
            else:
                value = answer_display(answer, country=obj.seller.country) or "—"
            rows.append((answer["label"], value))
        return format_html(
            '<table class="case-answers">{}</table>',
            format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows),
        )

    @admin.display(description=_("estimated resolution"))
    def eta_display(self, obj):
        cause = obj.cause
        target = format_html("{}: {}", _("target"), cause.target_display)
        if not obj.eta_due_at:
            return format_html("{} · {}", target, _("Not computed yet"))
        # In the seller's time zone: the date and hour they are shown.
        due_at = obj.eta_due_at.astimezone(seller_zone(obj.seller))
        left = business_days_left(
            due_at=obj.eta_due_at,
            now=timezone.now(),
            country=obj.seller.country,
            time_zone=obj.seller.time_zone,
        )
        days_left = ngettext("%(days)d business day left", "%(days)d business days left", left) % {
            "days": left
        }
        return format_html(
            "{} · {} · {} · {}{}",
            target,
            due_at.strftime("%d-%m-%Y %H:%M"),
            days_left,
            obj.get_eta_method_display(),
            format_html(" · <strong>{}</strong>", _("overdue")) if obj.is_overdue else "",
        )

    def attachment_url(self, case, attachment):
        return reverse("admin:cases_case_attachment", args=[case.pk, attachment.pk])

    def get_urls(self):
        actions = [
            path(
                f"<path:object_id>/{view.route}",
                self.admin_site.admin_view(view.as_view(model_admin=self)),
                name=f"cases_case_{view.name}",
            )
            for view in CASE_ACTION_VIEWS
        ]
        return [
            path(
                "<int:case_id>/adjuntos/<uuid:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="cases_case_attachment",
            ),
            path(
                "tablero/",
                self.admin_site.admin_view(partial(team_dashboard_view, self)),
                name="cases_case_team_dashboard",
            ),
            path(
                "tablero/actualizar/",
                self.admin_site.admin_view(team_dashboard_refresh_view),
                name="cases_case_team_dashboard_refresh",
            ),
            *actions,
            path(
                "<path:object_id>/motivo/",
                self.admin_site.admin_view(CaseChangeCauseView.as_view(model_admin=self)),
                name="cases_case_change_cause",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request, case_id, attachment_id):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return attachment_response(get_object_or_404(Attachment, pk=attachment_id, case_id=case_id))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        case = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if case is not None:
            page = agent_case_page(case)
            for attachment in page["attachments"]:
                attachment.admin_url = self.attachment_url(case, attachment)
            extra_context = {
                **page,
                "case": case,
                "time_left": time_left_text(case.response_due_at),
                "status_buttons": self.status_buttons(request, case),
                "reply_form": ReplyBoxForm(
                    case=case, initial={"seen_version": latest_change_id(case)}
                ),
                "presence_text": presence_text(presence_touch(case_id=case.pk, agent=request.user)),
                "presence_heartbeat_seconds": PRESENCE_HEARTBEAT_SECONDS,
                "note_form": InternalNoteForm(case=case),
                "quick_replies": quick_reply_choices(case, request.user),
                "quick_reply_form": QuickReplyPickForm(case=case),
                "action_urls": {
                    view.name: reverse(f"admin:cases_case_{view.name}", args=[case.pk])
                    for view in CASE_ACTION_VIEWS
                    if "<" not in view.route
                },
                "can": {
                    perm: request.user.has_perm(f"cases.{perm}")
                    for perm in (
                        "reply_case",
                        "resolve_case",
                        "add_internal_note",
                        "request_information",
                        "change_case_status",
                        "cancel_task",
                    )
                },
                **extra_context,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def case_page(self, request, case, forms: dict):
        """The case page again, showing `forms` as the agent sent them (with errors).

        Rendered as the page's GET: a POST to the change page would save its form."""
        page_request = copy.copy(request)
        page_request.method = "GET"
        page_request.POST = QueryDict()
        page_request._files = MultiValueDict()
        return self.change_view(page_request, str(case.pk), extra_context=forms)

    def status_buttons(self, request, case):
        if not request.user.has_perm("cases.change_case_status"):
            return []
        return [
            (status, label)
            for status, label in STATUS_BUTTONS.items()
            if status_change_error(case, status) is None
        ]

    def save_model(self, request, obj, form, change):
        """The plain fields, through the services; never save the case raw."""
        case = Case.objects.get(pk=obj.pk)
        actor, data = request.user, form.cleaned_data
        try:
            if "priority" in form.changed_data:
                case_set_priority(case=case, priority=data["priority"], actor=actor)
            if "assigned_to" in form.changed_data:
                case_assign(case=case, assignee=data["assigned_to"], actor=actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
