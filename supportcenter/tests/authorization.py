"""The machinery of the authorisation matrix (test_authorization_matrix.py): what a
visitor may get, one line of the table, and running the table against the project."""

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus

from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anonymous", "seller_a", "colleague_a", "seller_b", "agent", "superuser"]
SELLERS = ["seller_a", "colleague_a", "seller_b"]
LOGIN_URL = reverse("accounts:login")
ADMIN_LOGIN_URL = reverse("admin:login")


# --- what a visitor gets ---------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    """A response: its status, where a redirect goes, and whether it refuses the request
    (then a POST must change nothing). `status=None`: the page works (200 or a redirect
    that is not to a login page); what it does is for the app's own tests."""

    status: int | None
    # Where a redirect goes: the start of Location, a regex it matches, or a callable
    # that gets the world and returns the start.
    to: str | re.Pattern | Callable | None = None
    refused: bool = False
    label: str = ""

    def __str__(self):
        return self.label or str(self.status)


OK = Outcome(HTTPStatus.OK)
WORKS = Outcome(None, label="works")
FOUND = Outcome(HTTPStatus.FOUND)
LOGIN = Outcome(HTTPStatus.FOUND, f"{LOGIN_URL}?next=", refused=True, label="login")
ADMIN_LOGIN = Outcome(HTTPStatus.FOUND, f"{ADMIN_LOGIN_URL}?next=", True, "admin login")
FORBIDDEN = Outcome(HTTPStatus.FORBIDDEN, refused=True)
NOT_FOUND = Outcome(HTTPStatus.NOT_FOUND, refused=True)
NOT_ALLOWED = Outcome(HTTPStatus.METHOD_NOT_ALLOWED, refused=True)
# Only a bearer token opens it (the metrics): no login does.
UNAUTHORIZED = Outcome(HTTPStatus.UNAUTHORIZED, refused=True)
# The admin shows the page again, or a message, and does nothing.
UNCHANGED = Outcome(None, refused=True, label="nothing done")


def to(where, *, refused: bool = False, label: str = "") -> Outcome:
    """A redirect to `where` (see Outcome.to)."""
    return Outcome(HTTPStatus.FOUND, where, refused, label or f"302 to {where}")


def roles(*, anonymous, seller_a, seller_b, agent, superuser, colleague_a=None) -> dict:
    """What each visitor gets; seller A's colleague gets what seller A gets unless said."""
    return {
        "anonymous": anonymous,
        "seller_a": seller_a,
        "colleague_a": seller_a if colleague_a is None else colleague_a,
        "seller_b": seller_b,
        "agent": agent,
        "superuser": superuser,
    }


def everyone(outcome: Outcome) -> dict:
    return dict.fromkeys(ROLES, outcome)


def logged_in(outcome: Outcome) -> dict:
    """Pages of one's own account: anyone logged in; anonymous visitors log in first."""
    return {**everyone(outcome), "anonymous": LOGIN}


def sellers(outcome: Outcome) -> dict:
    """Pages of one's own seller: any seller's user; agents work in the admin."""
    return roles(
        anonymous=LOGIN, seller_a=outcome, seller_b=outcome, agent=FORBIDDEN, superuser=FORBIDDEN
    )


def of_seller_a(outcome: Outcome) -> dict:
    """Seller A's things: seller A's users only; seller B is told they do not exist."""
    return {**sellers(outcome), "seller_b": NOT_FOUND}


def admin_page(*, agent: Outcome, superuser: Outcome) -> dict:
    """The admin: staff only; anyone else is sent to the admin's login page."""
    return {**everyone(ADMIN_LOGIN), "agent": agent, "superuser": superuser}


# --- a line of the table ---------------------------------------------------------------
@dataclass(frozen=True)
class Entry:
    """One address of a URL: how to build it from the world, and what each visitor gets."""

    get: dict
    kwargs: Callable = lambda w: {}
    post: Callable | None = None  # a valid submission; None: the page takes no POST
    post_expect: dict | None = None
    query: str = ""
    variant: str = ""
    path: Callable | None = None  # the address itself, for the admin's unnamed patterns
    check: Callable | None = None  # what else to check on a 200 (returns a problem)


@dataclass(frozen=True)
class Perms:
    """What a visitor may do with one model in the admin ("view add change delete")."""

    view: bool = False
    add: bool = False
    change: bool = False
    delete: bool = False

    @classmethod
    def of(cls, text: str) -> "Perms":
        return cls(**dict.fromkeys(text.split(), True))

    @property
    def sees(self) -> bool:
        return self.view or self.change


