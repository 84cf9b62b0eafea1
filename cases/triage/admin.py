"""The triage model in the admin: the example phrases on each cause's page, and the
trained versions with a button to retrain now."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from ..models import CauseExamplePhrase, TriageModel
from .tasks import train_triage_model

TRAIN_PERMISSION = "cases.train_triagemodel"


class ExamplePhraseInline(admin.TabularInline):
    """Frases de ejemplo: what the model learns each cause from, until resolved cases
    teach it more (retrained every night, or now from the triage models' page)."""

    model = CauseExamplePhrase
    fields = ["text"]
    extra = 1


@admin.register(TriageModel)
class TriageModelAdmin(admin.ModelAdmin):
    list_display = [
        "version",
        "trained_at",
        "cause_count",
        "phrase_count",
        "case_count",
        "feature_count",
        "cv_top1",
        "cv_top3",
    ]
    fields = list_display[1:-2] + ["metrics"]
    change_list_template = "admin/cases/triagemodel/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("arrays")

    def has_add_permission(self, request):
        return False  # versions come from training only

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("version"), ordering="id")
    def version(self, obj):
        return obj.version

    @admin.display(description=_("top 1 (cross-validated)"))
    def cv_top1(self, obj):
        return _percent(obj.metrics.get("cv_top1"))

    @admin.display(description=_("top 3 (cross-validated)"))
    def cv_top3(self, obj):
        return _percent(obj.metrics.get("cv_top3"))

    def get_urls(self):
        return [
            path(
                "entrenar/",
                self.admin_site.admin_view(self.train_view),
                name="cases_triagemodel_train",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_train": _can_train(request)}
        return super().changelist_view(request, extra_context)

    def train_view(self, request):
        """Retrain now: a GET asks to confirm, the POST queues the training."""
        if not _can_train(request):
            raise PermissionDenied
        if request.method == "POST":
            train_triage_model.delay()
            self.message_user(
                request,
                _("Training started: suggestions use the new version as soon as it is ready."),
                messages.SUCCESS,
            )
            return redirect(reverse("admin:cases_triagemodel_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Retrain the triage model"),
            "latest": TriageModel.objects.defer("arrays").first(),
        }
        return TemplateResponse(request, "admin/cases/triagemodel/train.html", context)


def _can_train(request) -> bool:
    return request.user.has_perm(TRAIN_PERMISSION)


def _percent(value) -> str:
    return "—" if value is None else f"{round(100 * value)} %"
