"""Integrations of the marketplace API: made, given a new token, revoked (the admin)."""

from django.db import transaction
from django.utils import timezone

from ..models import Integration
from ..tokens import new_token, new_webhook_secret, token_hash, token_prefix


def integration_prepare(integration: Integration) -> str:
    """Give a new (unsaved) integration its token and webhook secret; returns the token,
    the only time it exists in clear."""
    token = new_token()
    integration.token_hash, integration.token_prefix = token_hash(token), token_prefix(token)
    integration.webhook_secret = new_webhook_secret()
    return token


def integration_rotate_token(*, integration: Integration) -> str:
    """A new token: the old one stops working at once. Returns the new one, in clear."""
    token = new_token()
    with transaction.atomic():
        Integration.objects.filter(pk=integration.pk).update(
            token_hash=token_hash(token),
            token_prefix=token_prefix(token),
            is_active=True,
            revoked_at=None,
        )
    return token


def integration_revoke(*, integration: Integration) -> None:
    Integration.objects.filter(pk=integration.pk, is_active=True).update(
        is_active=False, revoked_at=timezone.now()
    )
