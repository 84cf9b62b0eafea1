"""CREAR CASO's first step, "Cuéntanos qué pasó": the seller writes what happened,
**Sugerir motivo** offers the three most likely causes, and picking one fills the first
three steps and lands on that cause's form with the text as the description.

A plain form post (no JavaScript needed); with JavaScript the suggestions come as the
seller types (cases/views/cause_suggestions.py, static/cases/cause-suggest.js) and are
the same buttons, posted here. Only cause names are ever shown (cases/triage/suggest.py).
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..forms.suggest import ProblemForm, SuggestedCausePickForm
from ..triage.suggest import suggest_causes
from ..triage.throttle import suggestion_allowed

# The buttons of the box (their `name`): ask for suggestions, pick one (value: its id).
SUGGEST = "suggest_cause"
PICK = "pick_cause"
# Where the text waits in the wizard's storage until it becomes the description.
PROBLEM = "problem"


class CauseSuggestionStep:
    """Mixed into CaseCreateWizard: its checked POST asks `suggestion_post` first."""

    def suggestion_post(self):
        """The response to a press of the box's buttons, or None for any other post."""
        if self.steps.current != self.steps.first:
            return None
        if SUGGEST in self.request.POST:
            return self.suggest()
        if PICK in self.request.POST:
            return self.pick()
        return None

    def problem_text(self) -> str:
        return self.storage.extra_data.get(PROBLEM, "")

    def keep_problem_text(self, text: str) -> None:
        if text != self.problem_text():
            self.storage.extra_data = {**self.storage.extra_data, PROBLEM: text}

    def suggest(self):
        form = ProblemForm(self.request.POST, prefix=self.steps.first)
        suggestions = None
        if form.is_valid():
            self.keep_problem_text(form.cleaned_data["problem"])
            if suggestion_allowed(self.request.user.pk):
                suggestions = suggest_causes(form.cleaned_data["problem"])
            else:
                form.add_error(
                    "problem",
                    _(
                        "You asked for many suggestions in a row: wait a minute, or choose "
                        "the reason yourself below."
                    ),
                )
        return self.render_first_step(problem_form=form, suggestions=suggestions)

    def pick(self):
        form = SuggestedCausePickForm(
            {
                "problem": self.request.POST.get(f"{self.steps.first}-problem", ""),
                "cause": self.request.POST.get(PICK, ""),
            }
        )
        if not form.is_valid():
            return self.render_first_step(problem_form=form, suggestions=None)
        text = form.cleaned_data["problem"]
        self.keep_problem_text(text)
        self.fill_choice_steps(form.cleaned_data["cause"], text=text)
        self.storage.current_step = "datos"
        response = redirect(self.get_step_url("datos"))
        self.storage.update_response(response)
        return response

    def fill_choice_steps(self, cause, *, text: str) -> None:
        """The first three steps as if the seller had walked them to `cause`; what they
        answered on the later steps stays only when the cause is the same."""
        previous = self.storage.get_step_data("causa")
        if previous is None or previous.get("causa-cause") != str(cause.pk):
            if self.storage.get_step_data("datos") is not None:
                messages.info(
                    self.request,
                    _("You chose another reason: we cleared the answers that no longer apply."),
                )
            self.storage.set_step_data("datos", None)
            self.discard_staged()
        self.storage.set_step_data(
            "tipo", {"tipo-record_type": [str(cause.area.record_type_id)], "tipo-problem": [text]}
        )
        self.storage.set_step_data("area", {"area-area": [str(cause.area_id)]})
        self.storage.set_step_data("causa", {"causa-cause": [str(cause.pk)]})
        self._memo.clear()

    def render_first_step(self, *, problem_form, suggestions):
        """The first step again, with what the seller typed and chose kept as it was."""
        form = self.get_form(step=self.steps.first)
        posted_type = self.request.POST.get(f"{self.steps.first}-record_type")
        if posted_type:
            form.initial["record_type"] = posted_type
        form.initial["problem"] = self.request.POST.get(f"{self.steps.first}-problem", "")
        return self.render(
            form,
            problem_errors=problem_form.errors.get("problem", []),
            pick_errors=problem_form.errors.get("cause", []),
            suggestions=suggestions,
        )
