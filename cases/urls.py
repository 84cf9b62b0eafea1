from django.urls import path, register_converter

from .trays import TrayConverter
from .views import case_page, home, trays

app_name = "cases"

register_converter(TrayConverter, "tray")

urlpatterns = [
    path("", home.SupportHomeView.as_view(), name="support_home"),
    path("casos/<tray:tray>/", trays.TrayView.as_view(), name="tray"),
    path("casos/<int:number>/", case_page.CaseDetailView.as_view(), name="detail"),
    path("adjuntos/<uuid:pk>/", case_page.AttachmentDownloadView.as_view(), name="attachment"),
]
