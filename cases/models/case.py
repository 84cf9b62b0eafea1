"""A support case and what hangs off it: tasks, comments, attachments, history."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Seller

from ..status import CLOSED_STATUSES, OPEN_STATUSES, CaseStatus, WaitingOn, in_order
from .taxonomy import Area, Cause, Priority, RecordType


class EtaMethod(models.TextChoices):
    """Where a case's current estimate came from (cases/eta/estimators.py)."""

    TARGET = "target", _("Cause target")
    LEARNED = "learned", _("Learned from resolved cases")
    AREA = "area", _("Learned from the area's cases")
    RECORD_TYPE = "rtype", _("Learned from the record type's cases")
    FITTED = "fitted", _("Fitted to the cause's cases")


class EtaReason:
    """Why the date a seller sees changed: the "reason" of an ETA_CHANGED event's data."""

    CREATED = "created"  # The first estimate.
    WAITED = "waited"  # The clock stopped while the case waited on the seller.
    OVERDUE = "overdue"  # The estimate ran out: a new date from the slower cases.
    REOPENED = "reopened"  # A whole new estimate on top of the time already taken.
    CAUSE_CHANGED = "cause_changed"  # Estimated again as a case of its new cause.


class CaseManager(models.Manager):
    def get_queryset(self):
        # Only the search reads the search document, in SQL: no page needs it in Python.
        return super().get_queryset().defer("search_document", "agent_search_document")


# A case's subject: the column, the wizard's field and the service all hold to it.
SUBJECT_MAX_LENGTH = 200
# What Tablero del equipo reads of a period's cases (cases/dashboard.py), kept in the
# index of their creation date (case_dashboard_idx).
DASHBOARD_COLUMNS = [
    "area",
    "area_name",
    "assigned_to",
    "seller",
    "cause",
    "cause_name",
    "response_breaches",
    "resolved_at",
    "eta_initial_due_at",
    "resolution_business_seconds",
]


