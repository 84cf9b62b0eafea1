import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from cases.models import Area, Case, CaseField, CaseWord, Cause
from cases.search import SellerWords, matching
from cases.selectors.cases import tray_cases
from cases.status import CaseStatus
from cases.tests.factories import AreaFactory, CauseFactory, case_in_status, create_case
from cases.trays import ALL, CLOSED, OPEN, PENDING, TRAYS

pytestmark = pytest.mark.django_db
S = CaseStatus


def tray_url(slug="todos"):
    return reverse("cases:tray", args=[slug])


def numbers(response) -> list[int]:
    return [case.number for case in response.context["cases"]]


class _Selects(HTMLParser):
    def __init__(self):
        super().__init__()
        self.selects, self.select, self.group, self.option = {}, None, "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.select = self.selects.setdefault(attrs["name"], [])
        elif tag == "optgroup":
            self.group = attrs.get("label", "")
        elif tag == "option" and self.select is not None and attrs.get("value"):
            self.option = ""

    def handle_data(self, data):
        if self.option is not None:
            self.option += data

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None:
            self.select.append((self.group, self.option.strip()))
            self.option = None
        elif tag == "optgroup":
            self.group = ""
        elif tag == "select":
            self.select = None


def select_options(page: str) -> dict[str, list[tuple[str, str]]]:
    """Each <select> by name → its options (but the empty one) as (group, visible text)."""
    parser = _Selects()
    parser.feed(page)
    return parser.selects


def set_created(case, when):
    Case.objects.filter(pk=case.pk).update(created_at=when, updated_at=when)


@pytest.fixture
def one_case_per_status(seller_user, agent):
    return {status: case_in_status(seller_user, agent, status) for status in S.values}


class TestTrayContents:
    @pytest.mark.parametrize(
        ("slug", "statuses"),
        [
            ("pendientes", {S.WAITING_ON_SELLER}),
            ("abiertos", {S.OPEN, S.IN_PROGRESS, S.WAITING_ON_SELLER, S.REOPENED}),
            ("cerrados", {S.RESOLVED, S.CLOSED}),
            ("todos", set(S.values)),
        ],
    )
    def test_each_tray_lists_the_cases_of_its_statuses(
        self, seller_client, one_case_per_status, slug, statuses
    ):
        response = seller_client.get(tray_url(slug))

        expected = {one_case_per_status[s].number for s in statuses}
        assert set(numbers(response)) == expected

    @pytest.mark.parametrize("tray", TRAYS, ids=lambda t: t.slug)
    def test_the_tab_counts_equal_the_lists(self, seller_client, one_case_per_status, tray):
        response = seller_client.get(tray_url(tray.slug))

        tabs = dict(response.context["tabs"])
        assert tabs[tray] == response.context["paginator"].count == len(numbers(response))

    def test_a_row_shows_number_reason_subject_status_dates_eta_and_task_marker(
        self, seller_client, seller_user, agent
    ):
        case = case_in_status(seller_user, agent, S.WAITING_ON_SELLER, subject="Falta boleta")

        page = seller_client.get(tray_url("pendientes")).content.decode()

        assert f'<a class="fw-semibold" href="{case.get_absolute_url()}">{case.number}</a>' in page
        assert escape(case.reason) in page
        assert "Falta boleta" in page
        assert 'data-status="waiting_on_seller">Pendiente de información</span>' in page
        assert (
            f'<td class="text-nowrap">{timezone.localtime(case.created_at):%d-%m-%Y}</td>' in page
        )
        assert "Calculando…" in page
        assert '<span class="visually-hidden">Tarea pendiente</span>' in page

    def test_the_column_headers_are_spanish_and_accessible(self, seller_client, seller_user):
        create_case(seller_user)

        page = seller_client.get(tray_url()).content.decode()

        assert '<caption class="visually-hidden">Todos los casos</caption>' in page
        for header in ("Número de caso", "Motivo", "Asunto", "Estado", "Creado"):
            assert header in page
        assert 'scope="col" aria-sort="descending"' in page
        assert "Última actualización" in page and "Resolución estimada" in page

    def test_phones_and_tablets_get_a_stacked_list_instead_of_the_wide_table(
        self, seller_client, seller_user
    ):
        create_case(seller_user)

        page = seller_client.get(tray_url()).content.decode()

        assert '<div class="d-none d-lg-block table-responsive">' in page
        assert 'class="list-unstyled d-lg-none" data-testid="tray-cards"' in page

    def test_closed_cases_show_when_they_were_resolved(self, seller_client, seller_user, agent):
        case = case_in_status(seller_user, agent, S.RESOLVED)

        page = seller_client.get(tray_url("cerrados")).content.decode()

        resolved = timezone.localtime(case.resolved_at).strftime("%d-%m-%Y")
        assert f"Resuelto el {resolved}" in page

    def test_create_case_is_offered_on_the_trays(self, seller_client):
        page = seller_client.get(tray_url("abiertos")).content.decode()

        assert 'data-testid="create-case">CREAR CASO</a>' in page

    def test_an_unknown_tray_is_a_404(self, seller_client):
        assert seller_client.get("/soporte/casos/papelera/").status_code == HTTPStatus.NOT_FOUND


