"""The admin site: Django's, with a start page the apps can add panels to.

The cases app puts the agents' desk (its queues) at the top of the start page, above the
list of models; `supportcenter` itself knows no app's panel.
"""

from collections.abc import Callable

from django.contrib.admin import AdminSite
from django.http import HttpRequest

# A panel: given the request, its HTML (or "" when it has nothing for this user).
IndexPanel = Callable[[HttpRequest], str]


class SupportAdminSite(AdminSite):
    index_template = "admin/support_index.html"

    def __init__(self, name="admin"):
        super().__init__(name)
        self.index_panels: list[IndexPanel] = []

    def add_index_panel(self, panel: IndexPanel) -> None:
        self.index_panels.append(panel)

    def index(self, request, extra_context=None):
        panels = [html for panel in self.index_panels if (html := panel(request))]
        return super().index(request, {"index_panels": panels, **(extra_context or {})})