class Case(models.Model):
    number = models.PositiveIntegerField(_("case number"), unique=True, editable=False)
    seller = models.ForeignKey(
        Seller,
        verbose_name=_("seller"),
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,  # every index below that starts with the seller serves it
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    record_type = models.ForeignKey(
        RecordType, verbose_name=_("record type"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    cause = models.ForeignKey(
        Cause, verbose_name=_("cause"), on_delete=models.PROTECT, related_name="cases"
    )
    # The reason as the seller saw it when filing: renaming the taxonomy never rewrites it.
    record_type_name = models.CharField(_("record type (as filed)"), max_length=120)
    area_name = models.CharField(_("area (as filed)"), max_length=120)
    cause_name = models.CharField(_("cause (as filed)"), max_length=120)
    subject = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    description = models.TextField(_("description"))
    # The words of the subject and description, for the sellers' search (cases/search.py).
    # PostgreSQL computes it (a trigger, migration 0008): whatever is written here is
    # replaced. Elsewhere (SQLite) it stays empty.
    search_document = SearchVectorField(_("search document"), null=True, editable=False)
    # The words of the subject, description and answers for the agents' search over every
    # seller (cases/search.py); a trigger computes it on PostgreSQL (migration 0025).
    agent_search_document = SearchVectorField(
        _("agents' search document"), null=True, editable=False
    )
    # [{"key", "label", "type", "value", "display"}]: the labels asked, kept as filed.
    answers = models.JSONField(_("answers"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    priority = models.CharField(
        _("priority"), max_length=6, choices=Priority.choices, default=Priority.NORMAL
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        limit_choices_to={"is_staff": True},
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last update"), default=timezone.now, editable=False)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # What outside the support center the case is about, e.g. "customer-request:42" (a
    # buyer's request the seller escalated): cases/references.py names and links it.
    # A database default too: the bench generator's COPY leaves the column out.
    external_reference = models.CharField(
        _("linked to"), max_length=100, blank=True, default="", db_default=""
    )
    # One case per wizard confirmation, whatever the double clicks and resubmits.
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    # Estimated resolution time (computed in the background; see cases/eta).
    eta_due_at = models.DateTimeField(_("estimated resolution"), null=True, blank=True)
    eta_target_seconds = models.PositiveIntegerField(
        _("estimate (business seconds)"), null=True, blank=True
    )
    eta_method = models.CharField(
        _("estimate method"), max_length=8, choices=EtaMethod.choices, blank=True
    )
    eta_computed_at = models.DateTimeField(_("estimate computed"), null=True, blank=True)
    # When `eta_target_seconds` was last promised: the date only changes for a reason the
    # seller can see (cases/services/eta.py), so later refreshes keep that promise.
    eta_promised_at = models.DateTimeField(_("estimate promised"), null=True, blank=True)
    eta_initial_due_at = models.DateTimeField(
        _("estimate shown at creation"), null=True, blank=True
    )
    is_overdue = models.BooleanField(_("overdue"), default=False)
    resolution_business_seconds = models.PositiveIntegerField(
        _("business time to resolution (s)"), null=True, blank=True
    )

    # The agents' desk (cases/desk.py): who must act next, and when it last moved.
    waiting_on = models.CharField(
        _("who must act"),
        max_length=7,
        choices=WaitingOn.choices,
        default=WaitingOn.SUPPORT,
        blank=True,
    )
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    last_activity_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last activity by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The service-level clock (cases/clocks.py): while the case waits on support, the
    # moment support's reply is due; empty while it waits on the seller (the clock pauses).
    response_due_at = models.DateTimeField(_("reply due"), null=True, blank=True)
    response_clock_started_at = models.DateTimeField(
        _("waiting on support since"), null=True, blank=True
    )
    # What the periodic check already said about the running clock: "warned", "breached".
    response_alert = models.CharField(_("reply alert"), max_length=8, blank=True, default="")
    response_breaches = models.PositiveSmallIntegerField(_("replies late"), default=0)

    objects = CaseManager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        # The agents' actions on a case (cases/admin/case_actions.py): one each.
        permissions = [
            ("reply_case", _("Can reply to the seller")),
            ("resolve_case", _("Can resolve a case")),
            ("add_internal_note", _("Can write internal notes")),
            ("request_information", _("Can request information from the seller")),
            ("change_case_status", _("Can change the status of a case")),
            ("cancel_task", _("Can cancel a request for information")),
            ("change_case_cause", _("Can change the reason of a case")),
            # The leads' Tablero del equipo (cases/admin/dashboard.py).
            ("view_team_dashboard", _("Can view the team dashboard")),
        ]
        constraints = [
            models.UniqueConstraint("submission_key", name="cases_case_submission_key_unique"),
            models.CheckConstraint(
                condition=models.Q(number__gte=10_000_000, number__lte=99_999_999),
                name="cases_case_number_8_digits",
            ),
        ]
        indexes = [
            # The trays, newest first (ties by id, as they sort): one index per tray, so
            # a page far down a long list is found in the index alone, without reading
            # the cases before it (cases/paginators.py).
            models.Index(fields=["seller", "-created_at", "-id"], name="case_seller_created_idx"),
            models.Index(
                fields=["seller", "-created_at", "-id"],
                condition=models.Q(status__in=in_order(OPEN_STATUSES)),
                name="case_seller_open_idx",
            ),
            models.Index(
                fields=["seller", "-created_at", "-id"],
                condition=models.Q(status__in=in_order(CLOSED_STATUSES)),
                name="case_seller_closed_idx",
            ),
            # One status: the pending tray, and any tray filtered by status.
            models.Index(
                fields=["seller", "status", "-created_at", "-id"], name="case_seller_status_idx"
            ),
            # The home page's "waiting for your answer", longest waiting first.
            models.Index(
                fields=["seller", "updated_at", "id"],
                condition=models.Q(status=CaseStatus.WAITING_ON_SELLER),
                name="case_seller_waiting_idx",
            ),
            # The trays' reason filter offers the causes the seller has cases under.
            models.Index(fields=["seller", "cause"], name="case_seller_cause_idx"),
            # The trays sorted by update, number or estimated resolution. The search's
            # full-text indexes are PostgreSQL-only: migration 0008 creates them (and the
            # admin's trigram index on the subject, migrations 0004 and 0007).
            models.Index(fields=["seller", "-updated_at"], name="case_seller_updated_idx"),
            models.Index(fields=["seller", "-number"], name="case_seller_number_idx"),
            models.Index(fields=["seller", "eta_due_at"], name="case_seller_eta_idx"),
            # The agents' queue in the admin: newest first, all or by status.
            models.Index(fields=["-created_at", "-id"], name="case_created_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="case_status_created_idx"),
            models.Index(fields=["assigned_to", "status"], name="case_assignee_status_idx"),
            # The desk's queues (cases/desk.py), each in its own order, open cases only.
            models.Index(
                fields=["response_due_at", "id"],
                condition=models.Q(waiting_on=WaitingOn.SUPPORT),
                name="case_support_due_idx",
            ),
            models.Index(
                fields=["last_activity_at", "id"],
                condition=models.Q(waiting_on=WaitingOn.SELLER),
                name="case_seller_activity_idx",
            ),
            # Reabiertos and Sin asignar: a page and the capped count read these alone (an
            # IS NULL on the assignee index's first column gives no order to PostgreSQL).
            models.Index(
                fields=["response_due_at", "id"],
                condition=models.Q(status=CaseStatus.REOPENED),
                name="case_reopened_due_idx",
            ),
            models.Index(
                fields=["response_due_at", "id"],
                condition=models.Q(assigned_to__isnull=True) & ~models.Q(waiting_on=""),
                name="case_unassigned_due_idx",
            ),
            models.Index(
                fields=["assigned_to", "response_due_at", "id"],
                condition=~models.Q(waiting_on=WaitingOn.NOBODY),
                name="case_open_assignee_idx",
            ),
            # Tablero del equipo (cases/dashboard.py): a period's cases with every column
            # its aggregates and filters read, so each is an index-only scan of the
            # period (a quarter is 180,000 cases at a million) and never of the table.
            models.Index(
                fields=["created_at"],
                include=DASHBOARD_COLUMNS,
                name="case_dashboard_idx",
            ),
            # Its backlog of one agent, by area and by seller's country, from the index.
            models.Index(
                fields=["assigned_to"],
                include=["area", "area_name", "seller"],
                condition=models.Q(status__in=in_order(OPEN_STATUSES)),
                name="case_open_agent_idx",
            ),
            # Tablero del equipo (cases/dashboard.py): resolved per day, and the backlog
            # by area counted from the index alone.
            models.Index(
                fields=["resolved_at"],
                condition=models.Q(resolved_at__isnull=False),
                name="case_resolved_idx",
            ),
            models.Index(
                fields=["area", "area_name"],
                condition=models.Q(status__in=in_order(OPEN_STATUSES)),
                name="case_open_area_idx",
            ),
            # Similar solved cases (cases/triage/similar.py): the newest resolved of a cause.
            models.Index(
                fields=["cause", "-resolved_at"],
                condition=models.Q(status__in=in_order(CLOSED_STATUSES)),
                name="case_cause_resolved_idx",
            ),
            # The cases filed about one thing outside (a customer request shows its cases).
            models.Index(
                fields=["seller", "external_reference"],
                condition=~models.Q(external_reference=""),
                name="case_seller_reference_idx",
            ),
        ]

    def __str__(self):
        return f"{self.number} · {self.subject}"

    def get_absolute_url(self):
        return reverse("cases:detail", kwargs={"number": self.number})

    @property
    def reason(self) -> str:
        return f"{self.record_type_name} / {self.area_name} / {self.cause_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_open_tasks(self) -> bool:
        # Opening a task is the only way in, answering/cancelling the last the only way out.
        return self.status == CaseStatus.WAITING_ON_SELLER


class TaskStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("task status", "Open")
    ANSWERED = "answered", pgettext_lazy("task status", "Answered")
    CANCELLED = "cancelled", pgettext_lazy("task status", "Cancelled")


class PendingTask(models.Model):
    """What support asks the seller for; the case waits until it is answered."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="tasks",
        db_index=False,  # task_case_status_idx starts with it
    )
    request_text = models.TextField(_("what support asks"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    answer_text = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The seller answered by replying to an email (cases/replies.py), not on the portal.
    answered_by_email = models.BooleanField(_("answered by email"), default=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # Reminders: how many were sent and when the next one is due (see cases/tasks.py).
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    next_reminder_at = models.DateTimeField(_("next reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["case", "status"], name="task_case_status_idx"),
            models.Index(
                fields=["next_reminder_at"],
                name="task_open_reminder_idx",
                condition=models.Q(status="open"),
            ),
        ]

    def __str__(self):
        return f"{self.case.number} · {self.request_text[:60]}"

    def get_absolute_url(self):
        return f"{self.case.get_absolute_url()}#tarea-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN


class Comment(models.Model):
    """A message on a case. Internal notes are for agents only and never reach a seller."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="comments",
        db_index=False,  # comment_case_idx starts with it
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    body = models.TextField(_("message"))
    is_internal = models.BooleanField(_("internal note"), default=False)
    # Written by replying to an email (cases/replies.py), not on the portal.
    by_email = models.BooleanField(_("by email"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="comment_case_idx")]

    def __str__(self):
        return self.body[:60]

    @property
    def is_from_support(self) -> bool:
        return self.author.seller_id is None


ATTACHMENTS_DIR = "attachments"


def attachment_upload_to(instance, filename):
    # Unguessable, and never derived from what the uploader typed.
    now = timezone.now()
    return f"{ATTACHMENTS_DIR}/{now:%Y/%m}/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """A file on a case, a comment or a task answer. Served only through access checks."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="attachments",
        db_index=False,  # attachment_case_idx starts with it
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    task = models.ForeignKey(
        PendingTask, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    # The wizard field this file answers, if any.
    field_key = models.CharField(max_length=50, blank=True)
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["case", "created_at"], name="attachment_case_idx")]

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("cases:attachment", kwargs={"pk": self.pk})


class EventKind(models.TextChoices):
    CREATED = "created", _("Case created")
    STATUS_CHANGED = "status_changed", _("Status changed")
    ASSIGNED = "assigned", _("Assigned")
    PRIORITY_CHANGED = "priority_changed", _("Priority changed")
    COMMENT = "comment", _("Message")
    INTERNAL_NOTE = "internal_note", _("Internal note")
    TASK_OPENED = "task_opened", _("Information requested")
    TASK_ANSWERED = "task_answered", _("Information sent")
    TASK_CANCELLED = "task_cancelled", _("Request cancelled")
    ATTACHMENT_ADDED = "attachment_added", _("File attached")
    ETA_CHANGED = "eta_changed", _("Estimated time changed")
    NOTIFICATION_SENT = "notification_sent", _("Notification sent")
    RATED = "rated", _("Support rated")
    CAUSE_CHANGED = "cause_changed", _("Reason changed")


# Never shown to a seller: agents' notes and internal routing.
INTERNAL_EVENT_KINDS = frozenset(
    {EventKind.INTERNAL_NOTE, EventKind.ASSIGNED, EventKind.PRIORITY_CHANGED}
)


class CaseEventQuerySet(models.QuerySet):
    def visible_to_seller(self):
        # Not the record of the emails sent: the seller got them (one line per recipient,
        # for every email, was noise in their history).
        return self.filter(is_internal=False).exclude(kind=EventKind.NOTIFICATION_SENT)


class CaseEvent(models.Model):
    """The append-only history of a case. Services write it with the change."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="events",
        db_index=False,  # event_case_idx starts with it
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # What the event is about, when it is a request for information or a message: real
    # rows, not ids inside `data`. Tasks and messages are never deleted (no index).
    task = models.ForeignKey(
        "PendingTask",
        verbose_name=_("request for information"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    comment = models.ForeignKey(
        "Comment",
        verbose_name=_("message"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        db_index=False,
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    data = models.JSONField(_("data"), default=dict, blank=True)
    is_internal = models.BooleanField(_("internal"), default=False)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case history")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"], name="event_case_idx"),
            # Tablero del equipo's resolutions and reopenings per day (cases/dashboard.py):
            # each counted from an index of its own changes alone (the case's id for the
            # filters), not from every status change of the period read from the table.
            *(
                models.Index(
                    fields=["created_at"],
                    include=["case"],
                    condition=models.Q(kind="status_changed", data__to=status),
                    name=f"event_{status}_idx",
                )
                for status in (CaseStatus.RESOLVED, CaseStatus.REOPENED)
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.created_at:%Y-%m-%d %H:%M}"
