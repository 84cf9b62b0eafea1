"""Who reaches what: every URL the project defines, for six visitors.

`URLS` has an entry for each URL the resolver knows (the admin's included): how to build
its address from seller A's objects, and what each visitor gets for a GET and, where the
page takes one, a POST. A URL added without an entry fails
`test_every_url_of_the_project_has_an_entry`, so its access rule is decided when it is
written. Each request runs in a savepoint rolled back afterwards, so every line sees the
same world; a refused POST must leave every table as it was (authorization.py).
"""

import re
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.roles import support_group
from accounts.tests.factories import PASSWORD, UserFactory
from cases import emails
from cases.models import AgentScope, Case, TriageModel
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus
from cases.tests.factories import (
    CaseFieldFactory,
    CauseFactory,
    case_in_status,
    create_case,
    upload,
)
from cases.tests.wizard_helpers import PREFIX, run_wizard, step_url
from cases.triage.classifier import RECIPE
from notifications.models import InboundEmail, NotificationPreference, OutboundEmail
from notifications.services import preference_set

from .authorization import (
    FORBIDDEN,
    FOUND,
    LOGIN,
    LOGIN_URL,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    ROLES,
    SELLERS,
    UNAUTHORIZED,
    WORKS,
    Entry,
    Outcome,
    World,
    admin_page,
    attachment_headers,
    everyone,
    logged_in,
    model_admin,
    of_seller_a,
    project_urls,
    roles,
    run,
    sellers,
    to,
)
from .authorization_customers import (
    CUSTOMERS,
    CUSTOMERS_ADMIN,
    CUSTOMERS_MODEL_ADMINS,
    customers_objects,
)

pytestmark = pytest.mark.django_db

# Wizards live in each user's session: another user's summary restarts at the first step.
RESTART = to(step_url("tipo"), refused=True)
CREATED = to(re.compile(r"/soporte/casos/\d{8}/creado/"), label="the new case's page")
NEW_PASSWORD = "otra-clave-segura-2026"


def case_page(key):
    return to(lambda w: w.objects[key].get_absolute_url(), label=f"the {key} case's page")


def number(key):
    return lambda w: {"number": w.objects[key].number}


def case_form(key, data) -> Entry:
    """A form of the case page: a GET shows the case, a POST runs it."""
    return Entry(
        get=of_seller_a(case_page(key)),
        kwargs=number(key),
        post=data,
        post_expect=of_seller_a(FOUND),
    )


def seller_a_summary(w) -> dict:
    return {f"{PREFIX}-current_step": "resumen", "resumen-submission_key": w.wizard_key}