class TestEmptyStates:
    def test_no_open_cases_invites_to_create_one(self, seller_client):
        page = seller_client.get(tray_url("abiertos")).content.decode()

        assert "No tienes casos abiertos. ¿Necesitas ayuda?" in page
        assert page.count("CREAR CASO") == 2

    def test_no_pending_tasks_explains_when_a_case_shows_up(self, seller_client):
        page = seller_client.get(tray_url("pendientes")).content.decode()

        assert "No tienes tareas pendientes." in page

    def test_filters_that_match_nothing_offer_to_clear_them(self, seller_client, seller_user):
        create_case(seller_user, subject="Etiqueta en blanco")

        page = seller_client.get(tray_url(), {"q": "factura"}).content.decode()

        assert "Ningún caso coincide con los filtros." in page
        assert f'href="{tray_url()}">Quitar filtros</a>' in page


@pytest.mark.clock_sensitive
class TestFilters:
    def test_by_status_within_the_tray(self, seller_client, one_case_per_status):
        response = seller_client.get(tray_url("abiertos"), {"status": S.REOPENED})

        assert numbers(response) == [one_case_per_status[S.REOPENED].number]

    def test_the_status_options_are_the_trays_own(self, seller_client):
        response = seller_client.get(tray_url("cerrados"))

        choices = [value for value, _ in response.context["filter"].form.fields["status"].choices]
        assert choices == ["", S.RESOLVED, S.CLOSED]

    def test_a_status_from_another_tray_is_refused_and_ignored(
        self, seller_client, one_case_per_status
    ):
        response = seller_client.get(tray_url("cerrados"), {"status": S.OPEN})

        assert len(numbers(response)) == 2
        assert "Elige una de las opciones de la lista." in response.content.decode()

    def test_by_record_type_area_and_cause(self, seller_client, seller_user):
        cause = CauseFactory(name="Pago no recibido")
        sibling = CauseFactory(area=cause.area, name="Pago duplicado")
        other_area = CauseFactory(area=AreaFactory(record_type=cause.area.record_type))
        elsewhere = CauseFactory()
        cases = {
            c: create_case(seller_user, cause=c) for c in (cause, sibling, other_area, elsewhere)
        }

        by_type = seller_client.get(tray_url(), {"record_type": cause.area.record_type_id})
        by_area = seller_client.get(tray_url(), {"area": cause.area_id})
        by_cause = seller_client.get(tray_url(), {"cause": cause.pk})

        assert set(numbers(by_type)) == {cases[c].number for c in (cause, sibling, other_area)}
        assert set(numbers(by_area)) == {cases[cause].number, cases[sibling].number}
        assert numbers(by_cause) == [cases[cause].number]

    def test_every_option_of_every_select_reads_differently(
        self, seller_client, seller_user, default_taxonomy
    ):
        # The default taxonomy repeats area names across record types ("Órdenes y
        # despacho" in Consulta, Solicitud and Reclamo o apelación).
        CaseField.objects.update(is_active=False)
        for cause in Cause.objects.all():
            create_case(seller_user, cause=cause)

        page = seller_client.get(tray_url()).content.decode()

        selects = select_options(page)
        assert len(selects["area"]) == Area.objects.count()
        for name, options in selects.items():
            texts = [text for _group, text in options]
            repeated = {text for text in texts if texts.count(text) > 1}
            assert not repeated, f"{name} lists {repeated} more than once"
        areas = {text for _group, text in selects["area"]}
        assert {"Consulta › Órdenes y despacho", "Solicitud › Órdenes y despacho"} <= areas

    def test_the_reason_options_come_from_the_sellers_cases(self, seller_client, seller_user):
        mine = CauseFactory(name="Pago no recibido")
        CauseFactory(name="Causa que no uso")
        create_case(seller_user, cause=mine)

        page = seller_client.get(tray_url()).content.decode()

        assert ">Pago no recibido</option>" in page
        assert "Causa que no uso" not in page

    def test_the_form_is_never_stale_though_its_html_is_reused(self, seller_client, seller_user):
        create_case(seller_user, cause=CauseFactory(name="Pago no recibido"))
        seller_client.get(tray_url())
        renamed = CauseFactory(name="Factura")
        create_case(seller_user, cause=renamed)

        first = seller_client.get(tray_url()).content.decode()
        renamed.name = "Factura o nota de crédito"
        renamed.save()
        second = seller_client.get(tray_url()).content.decode()
        typed = seller_client.get(tray_url(), {"q": "boleta"}).content.decode()

        assert ">Factura</option>" in first
        assert ">Factura o nota de crédito</option>" in second
        assert 'value="boleta"' in typed and 'value="boleta"' not in second

    def test_by_creation_dates_inclusive_in_chilean_time(self, seller_client, seller_user):
        tz = timezone.get_current_timezone()
        early, middle, late = (create_case(seller_user) for _ in range(3))
        set_created(early, datetime(2026, 3, 1, 23, 30, tzinfo=tz))
        set_created(middle, datetime(2026, 3, 10, 0, 15, tzinfo=tz))
        set_created(late, datetime(2026, 3, 20, 12, 0, tzinfo=tz))

        since = seller_client.get(tray_url(), {"created_from": "2026-03-10"})
        until = seller_client.get(tray_url(), {"created_to": "2026-03-10"})
        between = seller_client.get(
            tray_url(), {"created_from": "2026-03-02", "created_to": "2026-03-19"}
        )

        assert set(numbers(since)) == {middle.number, late.number}
        assert set(numbers(until)) == {early.number, middle.number}
        assert numbers(between) == [middle.number]

    def test_dates_in_the_wrong_order_are_reported(self, seller_client, seller_user):
        create_case(seller_user)

        response = seller_client.get(
            tray_url(), {"created_from": "2026-03-10", "created_to": "2026-03-01"}
        )

        assert "La fecha final no puede ser anterior a la fecha inicial." in (
            response.content.decode()
        )

    def test_the_filters_stay_in_the_form_after_filtering(self, seller_client, seller_user):
        create_case(seller_user, subject="Etiqueta en blanco")

        page = seller_client.get(tray_url(), {"q": "etiqueta", "orden": "eta"}).content.decode()

        assert 'value="etiqueta"' in page
        assert '<option value="eta" selected>' in page


