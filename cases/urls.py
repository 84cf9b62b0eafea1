from django.urls import path, register_converter

from .trays import TrayConverter
from .views import case_actions, case_page, cause_suggestions, home, trays
from .views.wizard import CaseCreateWizard

app_name = "cases"

register_converter(TrayConverter, "tray")

create_case = CaseCreateWizard.as_view(url_name="cases:create_step", done_step_name="listo")

urlpatterns = [
    path("", home.SupportHomeView.as_view(), name="support_home"),
    path("crear/", create_case, name="create"),
    # Before the wizard's steps: "sugerir-motivo" is not a step.
    path(
        "crear/sugerir-motivo/",
        cause_suggestions.CauseSuggestionsView.as_view(),
        name="cause_suggestions",
    ),
    path("crear/<str:step>/", create_case, name="create_step"),
    path("casos/<tray:tray>/", trays.TrayView.as_view(), name="tray"),
    path("casos/<int:number>/", case_page.CaseDetailView.as_view(), name="detail"),
    path("casos/<int:number>/creado/", case_page.CaseCreatedView.as_view(), name="created"),
    path(
        "casos/<int:number>/tareas/<int:task_id>/responder/",
        case_actions.TaskAnswerView.as_view(),
        name="task_answer",
    ),
    path("casos/<int:number>/responder/", case_actions.CommentView.as_view(), name="comment"),
    path("casos/<int:number>/reabrir/", case_actions.ReopenView.as_view(), name="reopen"),
    path("casos/<int:number>/confirmar/", case_actions.ConfirmSolvedView.as_view(), name="confirm"),
    path("casos/<int:number>/calificar/", case_actions.RateView.as_view(), name="rate"),
    path("adjuntos/<uuid:pk>/", case_page.AttachmentDownloadView.as_view(), name="attachment"),
]
