"""The agent's actions on a case page, one view each (like Django's UserAdmin password
change): its own URL, form, permission and service. A GET shows the case page; a POST
runs the service and goes back to the case page, or shows the page again with the form
as typed and its errors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..history import changes_since, describe_event, latest_change_id
from ..models import PendingTask, TaskStatus
from ..presence import presence_text, presence_touch
from ..quick_replies import fill_placeholders, placeholder_values
from ..services.cases import case_assign, case_change_status
from ..services.comments import comment_add
from ..services.pending_tasks import task_cancel, task_open
from ..services.quick_replies import quick_reply_count_use, quick_reply_send
from ..services.resolve import case_resolve
from ..status import CaseStatus
from .forms import (
    ConfirmForm,
    InternalNoteForm,
    QuickReplyPickForm,
    ReplyAndResolveForm,
    ReplyBoxForm,
    ReplyForm,
    RequestInformationForm,
    StatusForm,
)


class CaseActionView(View):
    model_admin = None  # the CaseAdmin serving the view (as_view(model_admin=...))
    name = ""  # the URL's name: admin:cases_case_<name>
    route = ""  # after "<case id>/"
    permissions: tuple[str, ...] = ()  # cases.<codename>, besides changing cases
    form_class = ConfirmForm
    form_name = ""  # its name in the case page's context, to show it again with errors
    anchor = ""  # where on the case page the agent lands after it
    success_message = ""

    def dispatch(self, request, object_id, **kwargs):
        self.case = self.model_admin.get_object(request, object_id)
        if self.case is None:
            raise Http404
        allowed = self.model_admin.has_change_permission(request, self.case) and all(
            request.user.has_perm(f"cases.{codename}") for codename in self.permissions
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, object_id, **kwargs)

    def case_page_url(self) -> str:
        return reverse("admin:cases_case_change", args=[self.case.pk]) + self.anchor

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.case_page_url())

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, request.FILES, case=self.case)
        if form.is_valid() and (changes := self.changes_since_loaded(form)):
            return self.show_changes(form, changes)
        if form.is_valid():
            try:
                self.run(form)
            except ValidationError as exc:
                # Someone else changed the case meanwhile: the form checked first.
                form.add_error(None, exc)
            else:
                messages.success(request, self.get_success_message(form))
                return HttpResponseRedirect(self.case_page_url())
        if not self.form_name:
            for error in form.non_field_errors():
                messages.error(request, error)
            return HttpResponseRedirect(self.case_page_url())
        return self.model_admin.case_page(request, self.case, {self.form_name: form})

    def get_success_message(self, form) -> str:
        return self.success_message

    def changes_since_loaded(self, form) -> list:
        """Optimistic concurrency: what others changed since the agent loaded the page."""
        if "seen_version" not in form.fields or form.cleaned_data["seen_version"] is None:
            return []
        return changes_since(
            self.case, form.cleaned_data["seen_version"], by_others_than=self.request.user
        )

    def show_changes(self, form, changes):
        """Not sent: the page again with the text as typed, what changed, and the new
        version, so sending again confirms it."""
        data = self.request.POST.copy()
        data["seen_version"] = str(latest_change_id(self.case))
        again = self.form_class(data, case=self.case)
        return self.model_admin.case_page(
            self.request,
            self.case,
            {
                self.form_name: again,
                "stale_changes": [describe_event(event) for event in changes],
                "stale_files": bool(form.cleaned_data.get("files")),
            },
        )

    def run(self, form) -> None:
        raise NotImplementedError


class ReplyView(CaseActionView):
    name, route = "reply", "responder/"
    permissions = ("reply_case",)
    form_class, form_name = ReplyForm, "reply_form"
    anchor = "#conversacion"
    success_message = _("Reply sent to the seller.")

    def run(self, form):
        body, quick_reply = form.cleaned_data["body"], form.cleaned_data["quick_reply"]
        attachments = [upload.file for upload in form.cleaned_data["files"]]
        if quick_reply is not None:
            quick_reply_send(
                case=self.case,
                actor=self.request.user,
                quick_reply=quick_reply,
                body=body,
                attachments=attachments,
            )
        else:
            comment_add(
                case=self.case, author=self.request.user, body=body, attachments=attachments
            )


class ReplyAndResolveView(CaseActionView):
    name, route = "reply_resolve", "responder-y-resolver/"
    permissions = ("reply_case", "resolve_case")
    form_class, form_name = ReplyAndResolveForm, "reply_form"
    success_message = _("Reply sent and case resolved.")

    def run(self, form):
        case_resolve(
            case=self.case,
            actor=self.request.user,
            message=form.cleaned_data["body"],
            attachments=[upload.file for upload in form.cleaned_data["files"]],
        )
        if form.cleaned_data["quick_reply"] is not None:
            quick_reply_count_use(quick_reply=form.cleaned_data["quick_reply"])


class RequestInformationView(CaseActionView):
    name, route = "request_information", "solicitar-informacion/"
    permissions = ("request_information",)
    form_class, form_name = RequestInformationForm, "reply_form"
    anchor = "#solicitudes"
    success_message = _("Information requested from the seller.")

    def run(self, form):
        task_open(
            case=self.case,
            requested_by=self.request.user,
            request_text=form.cleaned_data["body"],
            due_date=form.cleaned_data["due_date"],
        )
        if form.cleaned_data["quick_reply"] is not None:
            quick_reply_count_use(quick_reply=form.cleaned_data["quick_reply"])


class InternalNoteView(CaseActionView):
    name, route = "internal_note", "nota-interna/"
    permissions = ("add_internal_note",)
    form_class, form_name = InternalNoteForm, "note_form"
    anchor = "#conversacion"
    success_message = _("Internal note saved.")

    def run(self, form):
        comment_add(
            case=self.case,
            author=self.request.user,
            body=form.cleaned_data["note"],
            internal=True,
            attachments=[upload.file for upload in form.cleaned_data["note_files"]],
        )


class StatusView(CaseActionView):
    name, route = "status", "estado/"
    permissions = ("change_case_status",)
    form_class, form_name = StatusForm, "status_form"

    def run(self, form):
        case_change_status(
            case=self.case, to_status=form.cleaned_data["status"], actor=self.request.user
        )

    def get_success_message(self, form):
        label = CaseStatus(form.cleaned_data["status"]).label
        return _("The case is now “%(status)s”.") % {"status": label}


class AssignToMeView(CaseActionView):
    name, route = "assign_me", "asignarme/"

    def run(self, form):
        case_assign(case=self.case, assignee=self.request.user, actor=self.request.user)

    success_message = _("The case is assigned to you.")


class CancelTaskView(CaseActionView):
    name, route = "cancel_task", "solicitudes/<int:task_id>/cancelar/"
    permissions = ("cancel_task",)
    anchor = "#solicitudes"
    success_message = _("The request was cancelled.")

    def post(self, request, *args, task_id, **kwargs):
        self.task = get_object_or_404(PendingTask, pk=task_id, case=self.case)
        if self.task.status != TaskStatus.OPEN:
            messages.error(request, _("This request was already answered or cancelled."))
            return HttpResponseRedirect(self.case_page_url())
        return super().post(request, *args, **kwargs)

    def run(self, form):
        task_cancel(task=self.task, cancelled_by=self.request.user)


class QuickReplyUseView(CaseActionView):
    """ "Usar" without JavaScript: the case page again, its reply box filled with the
    chosen reply's text for this case (the script does the same in the browser)."""

    name, route = "quick_reply_use", "respuestas-rapidas/usar/"
    permissions = ("reply_case",)
    form_class, form_name = QuickReplyPickForm, "quick_reply_form"

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, case=self.case)
        if not form.is_valid():
            return self.model_admin.case_page(request, self.case, {self.form_name: form})
        reply = form.cleaned_data["quick_reply_choice"]
        text = fill_placeholders(reply.body, placeholder_values(self.case, request.user))
        reply_form = ReplyBoxForm(case=self.case, initial={"body": text, "quick_reply": reply.pk})
        return self.model_admin.case_page(
            request, self.case, {"reply_form": reply_form, "quick_reply_used": reply}
        )


class PresenceView(CaseActionView):
    """The case page's heartbeat (static/cases/presence.js): records that the agent has
    the case open and answers who else has, in words, as JSON."""

    name, route = "presence", "presencia/"

    def post(self, request, *args, **kwargs):
        others = presence_touch(case_id=self.case.pk, agent=request.user)
        return JsonResponse({"others": [o["name"] for o in others], "text": presence_text(others)})


CASE_ACTION_VIEWS = [
    ReplyView,
    ReplyAndResolveView,
    RequestInformationView,
    InternalNoteView,
    StatusView,
    AssignToMeView,
    CancelTaskView,
    QuickReplyUseView,
    PresenceView,
]
