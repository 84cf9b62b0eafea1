from django.urls import path
from django.views.generic import View

app_name = "customers"

urlpatterns: list = [
    path("solicitudes/<int:pk>/", View.as_view(), name="detail"),
    path("", View.as_view(), name="home"),
]
