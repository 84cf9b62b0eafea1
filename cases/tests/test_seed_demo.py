import pytest
from django.core.management import call_command

from accounts.models import Seller, User
from accounts.roles import SUPPORT_GROUP_NAME
from cases.models import Case, CaseEvent, RecordType
from cases.status import CaseStatus

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Seller.objects.values_list("code", "trade_name", "country")),
        sorted(User.objects.values_list("email", "is_staff", "is_superuser", "seller__code")),
        sorted(Case.objects.values_list("number", "status")),
        CaseEvent.objects.count(),
        RecordType.objects.count(),
    )


class TestSeedDemo:
    def test_creates_the_demo_sellers_and_logins(self):
        call_command("seed_demo")

        assert Seller.objects.get(legal_name="Tienda Demo SpA").country == "CL"
        assert Seller.objects.get(legal_name="Otra Tienda Ltda").country == "CL"
        seller = User.objects.get(email="seller@demo.cl")
        colleague = User.objects.get(email="seller.b@demo.cl")
        assert seller.seller == colleague.seller
        assert User.objects.get(email="seller2@demo.cl").seller != seller.seller
        agent = User.objects.get(email="agente@demo.cl")
        assert agent.is_staff and not agent.is_superuser
        assert agent.groups.filter(name=SUPPORT_GROUP_NAME).exists()
        assert User.objects.get(email="admin@demo.cl").is_superuser
        assert seller.check_password("demo-seller-2026")
        assert colleague.check_password("demo-seller-2026")
        assert agent.check_password("demo-agent-2026")
        assert User.objects.get(email="admin@demo.cl").check_password("demo-admin-2026")

    def test_running_it_twice_changes_nothing(self):
        call_command("seed_demo")
        first = snapshot()

        call_command("seed_demo")

        assert snapshot() == first

    def test_gives_every_screen_something_real(self):
        call_command("seed_demo")

        demo = Case.objects.filter(seller__code="DEMO-0001")
        assert set(demo.values_list("status", flat=True)) == set(CaseStatus.values)
        assert demo.filter(status=CaseStatus.WAITING_ON_SELLER, tasks__status="open").exists()
        assert demo.filter(comments__isnull=False).exists()
        assert demo.filter(attachments__isnull=False).exists()
        assert Case.objects.filter(seller__code="DEMO-0002").exists()
