from django.urls import path

from .views import case_page, home

app_name = "cases"

urlpatterns = [
    path("", home.SupportHomeView.as_view(), name="support_home"),
    path("casos/<int:number>/", case_page.CaseDetailView.as_view(), name="detail"),
    path("adjuntos/<uuid:pk>/", case_page.AttachmentDownloadView.as_view(), name="attachment"),
]
