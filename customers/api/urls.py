from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "customers_api"

urlpatterns = [
    path("solicitudes/", views.RequestCreateView.as_view(), name="requests"),
    path(
        "solicitudes/<str:external_id>/mensajes/",
        views.MessageCreateView.as_view(),
        name="messages",
    ),
    path("adjuntos/<uuid:pk>/", views.AttachmentView.as_view(), name="attachment"),
    # The OpenAPI 3 document (YAML; ?format=json for JSON).
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
]
