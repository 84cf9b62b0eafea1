"""Whom and where from django-axes counts failed logins (settings AXES_*_CALLABLE).

Failures are counted per person and client address together, so a person guessing
passwords is stopped without locking the same person out everywhere else.
"""

import ipaddress

from django.conf import settings

from .identity import normalize_email


def login_identity(request, credentials: dict | None) -> str:
    """The person a login attempt is for: the email as login itself matches it."""
    submitted = (credentials or {}).get("username")
    if submitted is None and request is not None:
        submitted = request.POST.get("username")
    return normalize_email(submitted or "")


def client_address(request) -> str | None:
    """The address the request came from, as the trusted reverse proxies saw it.

    Behind TRUSTED_PROXY_COUNT proxies, each appends to X-Forwarded-For the address it
    received the request from, and the last one connects to us (REMOTE_ADDR). The client
    is therefore the N-th entry from the right: entries to its left were written by the
    client and are ignored, so no one can pick another client's address (and so its
    failure count). With no proxy, or a request that did not come through them all,
    the connection's own address is used.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    remote_address = request.META.get("REMOTE_ADDR")
    if not proxies:
        return remote_address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < proxies:
        return remote_address
    try:
        return str(ipaddress.ip_address(forwarded[-proxies].strip()))
    except ValueError:
        return remote_address
