from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .views import HomeView

admin.site.site_header = _("Seller Center · Support")
admin.site.site_title = _("Seller Center support")
admin.site.index_title = _("Support agents' desk")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("cuenta/", include("accounts.urls")),
    path("cuenta/", include("notifications.urls")),
    path("soporte/", include("cases.urls")),
    path("atencion/", include("customers.urls")),
    path("api/v1/", include("customers.api.urls")),
    path("admin/", admin.site.urls),
]
