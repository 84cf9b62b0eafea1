from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.SupportHomeView.as_view(), name="support_home"),
]
