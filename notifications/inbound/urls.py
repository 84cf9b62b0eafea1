from django.urls import path

from .views import InboundEmailWebhookView

app_name = "inbound"

urlpatterns = [
    path("correo/entrante/", InboundEmailWebhookView.as_view(), name="webhook"),
]
