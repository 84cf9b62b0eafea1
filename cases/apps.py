from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# What support agents need in the admin: work cases, configure the taxonomy.
SUPPORT_PERMISSIONS = [
    "view_case",
    "change_case",
    # Each action on a case page (cases/admin/case_actions.py).
    "reply_case",
    "resolve_case",
    "add_internal_note",
    "request_information",
    "change_case_status",
    "cancel_task",
    # Respuestas rápidas: agents write and reuse them.
    *(f"{action}_quickreply" for action in ("view", "add", "change", "delete")),
    # The areas and countries agents work (their desk's queues).
    "view_agentscope",
    "add_agentscope",
    "change_agentscope",
    # "Cambiar motivo" on a case page (cases/admin/change_cause.py).
    "change_case_cause",
    *(
        f"{action}_{model}"
        for model in ("recordtype", "area", "cause", "casefield", "casefieldcountry")
        for action in ("view", "add", "change")
    ),
    "delete_casefield",
    "delete_casefieldcountry",
    # The causes' example phrases (on the cause's page) and the triage model they train.
    *(f"{action}_causeexamplephrase" for action in ("view", "add", "change", "delete")),
    "view_triagemodel",
    "train_triagemodel",
]


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Support cases")

    def ready(self):
        from accounts.roles import keep_support_permissions
        from notifications.inbound.registry import register_reply_handler

        from .emails import register_case_email_kinds
        from .replies import REFERENCE_PREFIX, handle_reply

        keep_support_permissions(self, SUPPORT_PERMISSIONS)
        register_case_email_kinds()
        register_reply_handler(REFERENCE_PREFIX, handle_reply)
