from django.urls import path, register_converter

from .inbox import RequestListConverter
from .views import inbox, request_page, saved_answers, service_level

app_name = "customers"

register_converter(RequestListConverter, "requestlist")

urlpatterns = [
    path("", inbox.CustomersHomeView.as_view(), name="home"),
    path("solicitudes/<requestlist:request_list>/", inbox.RequestListView.as_view(), name="list"),
    path("solicitudes/<int:pk>/", request_page.RequestDetailView.as_view(), name="detail"),
    path("solicitudes/<int:pk>/responder/", request_page.AnswerView.as_view(), name="answer"),
    path("solicitudes/<int:pk>/cerrar/", request_page.CloseView.as_view(), name="close"),
    path("solicitudes/<int:pk>/escalar/", request_page.EscalateView.as_view(), name="escalate"),
    path("adjuntos/<uuid:pk>/", request_page.AttachmentDownloadView.as_view(), name="attachment"),
    path("respuestas-guardadas/", saved_answers.SavedAnswersView.as_view(), name="saved_answers"),
    path(
        "respuestas-guardadas/<int:pk>/",
        saved_answers.SavedAnswerEditView.as_view(),
        name="saved_answer_edit",
    ),
    path(
        "respuestas-guardadas/<int:pk>/eliminar/",
        saved_answers.SavedAnswerDeleteView.as_view(),
        name="saved_answer_delete",
    ),
    path("nivel-de-atencion/", service_level.ServiceLevelView.as_view(), name="service_level"),
]
