from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, its lists answering the filters they cannot apply instead of
    failing (supportcenter/admin_lists.py), its start page open to the apps' panels
    (supportcenter/admin_site.py: the agents' desk)."""

    default_site = "supportcenter.admin_site.SupportAdminSite"

    def ready(self):
        super().ready()
        # Here, not at the top: the admin's modules need the app registry ready.
        from django.contrib.admin.options import ModelAdmin

        from .admin_lists import get_changelist

        ModelAdmin.get_changelist = get_changelist