def model_admin(app_model: str, key: str, agent: str, superuser: str) -> dict:
    """The six URLs of a ModelAdmin, opening `world.objects[key]`, from what the agent
    and the superuser may do with the model."""
    app, model = app_model.split(".")
    base = f"admin:{app}_{model}"
    agent_may, superuser_may = Perms.of(agent), Perms.of(superuser)

    def obj(w):
        return w.objects[key]

    def page(outcome_for: Callable[[Perms], Outcome]) -> dict:
        return admin_page(agent=outcome_for(agent_may), superuser=outcome_for(superuser_may))

    def when(allowed: Callable[[Perms], bool], outcome: Outcome = OK):
        return lambda perms: outcome if allowed(perms) else FORBIDDEN

    def object_id(w):
        return {"object_id": obj(w).pk}

    def delete_selected(w):
        return {"action": "delete_selected", "_selected_action": [obj(w).pk], "post": "yes"}

    return {
        f"{base}_changelist": [
            Entry(
                get=page(when(lambda p: p.sees)),
                post=lambda w: {**delete_selected(w), "index": "0"},
                post_expect=page(
                    lambda p: WORKS if p.delete else UNCHANGED if p.sees else FORBIDDEN
                ),
            )
        ],
        f"{base}_add": [
            Entry(
                get=page(when(lambda p: p.add)),
                post=lambda w: {},
                post_expect=page(when(lambda p: p.add, WORKS)),
            )
        ],
        f"{base}_change": [
            Entry(
                get=page(when(lambda p: p.sees)),
                kwargs=object_id,
                post=lambda w: {},
                post_expect=page(when(lambda p: p.change, WORKS)),
            )
        ],
        f"{base}_history": [Entry(get=page(when(lambda p: p.sees)), kwargs=object_id)],
        f"{base}_delete": [
            Entry(
                get=page(when(lambda p: p.delete)),
                kwargs=object_id,
                post=lambda w: {"post": "yes"},
                post_expect=page(when(lambda p: p.delete, WORKS)),
            )
        ],
        # The bare object address redirects any staff to its change page, checked there.
        f"admin/{app}/{model}/<path:object_id>/": [
            Entry(
                get=admin_page(agent=FOUND, superuser=FOUND),
                path=lambda w: f"/admin/{app}/{model}/{obj(w).pk}/",
            )
        ],
    }


def attachment_headers(response) -> str | None:
    disposition = response.get("Content-Disposition", "")
    if not disposition.startswith("attachment; filename="):
        return f"Content-Disposition is {disposition!r}"
    if response.get("X-Content-Type-Options") != "nosniff":
        return "no X-Content-Type-Options: nosniff"
    return None


# --- the URLs the project defines ------------------------------------------------------
def project_urls(patterns=None, prefix="", namespace=""):
    """Every URL pattern, by its name (namespaced) or, when unnamed, by its route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from project_urls(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                yield prefix + str(pattern.pattern)


# --- running the table -----------------------------------------------------------------
@dataclass
class World:
    """Seller A's objects and a logged-in client per visitor."""

    users: dict
    clients: dict
    objects: dict = field(default_factory=dict)
    task_id: int = 0
    wizard_key: str = ""
    reset_link: dict = field(default_factory=dict)


def database_state() -> dict:
    """Every row of every table but the sessions (logins and wizards live there)."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model is not Session
    }


def send(client: Client, method: str, url: str, data: dict | None, *, snapshot: bool):
    """The request in a savepoint rolled back afterwards, so the next one sees the same
    world; the client's cookies are put back too (a login or logout changes them)."""
    cookies = copy.deepcopy(client.cookies)
    before = after = None
    with transaction.atomic():
        if snapshot:
            before = database_state()
        response = client.get(url) if method == "get" else client.post(url, data)
        if snapshot and not connection.needs_rollback:
            after = database_state()
        transaction.set_rollback(True)
    client.cookies = cookies
    return response, before != after


def problem(expected: Outcome, response, world: World, entry: Entry) -> str | None:
    status, location = response.status_code, response.get("Location", "")
    if expected.status is None:
        to_login = location.startswith((LOGIN_URL, ADMIN_LOGIN_URL))
        if status not in (HTTPStatus.OK, HTTPStatus.FOUND) or to_login:
            return f"got {status} {location}"
    elif status != expected.status:
        return f"got {status} {location}"
    if isinstance(expected.to, re.Pattern):
        if not expected.to.fullmatch(location):
            return f"went to {location!r}"
    elif expected.to is not None:
        target = expected.to(world) if callable(expected.to) else expected.to
        if not location.startswith(target):
            return f"went to {location!r}, not {target!r}"
    if status == HTTPStatus.OK and entry.check is not None:
        return entry.check(response)
    return None


def run(urls: dict, role: str, method: str, world: World) -> list[str]:
    """Send every line of the table as `role`; returns what did not go as expected."""
    failures = []
    for name, entries in urls.items():
        for entry in entries:
            if method == "post" and entry.post is None:
                continue
            expected = (entry.get if method == "get" else entry.post_expect)[role]
            url = entry.path(world) if entry.path else reverse(name, kwargs=entry.kwargs(world))
            url += entry.query
            data = entry.post(world) if method == "post" else None
            snapshot = method == "post" and expected.refused
            response, changed = send(world.clients[role], method, url, data, snapshot=snapshot)
            where = f"{method.upper()} {url} ({name}{' ' if entry.variant else ''}{entry.variant})"
            trouble = problem(expected, response, world, entry)
            if trouble:
                failures.append(f"{where}: expected {expected}, {trouble}")
            elif changed:
                failures.append(f"{where}: refused ({expected}) but the database changed")
    return failures
