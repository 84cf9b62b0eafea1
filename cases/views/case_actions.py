"""What a seller sends from the case page. Each view runs one service; on an error the
case page comes back with the form as typed and its errors (never a lost text), the
files sent with it listed as already attached (never a lost file: see kept_files),
a database that failed or gave up waiting included."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from ..forms.case_page import (
    CommentForm,
    ConfirmSolvedForm,
    RatingForm,
    ReopenForm,
    TaskAnswerForm,
)
from ..models import PendingTask
from ..selectors import cases as case_selectors
from ..services.cases import case_change_status
from ..services.pending_tasks import task_answer
from ..services.rating import case_rate
from ..services.seller_messages import seller_message_add
from ..status import CaseStatus
from .case_page import CasePageMixin, task_prefix
from .kept_files import keep_uploads

logger = logging.getLogger(__name__)


class CaseActionView(CasePageMixin, FormView):
    form_name: str  # the form's name in the case page's context
    anchor = ""  # where on the case page the seller lands after sending
    success_message = ""
    takes_files = False

    def get(self, request, *args, **kwargs):
        # These pages only receive forms; a GET (a reload, a shared link) shows the case.
        return redirect(self.case)

    @cached_property
    def kept(self):
        return keep_uploads(self.request, case=self.case, prefix=self.get_prefix())

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "case": self.case}
        if self.takes_files:
            kwargs.update(files=None, kept=self.kept)  # the uploads, kept first
        return kwargs

    def form_valid(self, form):
        try:
            self.run_service(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        except DatabaseError:
            # The service's transaction rolled back: nothing was saved.
            logger.exception("A seller's %s failed on the database.", type(self).__name__)
            form.add_error(
                None,
                ValidationError(
                    _(
                        "The service is busy and nothing was saved: try again in a moment. "
                        "What you wrote is still here."
                    ),
                    code="busy",
                ),
            )
            return self.form_invalid(form)
        if self.takes_files:
            self.kept.discard()  # they are the case's attachments now
        messages.success(self.request, self.success_message)
        return redirect(f"{self.case.get_absolute_url()}{self.anchor}")

    def run_service(self, form) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.case_page_context(**{self.form_name: context["form"]}))
        return context


class TaskAnswerView(CaseActionView):
    form_class = TaskAnswerForm
    form_name = "task_form"
    anchor = "#tareas"
    success_message = _("Your answer was sent. Support will continue with your case.")
    takes_files = True

    @cached_property
    def task(self):
        return case_selectors.case_task(case=self.case, task_id=self.kwargs["task_id"])

    def get_prefix(self):
        return task_prefix(self.task.pk)

    def run_service(self, form):
        with self.kept.opened() as files:
            task_answer(
                task=self.task,
                answered_by=self.request.user,
                answer_text=form.cleaned_data["answer"],
                attachments=files,
            )


class CommentView(CaseActionView):
    form_class = CommentForm
    form_name = "comment_form"
    anchor = "#conversacion"
    success_message = _("Your message was sent.")
    takes_files = True

    def run_service(self, form):
        with self.kept.opened() as files:
            written = seller_message_add(
                case=self.case,
                author=self.request.user,
                body=form.cleaned_data["body"],
                attachments=files,
            )
        if isinstance(written, PendingTask):  # it answered the open request
            self.success_message = TaskAnswerView.success_message
            self.anchor = TaskAnswerView.anchor


class ReopenView(CaseActionView):
    form_class = ReopenForm
    form_name = "reopen_form"
    success_message = _("The case was reopened. Support will review it again.")

    def run_service(self, form):
        case_change_status(
            case=self.case,
            to_status=CaseStatus.REOPENED,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
        )


class ConfirmSolvedView(CaseActionView):
    form_class = ConfirmSolvedForm
    form_name = "confirm_form"
    success_message = _("Thank you for confirming. The case is closed.")

    def run_service(self, form):
        case_change_status(case=self.case, to_status=CaseStatus.CLOSED, actor=self.request.user)


class RateView(CaseActionView):
    form_class = RatingForm
    form_name = "rating_form"
    anchor = "#calificacion"
    success_message = _("Thank you for rating our support.")

    def run_service(self, form):
        case_rate(
            case=self.case,
            rated_by=self.request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        )