class TestSearch:
    def test_finds_a_case_by_its_number(self, seller_client, seller_user):
        wanted = create_case(seller_user, subject="Uno")
        create_case(seller_user, subject=f"Menciona {wanted.number} en el asunto")

        response = seller_client.get(tray_url(), {"q": f" {wanted.number} "})

        assert numbers(response) == [wanted.number]

    def test_a_number_too_long_to_be_a_case_finds_nothing(self, seller_client, seller_user):
        create_case(seller_user)

        response = seller_client.get(tray_url(), {"q": "9" * 30})

        assert response.status_code == HTTPStatus.OK
        assert numbers(response) == []

    def test_every_word_must_appear_in_the_subject_or_the_description(
        self, seller_client, seller_user
    ):
        both = create_case(
            seller_user, subject="Etiqueta en blanco", description="Pasa con Chilexpress"
        )
        create_case(seller_user, subject="Etiqueta cortada", description="Con Starken")
        create_case(seller_user, subject="Pago", description="CHILEXPRESS cobra de más")

        response = seller_client.get(tray_url(), {"q": "etiqueta chilexpress"})

        assert numbers(response) == [both.number]

    def test_finds_words_without_accents_in_another_form_or_by_their_beginning(
        self, seller_client, seller_user
    ):
        returned = create_case(
            seller_user, subject="Devolución en mal estado", description="Las etiquetas"
        )
        invoice = create_case(seller_user, subject="Facturación", description="Boleta")

        def found(text):
            return numbers(seller_client.get(tray_url(), {"q": text}))

        assert found("devolucion") == [returned.number]
        assert found("DEVOLUCIÓN") == [returned.number]
        assert found("etiqueta") == [returned.number]
        assert found("factu") == [invoice.number]
        assert found("devolución boleta") == []

    def test_finds_a_word_not_a_piece_of_one(self, seller_client, seller_user):
        create_case(seller_user, subject="Contracargo", description="Sin detalle")

        assert numbers(seller_client.get(tray_url(), {"q": "cargo"})) == []

    @pytest.mark.parametrize("text", ["etiqueta & !x", "etiqueta:*", "(etiqueta)", "'etiqueta"])
    def test_search_syntax_typed_by_a_seller_is_only_text(self, seller_client, seller_user, text):
        label = create_case(seller_user, subject="Etiqueta en blanco", description="x")

        response = seller_client.get(tray_url(), {"q": text})

        assert response.status_code == HTTPStatus.OK
        assert numbers(response) == [label.number]

    def test_punctuation_alone_filters_nothing(self, seller_client, seller_user):
        case = create_case(seller_user)

        assert numbers(seller_client.get(tray_url(), {"q": "¿?"})) == [case.number]

    def test_follows_the_case_however_it_is_written(self, seller_client, seller_user):
        case = create_case(seller_user, subject="Etiqueta en blanco", description="x")
        Case.objects.filter(pk=case.pk).update(subject="Pago retenido")
        case = Case.objects.get(pk=case.pk)
        case.description = "Sin liquidación"
        case.save()  # with the document deferred: only the other columns are written
        loaded = Case._base_manager.get(pk=case.pk)  # document included, then saved
        loaded.search_document = "'etiquet':1"
        loaded.save()

        def found(text):
            return numbers(seller_client.get(tray_url(), {"q": text}))

        assert found("etiqueta") == []
        assert found("pago liquidacion") == [case.number]

    @pytest.mark.parametrize(
        ("tray", "index"),
        [
            (PENDING, "case_search_waiting_idx"),
            (OPEN, "case_search_open_idx"),
            (CLOSED, "case_search_closed_idx"),
            (ALL, "case_search_idx"),
        ],
        ids=lambda value: getattr(value, "slug", value),
    )
    def test_each_tray_has_a_full_text_index_of_exactly_its_cases(self, tray, index):
        # PostgreSQL uses a partial index only for a query on the statuses it holds, and
        # at a million cases the search needs it (docs/benchmarks.md).
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
            (definition,) = cursor.fetchone()
        columns, _, predicate = definition.partition(" WHERE ")

        assert columns.endswith("USING gin (seller_id, search_document)")
        indexed = set(re.findall(r"'(\w+)'", predicate)) or set(S.values)
        assert indexed == set(tray.statuses)

    def test_without_postgresql_each_word_is_a_piece_of_text(self, seller_user, monkeypatch):
        both = create_case(seller_user, subject="Etiqueta en blanco", description="Chilexpress")
        create_case(seller_user, subject="Etiqueta cortada", description="Starken")
        monkeypatch.setattr(connection, "vendor", "sqlite")
        cases = tray_cases(seller=seller_user.seller, tray=ALL)

        found = matching(cases, "tiquet xpress", seller_id=seller_user.seller_id)

        assert [c.number for c in found] == [both.number]

    def test_the_index_holds_each_word_under_its_sellers_id(self, seller_user):
        # A word's list in the index holds one seller's cases, not every seller's: the
        # search of the largest seller no longer reads and intersects the lists of all
        # (docs/benchmarks.md, migration 0021).
        case = create_case(seller_user, subject="Etiqueta en blanco", description="x")
        seller_id = seller_user.seller_id

        document = Case._base_manager.values_list("search_document", flat=True).get(pk=case.pk)
        asked = SellerWords("etiqueta:* & blanco:*", seller_id=seller_id)
        with connection.cursor() as cursor:
            sql, params = asked.as_sql(None, connection)
            cursor.execute(f"SELECT ({sql})::text", params)
            (query,) = cursor.fetchone()

        assert f"'{seller_id}.etiquet'" in document and "'etiquet'" not in document
        assert query == f"'{seller_id}.etiquet':* & '{seller_id}.blanc':*"

    def test_follows_a_case_moved_to_another_seller(
        self, seller_client, seller_user, other_seller_user
    ):
        case = create_case(seller_user, subject="Etiqueta en blanco", description="x")
        Case.objects.filter(pk=case.pk).update(seller=other_seller_user.seller)
        client = Client()
        client.force_login(other_seller_user)

        assert numbers(seller_client.get(tray_url(), {"q": "etiqueta"})) == []
        assert numbers(client.get(tray_url(), {"q": "etiqueta"})) == [case.number]

    def test_never_finds_another_sellers_case(self, seller_client, other_seller_user):
        theirs = create_case(other_seller_user, subject="Etiqueta en blanco")

        by_number = seller_client.get(tray_url(), {"q": theirs.number})
        by_words = seller_client.get(tray_url(), {"q": "etiqueta"})

        assert numbers(by_number) == numbers(by_words) == []


