"""CREAR CASO: the seller's case wizard (django-formtools, one URL per step)."""

import contextlib
import logging
import uuid
from dataclasses import asdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from formtools.wizard.forms import ManagementForm
from formtools.wizard.views import NamedUrlSessionWizardView

from accounts.mixins import SellerRequiredMixin

from ..files import staging
from ..forms.wizard import (
    ANSWER_PREFIX,
    EXTRA_FILES,
    AreaForm,
    CaseDataForm,
    CauseForm,
    RecordTypeForm,
    SummaryForm,
    file_input_names,
)
from ..models import Case, FieldType
from ..references import describe_reference
from ..services.cases import case_create
from ..taxonomy.fields import serialize_answer
from ..wizard_prefill import CasePrefill, prefill_take
from .wizard_suggest import CauseSuggestionStep

logger = logging.getLogger(__name__)

# What a seller reads when the wizard they were filling in is no longer in their session.
SESSION_EXPIRED = gettext_lazy(
    "Your session expired or the form was restarted: start again. No case was created."
)

STEPS = [
    ("tipo", RecordTypeForm),
    ("area", AreaForm),
    ("causa", CauseForm),
    ("datos", CaseDataForm),
    ("resumen", SummaryForm),
]
STEP_TITLES = {
    "tipo": gettext_lazy("Record type"),
    "area": gettext_lazy("Area / Process"),
    "causa": gettext_lazy("Cause / Reason"),
    "datos": gettext_lazy("Case details"),
    "resumen": gettext_lazy("Summary"),
}
CHOICE_STEPS = {"tipo": "record_type", "area": "area", "causa": "cause"}
# What to drop when an earlier choice changes: the steps after it.
LATER_STEPS = {"tipo": ["area", "causa", "datos"], "area": ["causa", "datos"], "causa": ["datos"]}


class WizardRestart(Exception):
    """The wizard cannot go on from here: send the seller to `step` with a message."""

    def __init__(self, step: str, message: str):
        super().__init__(message)
        self.step, self.message = step, message


