import pytest

from accounts.tests.factories import UserFactory
from notifications.selectors import (
    preferences_for,
    user_wants,
    wanted_by,
)

from .factories import (
    MANDATORY_KIND,
    OPTIONAL_KIND,
    NotificationPreferenceFactory,
)

pytestmark = pytest.mark.django_db


class TestWantedBy:
    @pytest.mark.parametrize("how_many", [1, 20])
    def test_takes_one_query_for_any_number_of_users(
        self, kinds, how_many, django_assert_num_queries
    ):
        users = UserFactory.create_batch(how_many)
        for user in users[::2]:
            NotificationPreferenceFactory(user=user, kind=OPTIONAL_KIND, enabled=False)

        with django_assert_num_queries(1):
            wanted = wanted_by(users, OPTIONAL_KIND)

        assert wanted == users[1::2]

    def test_everyone_wants_a_mandatory_kind_without_a_query(
        self, kinds, seller_user, django_assert_num_queries
    ):
        NotificationPreferenceFactory(user=seller_user, kind=MANDATORY_KIND, enabled=False)

        with django_assert_num_queries(0):
            assert wanted_by([seller_user], MANDATORY_KIND) == [seller_user]

    def test_lists_a_user_once_and_keeps_the_order(self, kinds, seller_user, seller_colleague):
        users = [seller_colleague, seller_user, seller_colleague]

        assert wanted_by(users, OPTIONAL_KIND) == [seller_colleague, seller_user]

    def test_a_preference_of_another_kind_does_not_count(self, kinds, seller_user):
        NotificationPreferenceFactory(user=seller_user, kind="another_kind", enabled=False)

        assert user_wants(seller_user, OPTIONAL_KIND)

    def test_no_users_no_query(self, kinds, django_assert_num_queries):
        with django_assert_num_queries(0):
            assert wanted_by([], OPTIONAL_KIND) == []


class TestPreferencesFor:
    def test_lists_every_kind_with_the_users_choice(self, kinds, seller_user):
        NotificationPreferenceFactory(user=seller_user, kind=OPTIONAL_KIND, enabled=False)
        NotificationPreferenceFactory(user=seller_user, kind=MANDATORY_KIND, enabled=False)

        preferences = preferences_for(seller_user)

        assert preferences[OPTIONAL_KIND] is False
        assert preferences[MANDATORY_KIND] is True
        assert preferences[kinds.hooked.key] is True


class TestKindsOffByDefault:
    @pytest.fixture
    def opt_in(self):
        from notifications.registry import EmailKind, register_kind, unregister_kind

        kind = register_kind(EmailKind(key="test_opt_in", label="Digest", default_enabled=False))
        yield kind.key
        unregister_kind(kind.key)

    def test_only_users_who_switched_it_on_get_it(self, opt_in, seller_user, seller_colleague):
        NotificationPreferenceFactory(user=seller_colleague, kind=opt_in, enabled=True)

        assert wanted_by([seller_user, seller_colleague], opt_in) == [seller_colleague]
        assert preferences_for(seller_user)[opt_in] is False
        assert preferences_for(seller_colleague)[opt_in] is True


class TestKindsNoUserChooses:
    def test_are_not_among_the_preferences(self, seller_user):
        from notifications.registry import EmailKind, register_kind, unregister_kind

        register_kind(EmailKind(key="test_to_buyers", label="To a buyer", user_choice=False))
        try:
            assert "test_to_buyers" not in preferences_for(seller_user)
        finally:
            unregister_kind("test_to_buyers")