class TestSorting:
    @pytest.fixture
    def three(self, seller_user):
        tz = timezone.get_current_timezone()
        cases = [create_case(seller_user) for _ in range(3)]
        # Created in the opposite order of their numbers; updated in yet another order.
        for case, day, updated in zip(cases, (3, 2, 1), (2, 3, 1), strict=True):
            Case.objects.filter(pk=case.pk).update(
                created_at=datetime(2026, 3, day, tzinfo=tz),
                updated_at=datetime(2026, 4, updated, tzinfo=tz),
                eta_due_at=datetime(2026, 5, 4 - updated, tzinfo=tz) if updated != 1 else None,
            )
        return [c.number for c in cases]

    @pytest.mark.parametrize(
        ("orden", "expected"),
        [
            (None, [0, 1, 2]),
            ("-created", [0, 1, 2]),
            ("created", [2, 1, 0]),
            ("number", [0, 1, 2]),
            ("-number", [2, 1, 0]),
            ("-updated", [1, 0, 2]),
            ("updated", [2, 0, 1]),
            ("eta", [1, 0, 2]),
            ("-eta", [0, 1, 2]),
        ],
    )
    def test_by_each_sortable_column(self, seller_client, three, orden, expected):
        params = {"orden": orden} if orden else {}

        response = seller_client.get(tray_url(), params)

        assert numbers(response) == [three[i] for i in expected]

    def test_an_unknown_order_falls_back_to_newest_first(self, seller_client, three):
        response = seller_client.get(tray_url(), {"orden": "subject; drop table"})

        assert response.status_code == HTTPStatus.OK
        assert numbers(response) == three

    def test_a_header_link_reverses_the_current_order_and_keeps_the_filters(
        self, seller_client, three
    ):
        page = seller_client.get(tray_url(), {"q": "etiqueta", "orden": "number"}).content.decode()

        assert 'aria-sort="ascending"><a href="?q=etiqueta&amp;orden=-number">' in page
        assert '<a href="?q=etiqueta&amp;orden=-created">Creado</a>' in page


