from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView

from accounts.mixins import SellerRequiredMixin

from .. import selectors


class CaseDetailView(SellerRequiredMixin, DetailView):
    template_name = "cases/case_detail.html"
    context_object_name = "case"

    def get_object(self, queryset=None):
        return selectors.case_for_seller(seller=self.seller, number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.case_page_data(case=self.object))
        return context


class AttachmentDownloadView(SellerRequiredMixin, View):
    """A file of one of the seller's cases, as a download; anything else is a 404."""

    def get(self, request, pk):
        attachment = get_object_or_404(selectors.seller_attachments(seller=self.seller), pk=pk)
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CaseCreatedView(CaseDetailView):
    """The summary sheet after CREAR CASO: the reason, the answers and the case number.

    A GET of the seller's own case, so refreshing it shows the same case again.
    """

    template_name = "cases/case_created.html"

    def get_context_data(self, **kwargs):
        return super(DetailView, self).get_context_data(**kwargs)