# Exempt from the middleware's CSRF check only to make that check in `post`, once the
# upload guard is in place: the check reads the body, and the guard must come first.
@method_decorator(csrf_exempt, name="dispatch")
class CaseCreateWizard(CauseSuggestionStep, SellerRequiredMixin, NamedUrlSessionWizardView):
    form_list = STEPS
    storage_name = "cases.views.wizard_storage.SessionStorageSavedOnChange"
    template_name = "cases/wizard/wizard.html"
    # Only the "datos" step takes files, and it stages them itself (cases/files/staging.py).
    file_storage = default_storage

    # --- request flow ----------------------------------------------------------------
    def dispatch(self, request, *args, **kwargs):
        self._memo = {}
        try:
            return super().dispatch(request, *args, **kwargs)
        except WizardRestart as restart:
            messages.warning(request, restart.message)
            self.storage.current_step = restart.step
            response = redirect(self.get_step_url(restart.step))
            self.storage.update_response(response)
            return response
        except DatabaseError:
            if not self.confirming():
                raise
            # Whatever failed (a lock wait that timed out, a lost connection), case_create
            # runs in one transaction: nothing was saved, the wizard keeps its data and
            # staged files, and confirming again creates the case.
            logger.exception("Confirming a case in the wizard failed; the seller can retry.")
            messages.error(
                request,
                _(
                    "We could not create your case because of a problem on our side. "
                    "Your data is still here: confirm again."
                ),
            )
            return redirect(self.get_step_url("resumen"))

    def confirming(self) -> bool:
        """This request is the summary's confirmation."""
        step = self.request.POST.get(f"{getattr(self, 'prefix', '')}-current_step")
        return self.request.method == "POST" and step == "resumen"

    def get(self, *args, **kwargs):
        step = kwargs.get("step")
        if step is None and "reset" in self.request.GET:
            self.discard_staged()
            response = super().get(*args, **kwargs)  # a fresh wizard
            prefill = prefill_take(self.request.session)
            if prefill is not None:
                self.storage.extra_data = {**self.storage.extra_data, "prefill": asdict(prefill)}
            return response
        if step == self.done_step_name:
            # The case is created on the POST of the summary, never on a GET.
            return redirect(self.get_step_url(self.steps.current))
        if step in self.get_form_list() and step != self.steps.first and not self.started():
            raise WizardRestart(
                self.steps.first,
                SESSION_EXPIRED,
            )
        return super().get(*args, **kwargs)

    def post(self, *args, **kwargs):
        self.upload_guard = self.guard_uploads()
        return csrf_protect(self.checked_post)(self.request, *args, **kwargs)

    def checked_post(self, request, *args, **kwargs):
        already = self.already_created_case()
        if already is not None:
            messages.info(
                self.request,
                _("Case %(number)s was already created: this is its summary.")
                % {"number": already.number},
            )
            return redirect("cases:created", number=already.number)
        management = ManagementForm(self.request.POST, prefix=self.prefix)
        if not management.is_valid() and not self.request.POST.get("wizard_goto_step"):
            raise WizardRestart(self.steps.current, _("The form was incomplete: try again."))
        posted_step = management.cleaned_data.get("current_step") if management.is_valid() else None
        if not self.started() and (posted_step or self.steps.current) != self.steps.first:
            raise WizardRestart(
                self.steps.first,
                SESSION_EXPIRED,
            )
        suggested = self.suggestion_post()  # the first step's "Cuéntanos qué pasó" box
        if suggested is not None:
            return suggested
        if self.steps.current == "datos":
            self.stage_uploads()
        goto = self.request.POST.get("wizard_goto_step")
        if goto in self.get_form_list() and self.steps.current == "datos":
            # Going back keeps what was typed on this step, even unfinished.
            self.storage.set_step_data("datos", self.request.POST)
        return super().post(*args, **kwargs)

    def started(self) -> bool:
        return self.storage.get_step_data(self.steps.first) is not None

    def already_created_case(self) -> Case | None:
        """The case of a summary confirmed before (double click, back button, other tab)."""
        raw = self.request.POST.get("resumen-submission_key", "")
        try:
            key = uuid.UUID(raw)
        except ValueError:
            return None
        if key == self.submission_key(create=False):
            return None  # this wizard's own confirmation, still to be done
        return Case.objects.filter(seller=self.seller, submission_key=key).first()

    # --- the choices made so far, checked against the current taxonomy --------------
    def chosen(self, step: str):
        """The option picked at a choice step, still valid today, or a restart there."""
        if step in self._memo:
            return self._memo[step]
        data = self.storage.get_step_data(step)
        if data is None:
            raise WizardRestart(
                self.steps.first,
                SESSION_EXPIRED,
            )
        form = self.get_form(step=step, data=data)
        if not form.is_valid():
            self.storage.set_step_data(step, None)
            raise WizardRestart(
                step,
                _("The option you chose in “%(step)s” is no longer available. Choose another one.")
                % {"step": STEP_TITLES[step]},
            )
        self._memo[step] = form.cleaned_data[CHOICE_STEPS[step]]
        return self._memo[step]

    def get_form_kwargs(self, step=None):
        if step == "area":
            return {"record_type": self.chosen("tipo")}
        if step == "causa":
            return {"area": self.chosen("area")}
        if step == "datos":
            return {
                "cause": self.chosen("causa"),
                "country": self.seller.country,
                "staged": self.staged(),
                "upload_errors": getattr(self, "_upload_errors", {}),
            }
        return {}

    def get_form_initial(self, step):
        if step == "resumen":
            return {"submission_key": self.submission_key()}
        if step == self.steps.first:
            return {"problem": self.problem_text()}
        prefill = self.prefill()
        if step == "datos":
            # What the seller wrote in "Cuéntanos qué pasó" is the description they start with.
            initial = {"description": self.problem_text()}
            if prefill is not None:
                answers = {ANSWER_PREFIX + key: value for key, value in prefill.answers.items()}
                description = "\n\n".join(
                    text for text in (self.problem_text(), prefill.description) if text
                )
                initial = {"subject": prefill.subject, "description": description, **answers}
            return initial
        return super().get_form_initial(step)

    def prefill(self) -> CasePrefill | None:
        """What this wizard was started with (wizard_prefill), if anything."""
        return CasePrefill.from_dict(self.storage.extra_data.get("prefill"))

    def submission_key(self, *, create: bool = True):
        key = self.storage.extra_data.get("submission_key")
        if key is None and create:
            key = str(uuid.uuid4())
            self.storage.extra_data = {**self.storage.extra_data, "submission_key": key}
        return uuid.UUID(key) if key else None

    def process_step(self, form):
        step = self.steps.current
        if step == "datos":
            # Keyed when the data is in, so showing the summary writes nothing.
            self.submission_key()
        if step in CHOICE_STEPS:
            self.forget_later_answers_if_changed(step, form)
        if step == self.steps.first:
            self.keep_problem_text(form.cleaned_data["problem"])
        if step == "resumen" and form.cleaned_data["submission_key"] != self.submission_key():
            raise WizardRestart("resumen", _("This summary was out of date. Check it again."))
        return super().process_step(form)

    def process_step_files(self, form):
        return {}  # files are staged as they arrive (stage_uploads)

    def forget_later_answers_if_changed(self, step, form):
        previous = self.storage.get_step_data(step)
        field = f"{step}-{CHOICE_STEPS[step]}"
        new_value = str(form.cleaned_data[CHOICE_STEPS[step]].pk)
        if previous is None or previous.get(field) == new_value:
            return
        dropped = [s for s in LATER_STEPS[step] if self.storage.get_step_data(s) is not None]
        for later in LATER_STEPS[step]:
            self.storage.set_step_data(later, None)
        self.discard_staged()
        self._memo.clear()
        if dropped:
            messages.info(
                self.request,
                _(
                    "You changed “%(step)s”: we cleared the answers that no longer apply "
                    "(%(steps)s)."
                )
                % {
                    "step": STEP_TITLES[step],
                    "steps": ", ".join(str(STEP_TITLES[s]) for s in dropped),
                },
            )

    # --- staged files ----------------------------------------------------------------
    def staged(self) -> dict:
        return self.storage.extra_data.get("staged", {})

    def file_inputs(self) -> list[str]:
        """The file inputs of the details form of the chosen cause (without the prefix)."""
        return file_input_names(self.chosen("causa").fields.all())

    def guard_uploads(self) -> staging.StagingGuard:
        """Refuse, while the body is read, the files this POST cannot stage (all of them
        but on the details step). Called before anything reads the body."""
        room = staging.Room(files={}, bytes=0)
        if self.steps.current == "datos":
            # On a restart, nothing is staged: the request goes on to the same restart.
            with contextlib.suppress(WizardRestart):
                room = staging.Room.left(inputs=self.file_inputs(), staged=self.staged())
        guard = staging.StagingGuard(self.request, room=room, prefix="datos-")
        self.request.upload_handlers.insert(0, guard)
        return guard

    def stage_uploads(self):
        """Store each valid new file now; remember why the others were refused."""
        staged = {name: list(entries) for name, entries in self.staged().items()}
        removed = set(self.request.POST.getlist("remove_staged"))
        for name, entries in staged.items():
            staging.discard(e for e in entries if e["id"] in removed)
            staged[name] = [e for e in entries if e["id"] not in removed]
        errors, unknown_input = staging.stage_posted(
            self.request.FILES,
            prefix="datos-",
            staged=staged,
            room=staging.Room.left(inputs=self.file_inputs(), staged=staged),
            refused=self.upload_guard.refused,
            owner_id=self.request.user.pk,
        )
        if unknown_input:
            messages.warning(
                self.request,
                _("Some files were not saved: they do not belong to any field of this form."),
            )
        self.storage.extra_data = {**self.storage.extra_data, "staged": staged}
        self._upload_errors = errors

    def discard_staged(self):
        for entries in self.staged().values():
            staging.discard(entries)
        if self.storage.extra_data.get("staged"):
            self.storage.extra_data = {**self.storage.extra_data, "staged": {}}

    # --- rendering -------------------------------------------------------------------
    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        step = self.steps.current
        context["step_titles"] = [
            (name, STEP_TITLES[name], i) for i, name in enumerate(self.get_form_list(), 1)
        ]
        context["step_title"] = STEP_TITLES[step]
        prefill = self.prefill()
        context["linked_reference"] = describe_reference(prefill.reference) if prefill else None
        order = list(self.get_form_list())
        context["choices"] = [
            (STEP_TITLES[s], self.chosen(s))
            for s in order[: order.index(step)]
            if s in CHOICE_STEPS
        ]
        if step == "datos":
            context["staged"] = self.staged()
        if step == "resumen":
            data_form = self.get_form(step="datos", data=self.storage.get_step_data("datos"))
            if data_form.is_valid():
                context["data_form"] = data_form
                context["answer_rows"] = self.answer_rows(data_form)
        return context

    def answer_rows(self, data_form):
        rows = []
        for definition in data_form.definitions:
            value = data_form.cleaned_data.get(ANSWER_PREFIX + definition.key)
            if definition.field_type == FieldType.FILE:
                display = ", ".join(e["name"] for e in value or [])
            else:
                display = serialize_answer(definition, value, country=self.seller.country)[
                    "display"
                ]
            rows.append((definition.label, display or "—"))
        return rows

    # --- the end ---------------------------------------------------------------------
    def render_done(self, form, **kwargs):
        """Revalidate every step, then create the case on this POST (never on a GET)."""
        final = {}
        for step in self.get_form_list():
            step_form = self.get_form(step=step, data=self.storage.get_step_data(step))
            if not step_form.is_valid():
                if step in CHOICE_STEPS:
                    text = _(
                        "The option you chose in “%(step)s” is no longer available. "
                        "Choose another one."
                    )
                else:
                    text = _("Something changed in “%(step)s”: check it before confirming.")
                messages.warning(self.request, text % {"step": STEP_TITLES[step]})
                return self.render_revalidation_failure(step, step_form, **kwargs)
            final[step] = step_form
        return self.done(list(final.values()), form_dict=final, **kwargs)

    def done(self, form_list, form_dict, **kwargs):
        data_form = form_dict["datos"]
        answers, opened = {}, []
        for key, value in data_form.answers().items():
            if isinstance(value, list):  # staged files
                value = [staging.open_staged(entry) for entry in value]
                opened.extend(value)
            answers[key] = value
        extra = [staging.open_staged(e) for e in data_form.cleaned_data.get(EXTRA_FILES, [])]
        try:
            case = case_create(
                seller=self.seller,
                created_by=self.request.user,
                cause=form_dict["causa"].cleaned_data["cause"],
                subject=data_form.cleaned_data["subject"],
                description=data_form.cleaned_data["description"],
                answers=answers,
                attachments=extra,
                submission_key=self.submission_key(),
                external_reference=prefill.reference if (prefill := self.prefill()) else "",
            )
        except ValidationError as exc:
            raise WizardRestart("causa", " ".join(exc.messages)) from exc
        finally:
            for handle in [*opened, *extra]:
                handle.close()
        self.discard_staged()
        self.storage.reset()
        messages.success(
            self.request, _("Your case was created: number %(number)s.") % {"number": case.number}
        )
        return redirect("cases:created", number=case.number)
