from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.SupportHomeView.as_view(), name="support_home"),
    path("casos/<int:number>/", views.CaseDetailView.as_view(), name="detail"),
    path("adjuntos/<uuid:pk>/", views.AttachmentDownloadView.as_view(), name="attachment"),
]