ACCOUNTS = {
    "accounts:login": [
        Entry(
            get={**everyone(to(reverse("home"))), "anonymous": OK},
            post=lambda w: {"username": w.users["seller_a"].email, "password": PASSWORD},
            # Someone logged in is sent home before the form is read.
            post_expect={**everyone(to(reverse("home"), refused=True)), "anonymous": FOUND},
        )
    ],
    "accounts:logout": [
        Entry(get=everyone(NOT_ALLOWED), post=lambda w: {}, post_expect=everyone(to(LOGIN_URL)))
    ],
    "accounts:profile": [
        Entry(
            get=logged_in(OK),
            post=lambda w: {"full_name": "Nombre Nuevo"},
            post_expect=logged_in(FOUND),
        )
    ],
    "accounts:password_change": [
        Entry(
            get=logged_in(OK),
            post=lambda w: {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            post_expect=logged_in(FOUND),
        )
    ],
    "accounts:password_reset": [
        Entry(
            get=everyone(OK),
            post=lambda w: {"email": w.users["seller_a"].email},
            post_expect=everyone(to(reverse("accounts:password_reset_done"))),
        )
    ],
    "accounts:password_reset_done": [Entry(get=everyone(OK))],
    "accounts:password_reset_confirm": [
        Entry(
            # The link of seller A's email moves its token into the session.
            get=everyone(FOUND),
            kwargs=lambda w: w.reset_link,
            post=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            post_expect=everyone(Outcome(HTTPStatus.FOUND, refused=True)),
            variant="seller A's emailed link",
        ),
        Entry(
            # Without the token in one's session: an invalid link, no password is set.
            get=everyone(OK),
            kwargs=lambda w: {**w.reset_link, "token": "set-password"},
            post=lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            post_expect=everyone(Outcome(HTTPStatus.OK, refused=True)),
            variant="set-password without the token",
        ),
    ],
    "accounts:password_reset_complete": [Entry(get=everyone(OK))],
    "notifications:preferences": [
        Entry(get=logged_in(OK), post=lambda w: {}, post_expect=logged_in(FOUND))
    ],
}

SUPPORT_CENTER = {
    "home": [
        Entry(
            get=roles(
                anonymous=LOGIN,
                seller_a=OK,
                seller_b=OK,
                agent=to(reverse("admin:index")),
                superuser=to(reverse("admin:index")),
            )
        )
    ],
    "favicon": [Entry(get=everyone(Outcome(HTTPStatus.MOVED_PERMANENTLY)))],
    "cases:support_home": [Entry(get=sellers(OK))],
    "cases:tray": [Entry(get=sellers(OK), kwargs=lambda w: {"tray": "pendientes"})],
    "cases:create": [
        Entry(
            get=sellers(FOUND),
            post=seller_a_summary,
            post_expect={**of_seller_a(CREATED), "colleague_a": RESTART, "seller_b": RESTART},
            variant="confirming seller A's summary",
        )
    ],
    "cases:create_step": [
        Entry(
            get=sellers(OK),
            kwargs=lambda w: {"step": "tipo"},
            post=lambda w: {
                f"{PREFIX}-current_step": "tipo",
                "tipo-record_type": w.objects["cause"].area.record_type_id,
            },
            post_expect=sellers(to(step_url("area"))),
            variant="the first step",
        ),
        Entry(
            get={**of_seller_a(OK), "colleague_a": RESTART, "seller_b": RESTART},
            kwargs=lambda w: {"step": "resumen"},
            post=seller_a_summary,
            post_expect={**of_seller_a(CREATED), "colleague_a": RESTART, "seller_b": RESTART},
            variant="seller A's summary",
        ),
        Entry(
            get=sellers(FOUND),
            kwargs=lambda w: {"step": "listo"},
            variant="the done step (a GET never creates)",
        ),
    ],
    "cases:detail": [
        Entry(get=of_seller_a(OK), kwargs=number("waiting")),
        Entry(
            get=sellers(NOT_FOUND), kwargs=lambda w: {"number": 99_999_999}, variant="no such case"
        ),
    ],
    "cases:created": [Entry(get=of_seller_a(OK), kwargs=number("waiting"))],
    "cases:task_answer": [
        Entry(
            get=of_seller_a(case_page("waiting")),
            kwargs=lambda w: {"number": w.objects["waiting"].number, "task_id": w.task_id},
            post=lambda w: {f"tarea-{w.task_id}-answer": "Adjunto la boleta."},
            post_expect=of_seller_a(FOUND),
        ),
        Entry(
            # Answering seller A's task under seller B's case number is a 404; a GET shows
            # seller B their own case, as for any task id (it reveals nothing).
            get={**sellers(NOT_FOUND), "seller_b": case_page("case_b")},
            kwargs=lambda w: {"number": w.objects["case_b"].number, "task_id": w.task_id},
            post=lambda w: {f"tarea-{w.task_id}-answer": "Respuesta de B"},
            post_expect=sellers(NOT_FOUND),
            variant="seller A's task under seller B's case",
        ),
    ],
    "cases:comment": [case_form("waiting", lambda w: {"body": "¿Alguna novedad?"})],
    "cases:reopen": [case_form("resolved", lambda w: {"reason": "Sigue pasando."})],
    "cases:confirm": [case_form("resolved", lambda w: {})],
    "cases:rate": [case_form("closed", lambda w: {"score": "5"})],
    # The wizard's suggestions as the seller types: sellers only, a 403 for a script.
    "cases:cause_suggestions": [
        Entry(
            get={**sellers(NOT_ALLOWED), "anonymous": FORBIDDEN},
            post=lambda w: {"texto": "el camión no pasó a buscar los paquetes"},
            post_expect={**sellers(OK), "anonymous": FORBIDDEN},
        )
    ],
    "cases:attachment": [
        Entry(
            get=of_seller_a(OK),
            kwargs=lambda w: {"pk": w.objects["attachment"].pk},
            check=attachment_headers,
            variant="a file of seller A's message",
        ),
        Entry(
            get=of_seller_a(NOT_FOUND),
            kwargs=lambda w: {"pk": w.objects["internal_attachment"].pk},
            variant="a file of an internal note",
        ),
    ],
}

STAFF_OK = admin_page(agent=OK, superuser=OK)
ALL = "view add change delete"
# Each ModelAdmin: the object its pages open, what agents (group "Soporte") and superusers
# may do with it.
MODEL_ADMINS = [
    ("auth.group", "group", "", ALL),
    ("axes.accessattempt", "attempt", "", "view change delete"),
    ("axes.accesslog", "access_log", "", "view change delete"),
    ("axes.accessfailurelog", "failure_log", "", "view change delete"),
    ("accounts.seller", "seller", "view", ALL),
    ("accounts.user", "user", "view", ALL),
    ("notifications.outboundemail", "email", "view change", "view change delete"),
    # Replies that reached the portal by email: read (and processed again) by agents.
    ("notifications.inboundemail", "inbound_email", "view change", "view change delete"),
    ("notifications.notificationpreference", "preference", "view", "view"),
    ("cases.case", "waiting", "view change", "view change"),
    ("cases.recordtype", "record_type", "view add change", ALL),
    ("cases.area", "area", "view add change", ALL),
    ("cases.cause", "cause", "view add change", ALL),
    # Versions come from training only: nobody adds or edits one.
    ("cases.triagemodel", "triage_model", "view", "view delete"),
    ("cases.casefield", "case_field", ALL, ALL),
    ("cases.agentscope", "agent_scope", "view add change", ALL),
    *CUSTOMERS_MODEL_ADMINS,
]


def case_action(key, data) -> Entry:
    """An action of the agents' case page (cases/admin/case_actions.py): a GET shows the
    case page, a POST runs it and goes back there."""
    return Entry(
        get=admin_page(agent=FOUND, superuser=FOUND),
        kwargs=lambda w: {"object_id": w.objects[key].pk},
        post=data,
        post_expect=admin_page(agent=FOUND, superuser=FOUND),
    )


def case_page_post(key, expect) -> Entry:
    """A case page's helper that answers in place (no redirect): its GET shows the case."""
    return Entry(
        get=admin_page(agent=FOUND, superuser=FOUND),
        kwargs=lambda w: {"object_id": w.objects[key].pk},
        post=lambda w: {},
        post_expect=admin_page(agent=expect, superuser=expect),
    )


CASE_ACTIONS = {
    "admin:cases_case_reply": [case_action("waiting", lambda w: {"body": "Revisamos."})],
    "admin:cases_case_reply_resolve": [
        case_action("waiting", lambda w: {"body": "Reprocesamos el pago."})
    ],
    "admin:cases_case_request_information": [
        case_action("waiting", lambda w: {"body": "Envía la cartola."})
    ],
    "admin:cases_case_internal_note": [case_action("waiting", lambda w: {"note": "Ojo."})],
    "admin:cases_case_status": [case_action("resolved", lambda w: {"status": "closed"})],
    "admin:cases_case_assign_me": [case_action("waiting", lambda w: {})],
    # "Usar" without JavaScript: nothing chosen, the case page again with the error.
    "admin:cases_case_quick_reply_use": [case_page_post("waiting", OK)],
    # The heartbeat: who else has the case open, as JSON.
    "admin:cases_case_presence": [case_page_post("waiting", OK)],
    # Cambiar motivo: its own page (with the similar solved cases); an empty form stays there.
    "admin:cases_case_change_cause": [
        Entry(
            get=STAFF_OK,
            kwargs=lambda w: {"object_id": w.objects["waiting"].pk},
            post=lambda w: {},
            post_expect=admin_page(agent=OK, superuser=OK),
        )
    ],
    # Tablero del equipo: for leads, a permission of its own that plain agents lack.
    "admin:cases_case_team_dashboard": [Entry(get=admin_page(agent=FORBIDDEN, superuser=OK))],
    "admin:cases_case_team_dashboard_refresh": [
        Entry(
            get=admin_page(agent=NOT_ALLOWED, superuser=NOT_ALLOWED),
            post=lambda w: {},
            post_expect=admin_page(agent=FORBIDDEN, superuser=FOUND),
        )
    ],
    "admin:cases_case_cancel_task": [
        Entry(
            get=admin_page(agent=FOUND, superuser=FOUND),
            kwargs=lambda w: {"object_id": w.objects["waiting"].pk, "task_id": w.task_id},
            post=lambda w: {},
            post_expect=admin_page(agent=FOUND, superuser=FOUND),
        ),
        Entry(
            get=admin_page(agent=FOUND, superuser=FOUND),
            kwargs=lambda w: {"object_id": w.objects["case_b"].pk, "task_id": w.task_id},
            post=lambda w: {},
            post_expect=admin_page(agent=NOT_FOUND, superuser=NOT_FOUND),
            variant="a request under another case's address",
        ),
    ],
}
ADMIN = {
    "admin:index": [Entry(get=STAFF_OK)],
    "admin:login": [
        Entry(
            get={**everyone(OK), "agent": FOUND, "superuser": FOUND},
            # A seller's password never opens the admin, whoever sends it.
            post=lambda w: {"username": w.users["seller_a"].email, "password": PASSWORD},
            post_expect=everyone(Outcome(HTTPStatus.OK, refused=True)),
        )
    ],
    "admin:logout": [
        Entry(
            # Staff only: anyone else is sent to the admin's front page (then its login).
            get={
                **everyone(to(reverse("admin:index"), refused=True)),
                "agent": NOT_ALLOWED,
                "superuser": NOT_ALLOWED,
            },
            post=lambda w: {},
            post_expect={
                **everyone(to(reverse("admin:index"), refused=True)),
                "agent": to(LOGIN_URL),
                "superuser": to(LOGIN_URL),
            },
        )
    ],
    "admin:password_change": [
        Entry(get=STAFF_OK, post=lambda w: {}, post_expect=admin_page(agent=WORKS, superuser=WORKS))
    ],
    "admin:password_change_done": [Entry(get=STAFF_OK)],
    "admin:autocomplete": [
        Entry(get=STAFF_OK, query="?app_label=accounts&model_name=user&field_name=seller&term=T")
    ],
    "admin:jsi18n": [Entry(get=STAFF_OK)],
    "admin:view_on_site": [
        Entry(
            get=admin_page(agent=FOUND, superuser=FOUND),
            kwargs=lambda w: {
                "content_type_id": ContentType.objects.get_for_model(Case).pk,
                "object_id": w.objects["waiting"].pk,
            },
        )
    ],
    "admin:app_list": [
        Entry(get=STAFF_OK, kwargs=lambda w: {"app_label": "cases"}, variant="cases"),
        Entry(
            get=admin_page(agent=NOT_FOUND, superuser=OK),
            kwargs=lambda w: {"app_label": "auth"},
            variant="an app agents have no permission in",
        ),
    ],
    "admin/(?P<url>.*)$": [
        Entry(get=admin_page(agent=NOT_FOUND, superuser=NOT_FOUND), path=lambda w: "/admin/nada/")
    ],
    "admin:cases_case_attachment": [
        Entry(
            get=STAFF_OK,
            kwargs=lambda w: {
                "case_id": w.objects["waiting"].pk,
                "attachment_id": w.objects["internal_attachment"].pk,
            },
            check=attachment_headers,
            variant="an internal note's file",
        ),
        Entry(
            get=admin_page(agent=NOT_FOUND, superuser=NOT_FOUND),
            kwargs=lambda w: {
                "case_id": w.objects["case_b"].pk,
                "attachment_id": w.objects["attachment"].pk,
            },
            variant="a file under another case's address",
        ),
    ],
    "admin:cases_triagemodel_train": [
        # Agents and superusers may retrain (the taxonomy's phrases are the agents').
        Entry(
            get=STAFF_OK,
            post=lambda w: {},
            post_expect=admin_page(agent=FOUND, superuser=FOUND),
        )
    ],
    "admin:auth_user_password_change": [
        Entry(
            get=admin_page(agent=FORBIDDEN, superuser=OK),
            kwargs=lambda w: {"id": w.users["seller_a"].pk},
            post=lambda w: {},
            post_expect=admin_page(agent=FORBIDDEN, superuser=WORKS),
        )
    ],
    **CASE_ACTIONS,
    **CUSTOMERS_ADMIN,
    **{url: entries for row in MODEL_ADMINS for url, entries in model_admin(*row).items()},
}


def says_only_ok(response) -> str | None:
    return None if response.content == b"ok\n" else f"answered {response.content[:80]!r}"


# For machines (supportcenter/ops/endpoints.py): the load balancer's checks answer anyone
# and tell nothing; the metrics want Prometheus' token, whoever is logged in.
OPERATIONS = {
    "health_live": [Entry(get=everyone(OK), check=says_only_ok)],
    "health_ready": [Entry(get=everyone(OK), check=says_only_ok)],
    "metrics": [Entry(get=everyone(UNAUTHORIZED))],
    # The mail provider's push of a reply: the shared secret or a bare 403, whoever asks.
    "inbound:webhook": [
        Entry(get=everyone(NOT_ALLOWED), post=lambda w: {}, post_expect=everyone(FORBIDDEN))
    ],
}

URLS = {**ACCOUNTS, **SUPPORT_CENTER, **CUSTOMERS, **ADMIN, **OPERATIONS}


@pytest.fixture
def world(seller_user, seller_colleague, other_seller_user, agent, superuser):
    """Seller A's case with an open task, a message with a file, an internal note with a
    file, a resolved and a closed case, a wizard at its summary; and seller B's case."""
    users = {
        "seller_a": seller_user,
        "colleague_a": seller_colleague,
        "seller_b": other_seller_user,
        "agent": agent,
        "superuser": superuser,
    }
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in users.items():
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(user)
    cause = CauseFactory()
    waiting = create_case(seller_user, cause=cause, subject="Caso secreto de A")
    comment_add(case=waiting, author=seller_user, body="Va", attachments=[upload("boleta.pdf")])
    comment_add(
        case=waiting, author=agent, body="Ojo", internal=True, attachments=[upload("nota.pdf")]
    )
    task = task_open(case=waiting, requested_by=agent, request_text="Envía la boleta.")
    files = {a.original_name: a for a in waiting.attachments.all()}
    preference_set(user=seller_user, kind=emails.SUPPORT_REPLIED, enabled=False)
    login_record = {
        "user_agent": "pytest",
        "ip_address": "127.0.0.1",
        "username": seller_user.email,
        "http_accept": "*/*",
        "path_info": LOGIN_URL,
    }
    world = World(
        users=users,
        clients=clients,
        objects={
            "group": support_group(),
            "seller": seller_user.seller,
            "user": seller_user,
            "record_type": cause.area.record_type,
            "area": cause.area,
            "cause": cause,
            "case_field": CaseFieldFactory(cause=cause, required=False),
            "agent_scope": AgentScope.objects.create(agent=agent, countries=["CL"]),
            "triage_model": TriageModel.objects.create(recipe=RECIPE, arrays=b""),
            "waiting": waiting,
            "attachment": files["boleta.pdf"],
            "internal_attachment": files["nota.pdf"],
            "resolved": case_in_status(seller_user, agent, CaseStatus.RESOLVED, cause=cause),
            "closed": case_in_status(seller_user, agent, CaseStatus.CLOSED, cause=cause),
            "case_b": create_case(other_seller_user, cause=cause, subject="Caso de B"),
            "email": OutboundEmail.objects.filter(user=seller_user).first(),
            "inbound_email": InboundEmail.objects.create(
                message_id="<respuesta-1@correo.example>",
                channel=InboundEmail.Channel.WEBHOOK,
                raw=b"From: ana@tiendauno.cl\r\nSubject: Re: tu caso\r\n\r\nListo.",
                from_address="ana@tiendauno.cl",
                subject="Re: tu caso",
                status=InboundEmail.Status.REFUSED,
            ),
            "preference": NotificationPreference.objects.get(user=seller_user),
            "attempt": AccessAttempt.objects.create(
                **login_record, get_data="", post_data="", failures_since_start=1
            ),
            "access_log": AccessLog.objects.create(**login_record),
            "failure_log": AccessFailureLog.objects.create(**login_record),
            **customers_objects(seller_user, other_seller_user),
        },
        task_id=task.pk,
        reset_link={
            "uidb64": urlsafe_base64_encode(force_bytes(seller_user.pk)),
            "token": default_token_generator.make_token(seller_user),
        },
    )
    run_wizard(clients["seller_a"], cause, subject="Asunto del borrador de A")
    summary = clients["seller_a"].get(step_url("resumen"))
    world.wizard_key = str(summary.context["wizard"]["form"].initial["submission_key"])
    return world


class TestTheTable:
    def test_every_url_of_the_project_has_an_entry(self):
        defined = set(project_urls())

        assert sorted(defined - set(URLS)) == [], "URLs without an access rule"
        assert sorted(set(URLS) - defined) == [], "entries for URLs that no longer exist"

    def test_a_colleague_has_the_authors_access_but_to_the_authors_own_wizard(self):
        different = {
            (name, entry.variant)
            for name, entries in URLS.items()
            for entry in entries
            if entry.get["colleague_a"] != entry.get["seller_a"]
            or (entry.post and entry.post_expect["colleague_a"] != entry.post_expect["seller_a"])
        }

        assert different == {
            ("cases:create", "confirming seller A's summary"),
            ("cases:create_step", "seller A's summary"),
        }

    def test_sellers_never_reach_the_admin(self):
        for name, entries in URLS.items():
            if not name.startswith("admin"):
                continue
            for entry, role in ((e, r) for e in entries for r in SELLERS):
                outcomes = [entry.get[role], *([entry.post_expect[role]] if entry.post else [])]
                for outcome in outcomes:
                    # The admin's login page itself opens, and refuses a seller's password.
                    assert outcome.refused or (name, outcome) == ("admin:login", OK), (name, role)


@pytest.mark.parametrize("role", ROLES)
class TestEveryURL:
    def test_get(self, world, role):
        failures = run(URLS, role, "get", world)

        assert failures == [], "\n".join(failures)

    def test_post(self, world, role):
        failures = run(URLS, role, "post", world)

        assert failures == [], "\n".join(failures)


class TestSellerAsWizard:
    def test_seller_b_can_neither_see_it_nor_confirm_it_with_its_key(self, world):
        client_b = world.clients["seller_b"]

        summary = client_b.get(step_url("resumen"), follow=True)
        confirmed = client_b.post(step_url("resumen"), seller_a_summary(world), follow=True)

        for response in (summary, confirmed):
            page = response.content.decode()
            assert response.redirect_chain[-1][0] == step_url("tipo")
            assert "Asunto del borrador de A" not in page
            assert world.wizard_key not in page
        assert not Case.objects.filter(subject="Asunto del borrador de A").exists()
        # Seller A's wizard is untouched and still confirms.
        response = world.clients["seller_a"].post(step_url("resumen"), seller_a_summary(world))
        case = Case.objects.get(subject="Asunto del borrador de A")
        assert response["Location"] == reverse("cases:created", args=[case.number])
        assert case.seller == world.users["seller_a"].seller

    def test_its_key_does_not_lead_seller_b_to_the_case_once_created(self, world):
        world.clients["seller_a"].post(step_url("resumen"), seller_a_summary(world))
        case = Case.objects.get(subject="Asunto del borrador de A")
        client_b = world.clients["seller_b"]

        response = client_b.post(step_url("resumen"), seller_a_summary(world))

        assert response["Location"] == step_url("tipo")
        created = client_b.get(reverse("cases:created", args=[case.number]))
        assert created.status_code == HTTPStatus.NOT_FOUND
        assert Case.objects.filter(subject="Asunto del borrador de A").count() == 1


class TestAdminAttachments:
    def test_need_the_permission_to_see_cases_not_only_staff_status(self, client, world):
        client.force_login(UserFactory(seller=None, is_staff=True))  # not in "Soporte"
        waiting, note_file = world.objects["waiting"], world.objects["internal_attachment"]

        response = client.get(
            reverse("admin:cases_case_attachment", args=[waiting.pk, note_file.pk])
        )

        assert response.status_code == HTTPStatus.FORBIDDEN
