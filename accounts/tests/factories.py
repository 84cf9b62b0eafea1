import factory
from factory.django import DjangoModelFactory

from accounts.models import Country, Seller, User

PASSWORD = "a-long-test-password-2026"


class SellerFactory(DjangoModelFactory):
    class Meta:
        model = Seller

    code = factory.Sequence(lambda n: f"S-{n:05d}")
    legal_name = factory.Sequence(lambda n: f"Comercial Número {n} SpA")
    trade_name = factory.Sequence(lambda n: f"Tienda {n}")
    country = Country.CHILE
    notification_email = factory.LazyAttribute(lambda s: f"avisos-{s.code.lower()}@example.cl")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.cl")
    full_name = factory.Faker("name", locale="es_CL")
    seller = factory.SubFactory(SellerFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AgentFactory(UserFactory):
    seller = None
    is_staff = True

    @factory.post_generation
    def support_group(obj, create, extracted, **kwargs):
        if create:
            from accounts.roles import support_group

            obj.groups.add(support_group())


class SuperuserFactory(UserFactory):
    seller = None
    is_staff = True
    is_superuser = True
