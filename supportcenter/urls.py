from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

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
    # Replies by email pushed by a mail provider (notifications/inbound).
    path("", include("notifications.inbound.urls")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on every page, the admin's included.
    path(
        "favicon.ico",
        # Lazy: the hashed name of production's manifest is known only after collectstatic.
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True),
        name="favicon",
    ),
    # Health checks and metrics, for machines (supportcenter/ops/endpoints.py).
    path("", include("supportcenter.ops.endpoints")),
]

# A request the database gave up on gets the "busy" page (503) instead of the 500.
handler500 = "supportcenter.views.server_error"
# A file lost by the storage gets its own 404 page.
handler404 = "supportcenter.views.page_not_found"