@pytest.mark.clock_sensitive
class TestPagination:
    @pytest.fixture
    def sixty(self, seller_user):
        cause = CauseFactory()
        start = timezone.now() - timedelta(days=100)
        cases = []
        for n in range(60):
            case = create_case(seller_user, cause=cause, subject=f"Consulta {n}")
            set_created(case, start + timedelta(hours=n))
            cases.append(case)
        return cases

    def test_25_cases_a_page_newest_first(self, seller_client, sixty):
        first = seller_client.get(tray_url())
        third = seller_client.get(tray_url(), {"page": 3})

        assert numbers(first) == [c.number for c in reversed(sixty)][:25]
        assert len(numbers(third)) == 10
        assert "página 1 de 3" in first.content.decode()

    def test_page_links_keep_the_filters_and_the_order(self, seller_client, sixty):
        page = seller_client.get(
            tray_url(), {"q": "consulta", "orden": "number", "page": 2}
        ).content.decode()

        assert 'href="?q=consulta&amp;orden=number&amp;page=3" rel="next">Siguiente</a>' in page
        assert 'href="?q=consulta&amp;orden=number&amp;page=1" rel="prev">Anterior</a>' in page

    def test_a_page_past_the_end_shows_the_last_one(self, seller_client, sixty):
        response = seller_client.get(tray_url(), {"page": 99})

        assert response.status_code == HTTPStatus.OK
        assert response.context["page_obj"].number == 3

    @pytest.mark.parametrize("orden", ["-created", "created", "number", "-updated", "eta"])
    def test_every_page_in_every_order_holds_the_next_cases(self, seller_client, sixty, orden):
        listed = []
        for page in (1, 2, 3):
            listed += numbers(seller_client.get(tray_url(), {"orden": orden, "page": page}))

        everything = seller_client.get(tray_url(), {"orden": orden, "page": 1})
        assert len(listed) == len(set(listed)) == 60
        assert listed[:25] == numbers(everything)

    @pytest.mark.parametrize("params", [{}, {"status": S.OPEN}], ids=["plain", "by-status"])
    def test_an_unfiltered_tray_is_not_counted_again(self, seller_client, sixty, params):
        with CaptureQueriesContext(connection) as ctx:
            response = seller_client.get(tray_url(), {**params, "page": 2})

        assert response.context["paginator"].count == 60
        assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"]]

    def test_a_search_is_counted(self, seller_client, sixty):
        response = seller_client.get(tray_url(), {"q": "consulta 1"})

        # A word and the words it begins: "Consulta 1" and 10 to 19.
        assert response.context["paginator"].count == 11

    def test_a_search_reads_its_matches_once_for_the_page_and_the_count(self, seller_client, sixty):
        # Another order than the creation date: the search document's index.
        with CaptureQueriesContext(connection) as ctx:
            response = seller_client.get(
                tray_url(), {"q": "consulta", "page": 2, "orden": "number"}
            )

        searches = [q["sql"] for q in ctx.captured_queries if "search_document" in q["sql"]]
        assert response.context["paginator"].count == 60
        assert len(response.context["cases"]) == 25
        assert len(searches) == 2  # the ids and the length together, then the page's rows
        assert "OVER ()" in searches[0] and "COUNT(" not in searches[1]

    @pytest.mark.parametrize("orden", ["-created", "created"])
    def test_a_search_by_date_reads_the_words_index_once(self, seller_client, sixty, orden):
        with CaptureQueriesContext(connection) as ctx:
            response = seller_client.get(tray_url(), {"q": "consulta", "page": 2, "orden": orden})

        sql = [q["sql"] for q in ctx.captured_queries]
        assert response.context["paginator"].count == 60
        assert len(response.context["cases"]) == 25
        # The page's ids and the length from the words' index, in one query; the page's
        # cases by their ids, without the words again.
        assert len([q for q in sql if "cases_caseword" in q]) == 1
        assert not [q for q in sql if "search_document" in q]

    def test_a_searched_page_past_the_end_shows_the_last_one(self, seller_client, sixty):
        response = seller_client.get(tray_url(), {"q": "consulta 1", "page": 9})

        assert response.context["page_obj"].number == 1
        assert len(response.context["cases"]) == 11

    @pytest.mark.parametrize("page", [9, 3])
    def test_a_page_past_the_end_reads_the_words_index_once(self, seller_client, sixty, page):
        with CaptureQueriesContext(connection) as ctx:
            response = seller_client.get(tray_url(), {"q": "consulta", "page": page})

        # The length, and the last page's cases since the one asked for is past the end.
        assert response.context["page_obj"].number == 3
        assert numbers(response) == [case.number for case in sixty[9::-1]]
        assert len([q for q in ctx.captured_queries if "cases_caseword" in q["sql"]]) == 1


