from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from accounts.mixins import SellerRequiredMixin

from ..files.downloads import attachment_response
from ..forms.case_page import (
    CommentForm,
    ConfirmSolvedForm,
    RatingForm,
    ReopenForm,
    TaskAnswerForm,
)
from ..policies import (
    can_seller_reopen,
    has_rating,
    rating_error,
    reopen_deadline,
    seller_comment_error,
)
from ..selectors import cases as case_selectors
from ..status import CaseStatus


def task_prefix(task_id: int) -> str:
    # One answer form per open task on the page: the prefix keeps their fields apart.
    return f"tarea-{task_id}"


class CasePageMixin(SellerRequiredMixin):
    """The seller's case page, shown by the page itself and by its forms on an error."""

    template_name = "cases/case_detail.html"

    @cached_property
    def case(self):
        return case_selectors.case_for_seller(seller=self.seller, number=self.kwargs["number"])

    def case_page_context(self, **bound) -> dict:
        """The page's data and its forms; `bound` holds the form being sent back with errors
        (by name, or `task_form` for a task's answer), shown whatever the case's state."""
        case = self.case
        # ?completo=1: every message and history entry of a long case.
        complete = self.request.GET.get("completo") == "1"
        data = case_selectors.case_page_data(case=case, complete=complete)
        # While a request for information is open, its answer is the one reply box.
        open_task = any(task.is_open for task in data["tasks"])
        page_forms = {
            "comment_form": CommentForm(case=case)
            if seller_comment_error(case) is None and not open_task
            else None,
            "confirm_form": ConfirmSolvedForm(case=case)
            if case.status == CaseStatus.RESOLVED
            else None,
            "reopen_form": ReopenForm(case=case) if can_seller_reopen(case) else None,
            "rating_form": RatingForm(case=case) if rating_error(case) is None else None,
        }
        bound_task_form = bound.pop("task_form", None)
        page_forms.update(bound)
        for task in data["tasks"]:
            if bound_task_form is not None and bound_task_form.prefix == task_prefix(task.pk):
                task.form = bound_task_form
            elif task.is_open:
                task.form = TaskAnswerForm(case=case, prefix=task_prefix(task.pk))
        return {
            "case": case,
            **data,
            **page_forms,
            "rating": case.rating if has_rating(case) else None,
            "reopen_deadline": reopen_deadline(case),
            "has_form_errors": bool(bound) or bound_task_form is not None,
            "answer_the_task": open_task,
        }


class CaseDetailView(CasePageMixin, TemplateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.case_page_context())
        return context


class AttachmentDownloadView(SellerRequiredMixin, View):
    """A file of one of the seller's cases, as a download; anything else is a 404."""

    def get(self, request, pk):
        return attachment_response(
            get_object_or_404(case_selectors.seller_attachments(seller=self.seller), pk=pk)
        )


class CaseCreatedView(CasePageMixin, TemplateView):
    """The summary sheet after CREAR CASO: the reason, the answers and the case number.

    A GET of the seller's own case, so refreshing it shows the same case again.
    """

    template_name = "cases/case_created.html"

    def get_context_data(self, **kwargs):
        case = self.case
        return {
            **super().get_context_data(**kwargs),
            "case": case,
            **case_selectors.case_summary_data(case=case),
        }
