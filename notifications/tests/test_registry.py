import pytest

from notifications.registry import (
    EmailKind,
    UnknownEmailKind,
    all_kinds,
    get_kind,
    register_kind,
    unregister_kind,
)


@pytest.fixture
def clean_keys():
    keys = ["test_first", "test_second"]
    yield keys
    for key in keys:
        unregister_kind(key)


class TestRegistry:
    def test_lists_kinds_in_registration_order(self, clean_keys):
        first = register_kind(EmailKind(key="test_first", label="First"))
        second = register_kind(EmailKind(key="test_second", label="Second"))

        kinds = all_kinds()

        assert kinds.index(first) < kinds.index(second)
        assert get_kind("test_second") is second

    def test_registering_a_key_again_replaces_the_kind_in_place(self, clean_keys):
        register_kind(EmailKind(key="test_first", label="First"))
        register_kind(EmailKind(key="test_second", label="Second"))
        register_kind(EmailKind(key="test_first", label="First, reloaded", mandatory=True))

        keys = [kind.key for kind in all_kinds()]

        assert keys.count("test_first") == 1
        assert keys.index("test_first") < keys.index("test_second")
        assert get_kind("test_first").mandatory is True

    def test_an_unknown_key_raises(self):
        with pytest.raises(UnknownEmailKind):
            get_kind("test_nobody_registered_this")

    def test_kinds_cannot_be_changed_after_registration(self):
        kind = EmailKind(key="test_first", label="First")

        with pytest.raises(AttributeError):
            kind.mandatory = True  # type: ignore[misc]
