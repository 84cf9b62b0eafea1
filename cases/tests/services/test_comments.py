import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import EventKind
from cases.selectors.cases import case_page_data, seller_attachments
from cases.services.cases import case_change_status
from cases.services.comments import comment_add
from cases.status import CaseStatus
from cases.tests.factories import (
    create_case,
    upload,
)
from cases.tests.services.helpers import kinds

pytestmark = pytest.mark.django_db
S = CaseStatus


class TestComments:
    def test_an_agents_first_public_reply_starts_the_case(self, seller_user, agent):
        case = create_case(seller_user)

        comment_add(case=case, author=agent, body="Lo estamos revisando")

        case.refresh_from_db()
        assert case.status == S.IN_PROGRESS
        assert case.first_response_at is not None
        assert kinds(case) == [EventKind.CREATED, EventKind.COMMENT, EventKind.STATUS_CHANGED]

    def test_internal_notes_and_their_files_never_reach_the_seller(self, seller_user, agent):
        case = create_case(seller_user)
        comment_add(case=case, author=seller_user, body="¿Novedades?")
        note = comment_add(
            case=case,
            author=agent,
            body="Seller con historial de reclamos",
            internal=True,
            attachments=[upload("interno.pdf")],
        )

        page = case_page_data(case=case)
        assert [c.body for c in page["comments"]] == ["¿Novedades?"]
        assert all(not e.is_internal for e in page["events"])
        assert EventKind.INTERNAL_NOTE not in [e.kind for e in page["events"]]
        assert page["attachments"] == []
        assert not seller_attachments(seller=seller_user.seller).filter(comment=note).exists()
        case.refresh_from_db()
        assert case.status == S.OPEN

    def test_a_seller_cannot_write_internal_notes(self, seller_user):
        with pytest.raises(PermissionDenied):
            comment_add(case=create_case(seller_user), author=seller_user, body="x", internal=True)

    def test_a_seller_cannot_write_on_a_resolved_case(self, seller_user, agent):
        case = case_change_status(case=create_case(seller_user), to_status=S.RESOLVED, actor=agent)

        with pytest.raises(ValidationError) as exc:
            comment_add(case=case, author=seller_user, body="Hola")

        assert exc.value.code == "case_not_open"

    def test_another_seller_cannot_write(self, seller_user, other_seller_user):
        with pytest.raises(PermissionDenied):
            comment_add(case=create_case(seller_user), author=other_seller_user, body="Hola")
