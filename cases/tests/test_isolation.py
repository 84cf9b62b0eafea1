"""Every seller-facing URL of the support center, for five kinds of visitor: another
seller (404, nothing changes), a colleague of the same seller (sees and acts), an
anonymous visitor (log in first), a user of a deactivated seller (logged out) and a
support agent (403: agents work in the admin, where a deactivated seller's cases stay)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from accounts.models import Seller
from cases.models import Case, CaseRating, Comment, PendingTask, TaskStatus
from cases.services.comments import comment_add
from cases.services.pending_tasks import task_open
from cases.status import CaseStatus
from cases.tests.factories import case_in_status, create_case, upload

pytestmark = pytest.mark.django_db
S = CaseStatus
LISTS = [
    ("cases:support_home", []),
    ("cases:tray", ["pendientes"]),
    ("cases:tray", ["abiertos"]),
    ("cases:tray", ["cerrados"]),
    ("cases:tray", ["todos"]),
]


@pytest.fixture
def cases(seller_user, agent):
    """Seller A's cases in the states each form needs."""
    waiting = create_case(seller_user, subject="Caso secreto de A")
    comment_add(case=waiting, author=seller_user, body="x", attachments=[upload("a.pdf")])
    task = task_open(case=waiting, requested_by=agent, request_text="Envía la boleta.")
    return {
        "waiting": waiting,
        "task": task,
        "attachment": waiting.attachments.get(),
        "resolved": case_in_status(seller_user, agent, S.RESOLVED),
        "resolved_too": case_in_status(seller_user, agent, S.RESOLVED),
        "closed": case_in_status(seller_user, agent, S.CLOSED),
    }


def posts(cases) -> list[tuple[str, dict]]:
    """Each form of the case page: its URL and a valid submission."""
    task = cases["task"]
    return [
        (
            reverse("cases:task_answer", args=[cases["waiting"].number, task.pk]),
            {f"tarea-{task.pk}-answer": "Respuesta"},
        ),
        (reverse("cases:comment", args=[cases["waiting"].number]), {"body": "Hola"}),
        (reverse("cases:reopen", args=[cases["resolved"].number]), {"reason": "Sigue"}),
        (reverse("cases:confirm", args=[cases["resolved_too"].number]), {}),
        (reverse("cases:rate", args=[cases["closed"].number]), {"score": "5"}),
    ]


def case_gets(cases) -> list[str]:
    return [
        reverse("cases:detail", args=[cases["waiting"].number]),
        reverse("cases:attachment", args=[cases["attachment"].pk]),
        *(url for url, _ in posts(cases)),
    ]


def nothing_changed(cases) -> bool:
    statuses = dict(Case.objects.values_list("pk", "status"))
    return (
        PendingTask.objects.get(pk=cases["task"].pk).status == TaskStatus.OPEN
        and Comment.objects.count() == 1
        and not CaseRating.objects.exists()
        and statuses[cases["resolved"].pk] == S.RESOLVED
        and statuses[cases["resolved_too"].pk] == S.RESOLVED
    )


class TestAnotherSeller:
    @pytest.fixture
    def client_b(self, client, other_seller_user):
        client.force_login(other_seller_user)
        return client

    def test_every_case_address_is_a_404(self, client_b, cases):
        for url in case_gets(cases):
            assert client_b.get(url).status_code == HTTPStatus.NOT_FOUND, url

    def test_every_form_is_a_404_and_changes_nothing(self, client_b, cases):
        for url, data in posts(cases):
            assert client_b.post(url, data).status_code == HTTPStatus.NOT_FOUND, url

        assert nothing_changed(cases)

    @pytest.mark.parametrize(("name", "args"), LISTS)
    def test_lists_and_counts_show_none_of_them(self, client_b, cases, name, args):
        response = client_b.get(reverse(name, args=args))

        page = response.content.decode()
        assert response.status_code == HTTPStatus.OK
        assert "Caso secreto de A" not in page
        assert str(cases["waiting"].number) not in page

    def test_the_counts_are_zero(self, client_b, cases):
        response = client_b.get(reverse("cases:support_home"))

        assert {count for _, count in response.context["indicators"]} == {0}


class TestAColleagueOfTheSameSeller:
    @pytest.fixture
    def colleague_client(self, client, seller_colleague):
        client.force_login(seller_colleague)
        return client

    def test_sees_every_case_address(self, colleague_client, cases):
        detail, attachment = case_gets(cases)[:2]

        assert colleague_client.get(detail).status_code == HTTPStatus.OK
        download = colleague_client.get(attachment)
        assert download.status_code == HTTPStatus.OK
        assert download["Content-Disposition"] == 'attachment; filename="a.pdf"'

    def test_can_use_every_form(self, colleague_client, cases):
        for url, data in posts(cases):
            response = colleague_client.post(url, data)
            assert response.status_code == HTTPStatus.FOUND, url

        assert not nothing_changed(cases)
        assert Case.objects.get(pk=cases["resolved"].pk).status == S.REOPENED
        assert Case.objects.get(pk=cases["resolved_too"].pk).status == S.CLOSED
        assert CaseRating.objects.get().case == cases["closed"]

    @pytest.mark.parametrize(("name", "args"), LISTS)
    def test_lists_show_them(self, colleague_client, cases, name, args):
        expected = cases["closed"].subject if args == ["cerrados"] else "Caso secreto de A"

        assert expected in colleague_client.get(reverse(name, args=args)).content.decode()


class TestAnonymousVisitors:
    def test_are_sent_to_log_in_from_every_address(self, client, cases):
        urls = [reverse(name, args=args) for name, args in LISTS] + case_gets(cases)
        for url in urls:
            response = client.get(url)
            assert response.status_code == HTTPStatus.FOUND, url
            assert response["Location"].startswith(reverse("accounts:login")), url

    def test_cannot_send_any_form(self, client, cases):
        for url, data in posts(cases):
            response = client.post(url, data)
            assert response["Location"].startswith(reverse("accounts:login")), url

        assert nothing_changed(cases)


class TestAUserOfADeactivatedSeller:
    def test_is_logged_out_of_every_address_and_form_on_the_next_request(
        self, seller_client, seller_user, cases
    ):
        urls = [reverse(name, args=args) for name, args in LISTS] + case_gets(cases)
        urls.append(reverse("cases:create"))
        assert seller_client.get(urls[0]).status_code == HTTPStatus.OK

        Seller.objects.filter(pk=seller_user.seller_id).update(is_active=False)

        for url in urls:
            response = seller_client.get(url)
            assert response["Location"].startswith(reverse("accounts:login")), url
        for url, data in posts(cases):
            response = seller_client.post(url, data)
            assert response["Location"].startswith(reverse("accounts:login")), url
        assert nothing_changed(cases)


class TestSupportAgents:
    def test_still_find_and_open_a_deactivated_sellers_cases_in_the_admin(
        self, agent_client, seller_user, cases
    ):
        Seller.objects.filter(pk=seller_user.seller_id).update(is_active=False)
        case = cases["waiting"]

        listing = agent_client.get(reverse("admin:cases_case_changelist"), {"q": case.number})
        page = agent_client.get(reverse("admin:cases_case_change", args=[case.pk]))

        assert "Caso secreto de A" in listing.content.decode()
        assert page.status_code == HTTPStatus.OK
        assert "Caso secreto de A" in page.content.decode()

    def test_get_a_403_on_every_address_and_form(self, agent_client, cases):
        urls = [reverse(name, args=args) for name, args in LISTS] + case_gets(cases)
        for url in urls:
            assert agent_client.get(url).status_code == HTTPStatus.FORBIDDEN, url
        for url, data in posts(cases):
            assert agent_client.post(url, data).status_code == HTTPStatus.FORBIDDEN, url

        assert nothing_changed(cases)


class TestAttachments:
    def test_files_of_internal_notes_never_download(self, seller_client, seller_user, agent):
        case = create_case(seller_user)
        comment_add(
            case=case, author=agent, body="nota", internal=True, attachments=[upload("int.pdf")]
        )
        attachment = case.attachments.get()

        response = seller_client.get(reverse("cases:attachment", args=[attachment.pk]))

        assert response.status_code == HTTPStatus.NOT_FOUND
