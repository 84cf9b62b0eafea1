"""A customer request's page and what the seller does there: answer (with a saved answer
or not), close, escalate to support. Each POST runs one service; an answer with errors
comes back on the page as typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.mixins import SellerRequiredMixin
from cases.models import SUBJECT_MAX_LENGTH
from cases.wizard_prefill import CasePrefill, prefill_stash

from .. import selectors
from ..files import attachment_response
from ..forms import AnswerForm, PickSavedAnswerForm
from ..references import request_reference
from ..services import request_answer, request_close


class RequestPageMixin(SellerRequiredMixin):
    template_name = "customers/request_detail.html"

    @cached_property
    def customer_request(self):
        return selectors.request_for_seller(seller=self.seller, pk=self.kwargs["pk"])

    def request_page_context(self, answer_form=None) -> dict:
        request = self.customer_request
        data = selectors.request_page_data(request=request)
        pick = PickSavedAnswerForm(
            self.request.GET if "respuesta" in self.request.GET else None,
            answers=data["saved_answers"],
        )
        if answer_form is None and not request.is_closed:
            chosen = pick.chosen() if pick.is_bound else None
            answer_form = AnswerForm(initial={"body": chosen.body} if chosen else None)
        return {
            "customer_request": request,
            **data,
            "pick_form": pick,
            "answer_form": answer_form,
            "has_form_errors": answer_form is not None and answer_form.is_bound,
            "now": timezone.now(),
        }


class RequestDetailView(RequestPageMixin, TemplateView):
    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.request_page_context()}


class AnswerView(RequestPageMixin, FormView):
    form_class = AnswerForm

    def get(self, request, *args, **kwargs):
        return redirect(self.customer_request)

    def form_valid(self, form):
        try:
            request_answer(
                request=self.customer_request,
                author=self.request.user,
                body=form.cleaned_data["body"],
                attachments=form.cleaned_data["files"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your answer was sent to the customer."))
        return redirect(self.customer_request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, **self.request_page_context(answer_form=context["form"])}


class CloseView(RequestPageMixin, View):
    def get(self, request, *args, **kwargs):
        return redirect(self.customer_request)

    def post(self, request, *args, **kwargs):
        request_close(request=self.customer_request, actor=request.user)
        messages.success(request, _("The request was closed."))
        return redirect(self.customer_request)


class EscalateView(RequestPageMixin, View):
    """Escalar a soporte: CREAR CASO, filled in with the order and linked to the request."""

    def get(self, request, *args, **kwargs):
        return redirect(self.customer_request)

    def post(self, request, *args, **kwargs):
        customer_request = self.customer_request
        described = _("Customer request No. %(number)s (%(kind)s, marketplace id %(id)s)") % {
            "number": customer_request.pk,
            "kind": customer_request.get_kind_display().lower(),
            "id": customer_request.external_id,
        }
        lines = [described]
        if customer_request.order_number:
            lines.append(_("Order: %(order)s") % {"order": customer_request.order_number})
        if customer_request.product_title or customer_request.product_sku:
            product = " · ".join(
                filter(None, [customer_request.product_title, customer_request.product_sku])
            )
            lines.append(_("Product: %(product)s") % {"product": product})
        lines.append(_("The customer wrote: “%(text)s”") % {"text": customer_request.summary})
        prefill = CasePrefill(
            subject=str(_("Customer request: %(text)s") % {"text": customer_request.summary})[
                :SUBJECT_MAX_LENGTH
            ],
            description="\n".join(str(line) for line in lines),
            answers={
                "order_number": customer_request.order_number,
                "sku": customer_request.product_sku,
            },
            reference=request_reference(customer_request),
        )
        messages.info(
            request,
            _("Choose the reason of the case: the order and the request are already in it."),
        )
        return redirect(prefill_stash(request.session, prefill))


class AttachmentDownloadView(SellerRequiredMixin, View):
    """A file of one of the seller's requests, as a download; anything else is a 404."""

    def get(self, request, pk):
        return attachment_response(
            get_object_or_404(selectors.seller_attachments(seller=self.seller), pk=pk)
        )
