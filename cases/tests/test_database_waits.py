"""A seller's or an agent's request blocked by a lock held elsewhere (another connection
keeps the seller's count rows, or the taxonomy, locked for longer than the timeout):
an answer within the timeout, with what the user typed kept where the page has a form."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Case, Cause, SellerCaseCount
from cases.status import CaseStatus
from cases.tests.factories import CauseFactory, case_in_status
from cases.tests.wizard_helpers import PREFIX, confirm, messages_of, run_wizard, step_url
from supportcenter.tests.database_helpers import Stopwatch, lock_held, short_waits

pytestmark = pytest.mark.django_db(transaction=True)

S = CaseStatus
CONFIRM_AGAIN = (
    "No pudimos crear tu caso por un problema nuestro. Tus datos siguen aquí: vuelve a confirmar."
)
BOUND = 5  # seconds: the lock timeout (1 s here) and some room for a slow machine


def counts_locked(seller):
    """Another transaction holds the seller's count rows (as a long case write would)."""
    table = SellerCaseCount._meta.db_table
    return lock_held(f"SELECT * FROM {table} WHERE seller_id = %s FOR UPDATE", [seller.pk])


@pytest.fixture
def browser(seller_user):
    browser = Client(raise_request_exception=False)
    browser.force_login(seller_user)
    return browser


class TestTheWizardsConfirmation:
    def test_blocked_on_the_counts_it_asks_to_confirm_again_and_then_creates_one_case(
        self, browser, seller_user
    ):
        cause = CauseFactory()
        case_in_status(seller_user, None, S.OPEN)  # the seller's count rows exist
        run_wizard(browser, cause, subject="Pago no recibido")

        with short_waits(lock_timeout=1), counts_locked(seller_user.seller), Stopwatch() as took:
            failed, key = confirm(browser)
        back = browser.get(failed["Location"])

        assert took.seconds < BOUND
        assert failed["Location"] == step_url("resumen")
        assert CONFIRM_AGAIN in back.content.decode()
        assert "Pago no recibido" in back.content.decode()
        assert Case.objects.filter(subject="Pago no recibido").count() == 0

        again = browser.post(
            step_url("resumen"),
            {f"{PREFIX}-current_step": "resumen", "resumen-submission_key": key},
            follow=True,
        )
        [case] = Case.objects.filter(subject="Pago no recibido")
        assert again.redirect_chain[-1][0] == reverse("cases:created", args=[case.number])

    def test_blocked_anywhere_else_in_the_confirmation_it_asks_the_same(self, browser):
        cause = CauseFactory()
        summary = run_wizard(browser, cause, subject="Pago no recibido")
        key = summary.context["wizard"]["form"].initial["submission_key"]
        # The summary's checks read the taxonomy, before any case is written.
        taxonomy = Cause._meta.db_table

        with (
            short_waits(lock_timeout=1),
            lock_held(f"LOCK TABLE {taxonomy} IN ACCESS EXCLUSIVE MODE"),
            Stopwatch() as took,
        ):
            failed = browser.post(
                step_url("resumen"),
                {f"{PREFIX}-current_step": "resumen", "resumen-submission_key": key},
            )

        assert took.seconds < BOUND
        assert failed["Location"] == step_url("resumen")
        assert messages_of(browser.get(failed["Location"])) == [CONFIRM_AGAIN]
        assert not Case.objects.filter(subject="Pago no recibido").exists()


class TestTheCasePageForms:
    def test_a_blocked_reopen_comes_back_with_the_reason_as_typed(
        self, browser, seller_user, agent
    ):
        case = case_in_status(seller_user, agent, S.RESOLVED)

        with short_waits(lock_timeout=1), counts_locked(seller_user.seller), Stopwatch() as took:
            response = browser.post(
                reverse("cases:reopen", args=[case.number]), {"reason": "Sigue llegando el cobro"}
            )

        assert took.seconds < BOUND
        assert response.status_code == HTTPStatus.OK
        page = response.content.decode()
        assert "El servicio está ocupado y no se guardó nada" in page
        assert "Sigue llegando el cobro</textarea>" in page
        case.refresh_from_db()
        assert case.status == S.RESOLVED


class TestTheAgentsDesk:
    def test_a_blocked_status_change_gets_the_busy_page(self, seller_user, agent):
        case = case_in_status(seller_user, agent, S.IN_PROGRESS)
        desk = Client(raise_request_exception=False)
        desk.force_login(agent)

        with short_waits(lock_timeout=1), counts_locked(seller_user.seller), Stopwatch() as took:
            response = desk.post(
                reverse("admin:cases_case_reply_resolve", args=[case.pk]),
                {"body": "Reprocesamos el pago."},
            )

        assert took.seconds < BOUND
        assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert "El servicio está ocupado, intenta de nuevo" in response.content.decode()
        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS
