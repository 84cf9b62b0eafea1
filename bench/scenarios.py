"""The seller pages the bench measures, built for a given seller.

The same list, page for page, for the largest seller and for a small one: their SQL is
compared name by name, and the load run uses the largest seller's.
"""

from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from accounts.models import Seller, User
from cases.models import Case, Cause
from cases.status import CaseStatus
from cases.trays import TRAYS

# A word sellers write often ("label"), and the page far down a long list.
SEARCH_WORD = "etiqueta"
DEEP_PAGE = 200
SEARCH_PAGES = (1, 20, 100, DEEP_PAGE)
# Per tray with several statuses: the status filter the bench applies.
STATUS_FILTER = {"abiertos": "in_progress", "cerrados": "closed", "todos": "waiting_on_seller"}
# The wizard files a case under a cause without required files ("Acceso o contraseña").
WIZARD_CAUSE = "Acceso o contraseña"
HOME, TRAY, CASE_PAGE, WIZARD = "home", "tray", "case", "wizard"
# Atención al cliente: its home and lists, a request's page, and the marketplace API.
INBOX, REQUEST_PAGE, API = "inbox", "request", "api"
CUSTOMER_SEARCH_WORD = "cafetera"
API_PHASE = "API: POST /api/v1/solicitudes/ (a new question each)"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    kind: str


def tray_pages(seller: Seller) -> list[Page]:
    pages = []
    for tray in TRAYS:
        url = reverse("cases:tray", args=[tray.slug])
        number = (
            Case.objects.filter(seller=seller)
            .filter(tray.condition)
            .order_by("-created_at", "-pk")
            .values_list("number", flat=True)
            .first()
        )
        variants = [("", {})]
        if tray.slug in STATUS_FILTER:
            variants.append(
                (f"status={STATUS_FILTER[tray.slug]}", {"status": STATUS_FILTER[tray.slug]})
            )
        variants.append((f"q={SEARCH_WORD}", {"q": SEARCH_WORD}))
        for label, params in variants:
            # The word search also in the middle of the list, where OFFSET costs most.
            pages_measured = SEARCH_PAGES if "q" in params else (1, DEEP_PAGE)
            for page in pages_measured:
                query = {**params, **({"page": page} if page > 1 else {})}
                name = " · ".join(p for p in (f"tray {tray.slug}", label, f"p{page}") if p)
                pages.append(Page(name, f"{url}?{urlencode(query)}" if query else url, TRAY))
        pages.append(Page(f"tray {tray.slug} · q=<number>", f"{url}?q={number or 0}", TRAY))
    return pages


def customer_pages(seller: Seller) -> list[Page]:
    """Atención al cliente: the home, each list (the longest also far down, by kind and by
    word), and the page of the request with the most messages."""
    from customers.inbox import LISTS
    from customers.models import CustomerRequest

    pages = [Page("customers home", reverse("customers:home"), INBOX)]
    for request_list in LISTS:
        url = reverse("customers:list", args=[request_list.slug])
        pages.append(Page(f"customers {request_list.slug}", url, INBOX))
    everything = reverse("customers:list", args=["todas"])
    pages += [
        Page(f"customers todas · p{DEEP_PAGE}", f"{everything}?page={DEEP_PAGE}", INBOX),
        Page("customers todas · kind=claim", f"{everything}?kind=claim", INBOX),
        Page(
            f"customers todas · q={CUSTOMER_SEARCH_WORD}",
            f"{everything}?q={CUSTOMER_SEARCH_WORD}",
            INBOX,
        ),
    ]
    busiest = (
        CustomerRequest.objects.filter(seller=seller)
        .annotate(n=Count("messages"))
        .order_by("-n", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if busiest:
        pages.append(
            Page("customer request page", reverse("customers:detail", args=[busiest]), REQUEST_PAGE)
        )
    return pages


def seller_pages(seller: Seller, *, case_number: int) -> list[Page]:
    return [
        Page("home", reverse("cases:support_home"), HOME),
        *tray_pages(seller),
        Page("case page (long case)", reverse("cases:detail", args=[case_number]), CASE_PAGE),
        *customer_pages(seller),
    ]


def longest_case(seller: Seller, status: str = CaseStatus.IN_PROGRESS) -> int:
    """The seller's case with the most messages, in the long case's status."""
    return (
        Case.objects.filter(seller=seller, status=status)
        .annotate(messages=Count("comments"))
        .order_by("-messages", "-pk")
        .values_list("number", flat=True)
        .first()
    )


def comparison_seller(*, exclude: Seller, limit: int = 200) -> Seller:
    """A small seller whose every measured page lists something (so the SQL is the same
    kind of work as the largest seller's): the fewest cases among those that qualify."""
    candidates = (
        Seller.objects.exclude(pk=exclude.pk)
        .annotate(
            total=Count("cases"),
            waiting=Count("cases", filter=Q(cases__status=CaseStatus.WAITING_ON_SELLER)),
            closed=Count("cases", filter=Q(cases__status=CaseStatus.CLOSED)),
            working=Count("cases", filter=Q(cases__status=CaseStatus.IN_PROGRESS)),
            worded_waiting=Count(
                "cases",
                filter=Q(
                    cases__status=CaseStatus.WAITING_ON_SELLER,
                    cases__subject__icontains=SEARCH_WORD,
                ),
            ),
            worded_closed=Count(
                "cases",
                filter=Q(cases__status=CaseStatus.CLOSED, cases__subject__icontains=SEARCH_WORD),
            ),
        )
        .filter(
            total__gte=10,
            waiting__gte=1,
            closed__gte=1,
            working__gte=1,
            worded_waiting__gte=1,
            worded_closed__gte=1,
        )
        .filter(*customer_lists_filled())
        .order_by("total", "pk")[:limit]
    )
    seller = candidates.first()
    if seller is None:
        raise RuntimeError("No small seller has a case in every tray: generate more data.")
    return seller


def customer_lists_filled() -> list:
    """Conditions on a seller: each Atención al cliente list shows something (an empty list
    runs one query less, which is not the data changing the page's work)."""
    from django.db.models import Exists, OuterRef
    from django.utils import timezone

    from customers.models import CustomerRequest

    mine = CustomerRequest.objects.filter(seller=OuterRef("pk"))
    return [
        Exists(mine.filter(status="awaiting", due_at__lt=timezone.now())),
        Exists(mine.filter(status="answered")),
    ]


def login_of(seller: Seller) -> User:
    return User.objects.filter(seller=seller, is_active=True).order_by("pk").first()


def wizard_plan() -> dict:
    """What the load generator posts at each step of CREAR CASO."""
    cause = Cause.objects.select_related("area__record_type").get(name=WIZARD_CAUSE)
    return {
        "record_type": cause.area.record_type_id,
        "area": cause.area_id,
        "cause": cause.pk,
        "answers": {"answer_user_email": "bodega@tienda.cl", "answer_seller_id": "SC-12345"},
        "subject": "No puedo ingresar al Seller Center",
        "description": "Desde hoy el usuario de bodega queda bloqueado al ingresar.",
    }


def as_plan(pages: list[Page]) -> list[dict]:
    return [asdict(page) for page in pages]
