from django.contrib import admin

from . import agents, case, taxonomy  # noqa: F401  (registers the ModelAdmins)
from .desk import desk_panel

# The agents' desk opens the admin (supportcenter/admin_site.py).
admin.site.add_index_panel(desk_panel)
