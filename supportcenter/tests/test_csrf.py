"""CSRF: every form that posts carries a token, and every endpoint that takes a POST
refuses one without it (403, in Spanish) and works with it. A browser-like client
(`enforce_csrf_checks=True`) opens the page with the form, as a user would."""

import re
from dataclasses import dataclass
from http import HTTPStatus

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.tests.factories import PASSWORD
from cases.models import Case
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, case_in_status, create_case
from cases.tests.wizard_helpers import PREFIX, step_url

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
NEW_PASSWORD = "otra-clave-segura-2026"


def browser(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def token_on(page: str) -> str:
    """The page's token, after checking that every form on it that posts has one."""
    forms = POST_FORM.findall(page)
    assert forms, "no form that posts on the page"
    assert all(TOKEN.search(form) for form in forms), "a form that posts has no CSRF token"
    return TOKEN.search(page).group(1)


def refused_then_accepted(client, page_url, action_url, data, *, follow_page=False):
    """POST without the token (refused), then with the page's token; returns the second."""
    page = client.get(page_url, follow=follow_page)
    assert page.status_code == HTTPStatus.OK, page_url
    token = token_on(page.content.decode())

    refused = client.post(action_url, data)

    assert refused.status_code == HTTPStatus.FORBIDDEN, action_url
    assert "El formulario expiró" in refused.content.decode()
    return client.post(action_url, {**data, "csrfmiddlewaretoken": token})


@dataclass
class Endpoint:
    page: str  # where the form is
    action: str  # where it posts
    data: dict
    user: object = None


@pytest.fixture
def endpoints(seller_user, agent):
    """Each endpoint that takes a POST (but the wizard's, below): its form and its data."""
    cause = CauseFactory()
    waiting = create_case(seller_user, cause=cause)
    task = task_open(case=waiting, requested_by=agent, request_text="Envía la boleta.")
    resolved = case_in_status(seller_user, agent, CaseStatus.RESOLVED, cause=cause)
    to_confirm = case_in_status(seller_user, agent, CaseStatus.RESOLVED, cause=cause)
    closed = case_in_status(seller_user, agent, CaseStatus.CLOSED, cause=cause)
    uid = urlsafe_base64_encode(force_bytes(seller_user.pk))
    reset_token = default_token_generator.make_token(seller_user)
    profile = reverse("accounts:profile")
    admin_change = reverse("admin:cases_case_change", args=[waiting.pk])
    return {
        "login": Endpoint(
            reverse("accounts:login"),
            reverse("accounts:login"),
            {"username": seller_user.email, "password": PASSWORD},
        ),
        "logout": Endpoint(profile, reverse("accounts:logout"), {}, seller_user),
        "profile": Endpoint(profile, profile, {"full_name": "Ana María"}, seller_user),
        "password change": Endpoint(
            reverse("accounts:password_change"),
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            seller_user,
        ),
        "password reset": Endpoint(
            reverse("accounts:password_reset"),
            reverse("accounts:password_reset"),
            {"email": seller_user.email},
        ),
        "password reset confirm": Endpoint(
            reverse("accounts:password_reset_confirm", args=[uid, reset_token]),
            reverse("accounts:password_reset_confirm", args=[uid, "set-password"]),
            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        ),
        "notification preferences": Endpoint(
            reverse("notifications:preferences"),
            reverse("notifications:preferences"),
            {},
            seller_user,
        ),
        "task answer": Endpoint(
            waiting.get_absolute_url(),
            reverse("cases:task_answer", args=[waiting.number, task.pk]),
            {f"tarea-{task.pk}-answer": "Adjunto la boleta."},
            seller_user,
        ),
        "comment": Endpoint(
            waiting.get_absolute_url(),
            reverse("cases:comment", args=[waiting.number]),
            {"body": "¿Novedades?"},
            seller_user,
        ),
        "reopen": Endpoint(
            resolved.get_absolute_url(),
            reverse("cases:reopen", args=[resolved.number]),
            {"reason": "Sigue pasando."},
            seller_user,
        ),
        "confirm solved": Endpoint(
            to_confirm.get_absolute_url(),
            reverse("cases:confirm", args=[to_confirm.number]),
            {},
            seller_user,
        ),
        "rating": Endpoint(
            closed.get_absolute_url(),
            reverse("cases:rate", args=[closed.number]),
            {"score": "5"},
            seller_user,
        ),
        "admin login": Endpoint(
            reverse("admin:login"),
            reverse("admin:login"),
            {"username": agent.email, "password": PASSWORD},
        ),
        "admin case change": Endpoint(
            admin_change,
            admin_change,
            {"priority": "urgent", "assigned_to": "", "_continue": "1"},
            agent,
        ),
        "admin case reply": Endpoint(
            admin_change,
            reverse("admin:cases_case_reply", args=[waiting.pk]),
            {"body": "Estamos revisando."},
            agent,
        ),
    }


ENDPOINT_NAMES = [
    "login",
    "logout",
    "profile",
    "password change",
    "password reset",
    "password reset confirm",
    "notification preferences",
    "task answer",
    "comment",
    "reopen",
    "confirm solved",
    "rating",
    "admin login",
    "admin case change",
    "admin case reply",
]


class TestEveryEndpoint:
    @pytest.mark.parametrize("name", ENDPOINT_NAMES)
    def test_refuses_a_post_without_the_token_and_accepts_it_with_the_token(self, endpoints, name):
        endpoint = endpoints[name]
        client = browser(endpoint.user)

        response = refused_then_accepted(
            client, endpoint.page, endpoint.action, endpoint.data, follow_page=True
        )

        assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]

    def test_the_list_covers_every_endpoint(self, endpoints):
        assert sorted(endpoints) == sorted(ENDPOINT_NAMES)


class TestTheWizard:
    def test_each_step_needs_the_token_and_the_case_is_created_with_it(self, seller_user):
        cause = CauseFactory()
        client = browser(seller_user)
        steps = [
            ("tipo", {"record_type": cause.area.record_type_id}),
            ("area", {"area": cause.area_id}),
            ("causa", {"cause": cause.pk}),
            ("datos", {"subject": "Pago no recibido", "description": "Falta octubre."}),
        ]
        for step, data in steps:
            payload = {f"{PREFIX}-current_step": step}
            payload.update({f"{step}-{key}": value for key, value in data.items()})

            response = refused_then_accepted(client, step_url(step), step_url(step), payload)

            assert response.status_code == HTTPStatus.FOUND, step
        summary = client.get(step_url("resumen"))
        key = summary.context["wizard"]["form"].initial["submission_key"]
        confirm = {f"{PREFIX}-current_step": "resumen", "resumen-submission_key": key}

        response = refused_then_accepted(client, step_url("resumen"), step_url("resumen"), confirm)

        case = Case.objects.get()
        assert response["Location"] == reverse("cases:created", args=[case.number])


class TestTheRefusal:
    def test_is_a_spanish_page_that_says_what_to_do(self, seller_user):
        response = browser(seller_user).post(reverse("accounts:profile"), {"full_name": "X"})

        page = response.content.decode()
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "El formulario expiró" in page
        assert "recarga la página" in page
        seller_user.refresh_from_db()
        assert seller_user.full_name == "Ana Pérez"