class TestWordIndex:
    """The trays' word search sorted by date reads the words' B-tree (CaseWord, kept by
    triggers: migration 0034); it must list exactly what the search document finds."""

    SUBJECTS = [
        ("Etiqueta en blanco", "Chilexpress no la lee"),
        ("Etiquetas dobles", "Starken"),
        ("Pago retenido", "La etiqueta dice otra cosa"),
        ("Devolución", "Etiquetado de Chilexpress"),
        ("Facturación", "Boleta"),
    ]
    SEARCHES = ["etiqueta", "etiq chilexpress", "devolucion", "de la etiqueta", "de la", "xyz"]

    @pytest.fixture
    def mixed(self, seller_user, other_seller_user, agent):
        statuses = [S.OPEN, S.IN_PROGRESS, S.WAITING_ON_SELLER, S.RESOLVED, S.OPEN]
        cases = [
            case_in_status(seller_user, agent, status, subject=subject, description=text)
            for (subject, text), status in zip(self.SUBJECTS, statuses, strict=True)
        ]
        # Another seller's cases with the same words: never listed.
        for subject, text in self.SUBJECTS:
            create_case(other_seller_user, subject=subject, description=text)
        return cases

    @pytest.mark.parametrize("tray", TRAYS, ids=lambda t: t.slug)
    @pytest.mark.parametrize("orden", ["-created", "created"])
    def test_lists_what_the_search_document_finds(
        self, seller_client, seller_user, mixed, tray, orden
    ):
        for text in self.SEARCHES:
            response = seller_client.get(tray_url(tray.slug), {"q": text, "orden": orden})
            documents = matching(
                tray_cases(seller=seller_user.seller, tray=tray),
                text,
                seller_id=seller_user.seller_id,
            ).order_by(*(("-created_at", "-pk") if orden == "-created" else ("created_at", "pk")))

            assert response.context["paginator"].count == len(documents), text
            assert numbers(response) == [case.number for case in documents], text

    def test_narrowed_by_status_and_dates(self, seller_client, mixed):
        waiting = mixed[2]
        today = timezone.localdate().isoformat()

        by_status = seller_client.get(
            tray_url("abiertos"), {"q": "etiqueta", "status": S.WAITING_ON_SELLER}
        )
        by_dates = seller_client.get(
            tray_url(), {"q": "etiqueta", "created_from": today, "created_to": today}
        )
        before = seller_client.get(tray_url(), {"q": "etiqueta", "created_to": "2020-01-01"})

        assert numbers(by_status) == [waiting.number]
        assert len(numbers(by_dates)) == 4
        assert numbers(before) == []

    def test_follows_a_case_through_its_statuses_and_dates(self, seller_client, mixed, agent):
        from cases.services.cases import case_change_status

        case = mixed[0]  # open
        case_change_status(case=Case.objects.get(pk=case.pk), to_status=S.RESOLVED, actor=agent)
        Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - timedelta(days=400))

        def found(slug, **params):
            return numbers(seller_client.get(tray_url(slug), {"q": "etiqueta", **params}))

        assert case.number not in found("abiertos")
        assert case.number in found("cerrados")
        assert found("todos", orden="created")[0] == case.number
        assert CaseWord.objects.filter(case_id=case.pk, status=S.RESOLVED).exists()

    def test_a_deleted_case_takes_its_words_along(self, seller_user):
        case = create_case(seller_user, subject="Etiqueta en blanco", description="x")
        assert set(CaseWord.objects.filter(case_id=case.pk).values_list("word", flat=True)) == {
            "etiquet",
            "blanc",
            "x",
        }

        Case.objects.filter(pk=case.pk).delete()

        assert not CaseWord.objects.filter(case_id=case.pk).exists()


