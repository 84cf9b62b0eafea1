"""The agents' case desk. Every change goes through the services (cases/services)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.time_zones import seller_zone

from ..eta.display import business_days_left
from ..files.downloads import attachment_response
from ..history import agent_history
from ..models import Attachment, Case, CaseRating, PendingTask
from ..policies import status_change_error
from ..search import case_number
from ..services.cases import case_assign, case_change_status, case_set_priority
from ..services.comments import comment_add
from ..services.pending_tasks import task_cancel, task_open
from ..status import CaseStatus
from ..taxonomy.fields import answer_display
from .actions import assign_to_me, close, reopen, resolve
from .change_cause import CaseChangeCauseView
from .filters import (
    AreaFilter,
    AssigneeFilter,
    CauseFilter,
    EstimatedCountPaginator,
    OpenTasksFilter,
    OverdueFilter,
    RatingFilter,
)
from .forms import ASSIGN_ME, CANCEL_TASK, REPLY, REQUEST_INFO, SET_STATUS, CaseAdminForm


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    form = CaseAdminForm
    change_form_template = "admin/cases/case/change_form.html"
    list_display = [
        "number",
        "seller",
        "reason_display",
        "status_badge",
        "priority",
        "assigned_to",
        "created_at",
        "eta_due_at",
        "overdue_marker",
        "open_task_marker",
        "rating_score",
    ]
    list_filter = [
        "status",
        AssigneeFilter,
        OpenTasksFilter,
        OverdueFilter,
        RatingFilter,
        "priority",
        "record_type",
        ("area", AreaFilter),
        ("cause", CauseFilter),
        "assigned_to",
        "seller__country",
    ]
    list_select_related = ["seller", "assigned_to", "rating"]
    search_fields = [
        "subject",
        "seller__trade_name",
        "seller__legal_name",
        "seller__code",
        "answers",
    ]
    search_help_text = _(
        "A case number, a seller's name or code, or words of the subject and answers."
    )
    # A date hierarchy that asks only for the first and last date (cases/templatetags/
    # case_admin.py): Django's lists them with a DISTINCT over every listed case.
    date_hierarchy = "created_at"
    actions = [assign_to_me, resolve, close, reopen]
    list_per_page = 50
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

    def has_delete_permission(self, request, obj=None):
        return False

    # --- list ------------------------------------------------------------------------
    def get_search_results(self, request, queryset, search_term):
        number = case_number(search_term)
        if number is not None:
            # A case number: answered from its unique index.
            return queryset.filter(number=number), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("reason"))
    def reason_display(self, obj):
        return obj.reason

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, obj):
        return format_html(
            # Colours in cases/case_admin.css: the CSP allows no inline style.
            '<strong class="case-status-{}">{}</strong>',
            obj.status,
            obj.get_status_display(),
        )

    @admin.display(description=_("overdue"), boolean=True, ordering="is_overdue")
    def overdue_marker(self, obj):
        return obj.is_overdue

    @admin.display(description=_("open task"), boolean=True)
    def open_task_marker(self, obj):
        return obj.has_open_tasks

    @admin.display(description=_("rating"), ordering="rating__score")
    def rating_score(self, obj):
        rating = self._rating(obj)
        return _("%(score)s/5") % {"score": rating.score} if rating else "—"

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
        return [
            path(
                "<int:case_id>/adjuntos/<uuid:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="cases_case_attachment",
            ),
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
            attachments = list(case.attachments.select_related("comment", "uploaded_by"))
            for attachment in attachments:
                attachment.admin_url = self.attachment_url(case, attachment)
            extra_context.update(
                case=case,
                tasks=list(case.tasks.select_related("requested_by", "answered_by")),
                comments=list(case.comments.select_related("author")),
                events=agent_history(case.events.select_related("actor")),
                attachments=attachments,
                statuses=CaseStatus,
                status_buttons=self.status_buttons(case),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def status_buttons(self, case):
        labels = {
            CaseStatus.IN_PROGRESS: _("Start (in progress)"),
            CaseStatus.RESOLVED: _("Resolve"),
            CaseStatus.CLOSED: _("Close"),
            CaseStatus.REOPENED: _("Reopen"),
        }
        return [
            (status, label)
            for status, label in labels.items()
            if status_change_error(case, status) is None
        ]

    def save_model(self, request, obj, form, change):
        """Apply what the agent asked for through the services; never save the case raw."""
        case = Case.objects.get(pk=obj.pk)
        actor, data = request.user, form.cleaned_data
        try:
            if "priority" in form.changed_data:
                case_set_priority(case=case, priority=data["priority"], actor=actor)
            if "assigned_to" in form.changed_data:
                case_assign(case=case, assignee=data["assigned_to"], actor=actor)
            self.apply_action(request, case, form)
        except ValidationError as exc:
            # Only when someone else changed the case meanwhile: the form checked first.
            messages.error(request, " ".join(exc.messages))

    def apply_action(self, request, case, form):
        actor, data, action = request.user, form.cleaned_data, form.action()
        if action == ASSIGN_ME:
            case_assign(case=case, assignee=actor, actor=actor)
            messages.success(request, _("The case is assigned to you."))
        elif action == REPLY:
            comment_add(
                case=case,
                author=actor,
                body=data["reply_body"],
                internal=data["reply_internal"],
                attachments=[u.file for u in data["reply_files"]],
            )
            messages.success(
                request,
                _("Internal note saved.")
                if data["reply_internal"]
                else _("Reply sent to the seller."),
            )
        elif action == REQUEST_INFO:
            task_open(
                case=case,
                requested_by=actor,
                request_text=data["task_request"],
                due_date=data["task_due_date"],
            )
            messages.success(request, _("Information requested from the seller."))
        elif action == SET_STATUS:
            to_status = request.POST[SET_STATUS]
            case_change_status(case=case, to_status=to_status, actor=actor)
            messages.success(
                request,
                _("The case is now “%(status)s”.") % {"status": CaseStatus(to_status).label},
            )
        elif action == CANCEL_TASK:
            task = PendingTask.objects.get(pk=request.POST[CANCEL_TASK], case=case)
            task_cancel(task=task, cancelled_by=actor)
            messages.success(request, _("The request was cancelled."))

    def response_change(self, request, obj):
        if any(
            name in request.POST
            for name in (ASSIGN_ME, REPLY, REQUEST_INFO, SET_STATUS, CANCEL_TASK)
        ):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)
