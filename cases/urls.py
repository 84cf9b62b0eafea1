from django.urls import path

from .views import case_page, home
from .views.wizard import CaseCreateWizard

app_name = "cases"

create_case = CaseCreateWizard.as_view(url_name="cases:create_step", done_step_name="listo")

urlpatterns = [
    path("", home.SupportHomeView.as_view(), name="support_home"),
    path("crear/", create_case, name="create"),
    path("crear/<str:step>/", create_case, name="create_step"),
    path("casos/<int:number>/", case_page.CaseDetailView.as_view(), name="detail"),
    path("casos/<int:number>/creado/", case_page.CaseCreatedView.as_view(), name="created"),
    path("adjuntos/<uuid:pk>/", case_page.AttachmentDownloadView.as_view(), name="attachment"),
]