class TestTrayAccess:
    @pytest.mark.parametrize("tray", TRAYS, ids=lambda t: t.slug)
    def test_never_lists_another_sellers_cases(self, seller_client, other_seller_user, agent, tray):
        for status in S.values:
            case_in_status(other_seller_user, agent, status)

        response = seller_client.get(tray_url(tray.slug))

        assert numbers(response) == []
        assert set(dict(response.context["tabs"]).values()) == {0}

    def test_users_of_the_same_seller_share_their_cases(
        self, seller_client, seller_user, seller_colleague
    ):
        mine, theirs = create_case(seller_user), create_case(seller_colleague)

        response = seller_client.get(tray_url())

        assert set(numbers(response)) == {mine.number, theirs.number}

    def test_anonymous_users_are_sent_to_log_in(self, client):
        response = client.get(tray_url())

        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_support_agents_get_a_403(self, agent_client):
        assert agent_client.get(tray_url()).status_code == HTTPStatus.FORBIDDEN


class TestTrayQueries:
    @pytest.mark.parametrize(
        "params",
        [{}, {"q": "etiqueta blanco", "orden": "eta", "created_from": "2020-01-01"}, {"q": "1"}],
        ids=["plain", "filtered", "by-number"],
    )
    def test_a_constant_number_of_queries_for_1_or_50_cases(
        self, seller_client, seller_user, agent, django_assert_max_num_queries, params
    ):
        causes = [CauseFactory() for _ in range(3)]

        def queries():
            with CaptureQueriesContext(connection) as ctx:
                response = seller_client.get(tray_url("abiertos"), params)
                assert response.status_code == HTTPStatus.OK
            return len(ctx)

        case_in_status(seller_user, agent, S.WAITING_ON_SELLER, subject="Etiqueta en blanco")
        with django_assert_max_num_queries(8):
            seller_client.get(tray_url("abiertos"), params)
        with_one = queries()
        for n in range(49):
            status = (S.OPEN, S.IN_PROGRESS, S.WAITING_ON_SELLER)[n % 3]
            case_in_status(
                seller_user, agent, status, cause=causes[n % 3], subject="Etiqueta en blanco"
            )

        with django_assert_max_num_queries(8):
            seller_client.get(tray_url("abiertos"), params)
        assert queries() == with_one
