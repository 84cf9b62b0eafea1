"""Respuestas guardadas: the seller's reusable answers (list, create, edit, delete)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from accounts.mixins import SellerRequiredMixin

from .. import selectors
from ..forms import SavedAnswerForm
from ..services import saved_answer_delete, saved_answer_save

LIST_URL = reverse_lazy("customers:saved_answers")


class SavedAnswersView(SellerRequiredMixin, FormView):
    """The list, with the form of a new one below it."""

    template_name = "customers/saved_answers.html"
    form_class = SavedAnswerForm

    @cached_property
    def answer(self):
        return None

    def form_valid(self, form):
        try:
            saved_answer_save(
                user=self.request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                answer=self.answer,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("The saved answer was saved."))
        return redirect(LIST_URL)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["answers"] = selectors.saved_answers(seller=self.seller)
        context["editing"] = self.answer
        return context


class SavedAnswerEditView(SavedAnswersView):
    template_name = "customers/saved_answer_edit.html"

    @cached_property
    def answer(self):
        return selectors.saved_answer_for_seller(seller=self.seller, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        # An unsaved copy: an invalid form must not rename the one shown in the list.
        answer = selectors.saved_answer_for_seller(seller=self.seller, pk=self.kwargs["pk"])
        return {**super().get_form_kwargs(), "instance": answer}


class SavedAnswerDeleteView(SavedAnswerEditView):
    template_name = "customers/saved_answer_delete.html"

    def post(self, request, *args, **kwargs):
        saved_answer_delete(user=request.user, answer=self.answer)
        messages.success(request, _("The saved answer was deleted."))
        return redirect(LIST_URL)
