"""What the wizard keeps on disk before the case exists: only the cause's file fields,
a few files each, a bounded total; whatever it refuses never reaches MEDIA_ROOT."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from cases.models import Case
from cases.tests.factories import EXE_BYTES, PDF_BYTES, upload
from cases.tests.wizard_helpers import PREFIX, cause, confirm, messages_of, post_step, step_url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_taxonomy")]

ANSWERS = {
    "answer_settlement_number": "LIQ-1",
    "answer_period": "2026-10",
    "answer_amount": "15000",
    "subject": "Asunto",
    "description": "Detalle",
}


def files_on_disk(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdfs(count: int, stem: str = "detalle") -> list:
    return [upload(f"{stem}-{n}.pdf", PDF_BYTES) for n in range(count)]


def staged(client) -> dict:
    return client.session[f"wizard_{PREFIX}"]["extra_data"].get("staged", {})


@pytest.fixture
def at_data_step(seller_client):
    """A seller on "Datos del caso" of a cause with one optional file field."""
    chosen = cause("Diferencia en liquidación")
    post_step(seller_client, "tipo", {"record_type": chosen.area.record_type.pk})
    post_step(seller_client, "area", {"area": chosen.area.pk})
    post_step(seller_client, "causa", {"cause": chosen.pk})
    return chosen


class TestOnlyTheCausesFileFieldsAreStaged:
    @pytest.mark.parametrize(
        "names",
        [
            [f"answer_detail_file_{n}" for n in range(6)],  # the old prefix match
            [f"attachments{n}" for n in range(6)],
            ["answer_product_photos", "answer_label_photo"],  # real fields of another cause
            ["answer_nope", "subject", "description"],
        ],
    )
    def test_files_under_invented_names_are_not_stored_and_the_seller_is_told(
        self, seller_client, at_data_step, settings, names
    ):
        files = {name: pdfs(3, stem=name) for name in names}

        response = post_step(seller_client, "datos", ANSWERS, files)

        assert files_on_disk(settings) == []
        assert staged(seller_client) == {}
        assert any(
            "no corresponden a ningún campo de este formulario" in m for m in messages_of(response)
        )

    def test_files_on_a_step_without_file_fields_are_not_stored(self, seller_client, settings):
        chosen = cause("Diferencia en liquidación")

        post_step(
            seller_client,
            "tipo",
            {"record_type": chosen.area.record_type.pk},
            {"answer_detail_file": pdfs(2), "attachments": pdfs(2)},
        )

        assert files_on_disk(settings) == []

    def test_the_real_fields_are_still_staged_next_to_invented_ones(
        self, seller_client, at_data_step, settings
    ):
        post_step(
            seller_client,
            "datos",
            ANSWERS,
            {
                "answer_detail_file": pdfs(1),
                "attachments": pdfs(1, stem="otro"),
                "answer_invented": pdfs(4, stem="invented"),
            },
        )

        assert sorted(staged(seller_client)) == ["answer_detail_file", "attachments"]
        assert len(files_on_disk(settings)) == 2


class TestFilesPerField:
    def test_one_post_over_the_limit_keeps_the_first_ones_and_says_so(
        self, seller_client, at_data_step, settings
    ):
        settings.CASE_ATTACHMENT_MAX_FILES = 3

        response = post_step(seller_client, "datos", ANSWERS, {"answer_detail_file": pdfs(7)})

        assert response.status_code == HTTPStatus.OK
        assert len(files_on_disk(settings)) == 3
        assert len(staged(seller_client)["answer_detail_file"]) == 3
        errors = response.context["form"].errors["answer_detail_file"]
        assert "puedes adjuntar hasta 3 archivos aquí." in " ".join(errors)
        assert "detalle-3.pdf" in " ".join(errors)

    def test_the_limit_counts_the_files_staged_by_earlier_posts(
        self, seller_client, at_data_step, settings
    ):
        settings.CASE_ATTACHMENT_MAX_FILES = 3
        post_step(seller_client, "datos", {"description": "d"}, {"answer_detail_file": pdfs(2)})

        response = post_step(
            seller_client, "datos", ANSWERS, {"answer_detail_file": pdfs(2, stem="mas")}
        )

        assert len(files_on_disk(settings)) == 3
        assert "puedes adjuntar hasta 3 archivos aquí." in " ".join(
            response.context["form"].errors["answer_detail_file"]
        )

    def test_each_field_has_its_own_limit(self, seller_client, at_data_step, settings):
        settings.CASE_ATTACHMENT_MAX_FILES = 2

        response = post_step(
            seller_client,
            "datos",
            ANSWERS,
            {"answer_detail_file": pdfs(2), "attachments": pdfs(2, stem="otro")},
        )

        assert response.status_code == HTTPStatus.FOUND
        assert len(files_on_disk(settings)) == 4


class TestTotalPerWizard:
    def test_files_beyond_the_total_are_refused_with_a_message(
        self, seller_client, at_data_step, settings
    ):
        settings.CASE_WIZARD_MAX_TOTAL_BYTES = 2 * len(PDF_BYTES) + 10

        response = post_step(
            seller_client,
            "datos",
            ANSWERS,
            {"answer_detail_file": pdfs(2), "attachments": pdfs(2, stem="otro")},
        )

        assert response.status_code == HTTPStatus.OK
        assert len(files_on_disk(settings)) == 2
        errors = " ".join(response.context["form"].errors["attachments"])
        assert "no se adjuntó" in errors
        assert "los archivos de un caso pueden sumar hasta" in errors

    def test_the_total_counts_what_earlier_posts_staged(
        self, seller_client, at_data_step, settings
    ):
        settings.CASE_WIZARD_MAX_TOTAL_BYTES = 3 * len(PDF_BYTES)
        for round_ in range(4):
            post_step(
                seller_client,
                "datos",
                {"description": "d"},
                {"attachments": pdfs(1, stem=f"r{round_}")},
            )

        assert len(files_on_disk(settings)) == 3

    def test_removing_a_staged_file_makes_room_again(self, seller_client, at_data_step, settings):
        settings.CASE_WIZARD_MAX_TOTAL_BYTES = len(PDF_BYTES)
        post_step(seller_client, "datos", {"description": "d"}, {"attachments": pdfs(1)})
        first = staged(seller_client)["attachments"][0]["id"]
        post_step(seller_client, "datos", {"description": "d"}, remove_staged=first)

        response = post_step(seller_client, "datos", ANSWERS, {"attachments": pdfs(1, "nuevo")})

        assert response.status_code == HTTPStatus.FOUND
        assert [e["name"] for e in staged(seller_client)["attachments"]] == ["nuevo-0.pdf"]
        assert len(files_on_disk(settings)) == 1

    def test_a_file_over_the_per_file_limit_is_refused_and_not_stored(
        self, seller_client, at_data_step, settings
    ):
        settings.CASE_ATTACHMENT_MAX_BYTES = 100

        response = post_step(
            seller_client,
            "datos",
            ANSWERS,
            {"answer_detail_file": [upload("grande.pdf", PDF_BYTES + b"x" * 5000)]},
        )

        assert files_on_disk(settings) == []
        assert "es demasiado grande" in " ".join(
            response.context["form"].errors["answer_detail_file"]
        )


class TestRefusedBytesGoNowhere:
    """Not even to Django's temporary upload files: the guard skips a refused file before
    its first chunk reaches the handler that writes it."""

    @pytest.fixture
    def written(self, settings, monkeypatch, tmp_path):
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 0  # every upload goes to a temporary file
        settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
        names = []
        original = TemporaryFileUploadHandler.receive_data_chunk

        def spy(handler, raw_data, start):
            names.append(handler.file_name)
            return original(handler, raw_data, start)

        monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", spy)
        return names

    @pytest.mark.parametrize(
        ("limits", "files"),
        [
            ({}, {"answer_invented": pdfs(2, stem="refused")}),
            (
                {"CASE_ATTACHMENT_MAX_FILES": 1},
                {"answer_detail_file": pdfs(1) + pdfs(2, "refused")},
            ),
            (
                {"CASE_ATTACHMENT_MAX_BYTES": 100},
                {"attachments": [upload("refused.pdf", PDF_BYTES * 9)]},
            ),
            (
                {"CASE_WIZARD_MAX_TOTAL_BYTES": len(PDF_BYTES)},
                {"answer_detail_file": pdfs(1), "attachments": pdfs(1, stem="refused")},
            ),
        ],
    )
    def test_a_refused_file_is_never_written(
        self, seller_client, at_data_step, settings, written, limits, files
    ):
        for name, value in limits.items():
            setattr(settings, name, value)

        post_step(seller_client, "datos", ANSWERS, files)

        assert not [name for name in written if name.startswith("refused")]
        assert not [p for p in files_on_disk(settings) if "refused" in p.name]


class TestErrorsAreShownOnce:
    @pytest.mark.parametrize(
        ("sent", "message"),
        [
            (upload("detalle.csv", EXE_BYTES), "no es un archivo permitido"),
            (upload("grande.pdf", PDF_BYTES + b"x" * 5000), "es demasiado grande"),
        ],
    )
    def test_a_refused_file_has_one_error_under_its_field(
        self, seller_client, at_data_step, settings, sent, message
    ):
        settings.CASE_ATTACHMENT_MAX_BYTES = 1000

        response = post_step(seller_client, "datos", ANSWERS, {"answer_detail_file": sent})

        errors = response.context["form"].errors["answer_detail_file"]
        assert len(errors) == 1
        assert response.content.decode().count(message) == 1


class TestTheCaseGetsWhatWasStaged:
    def test_staged_files_become_the_cases_attachments(self, seller_client, at_data_step):
        post_step(
            seller_client,
            "datos",
            ANSWERS,
            {"answer_detail_file": pdfs(2), "attachments": pdfs(1, stem="otro")},
        )

        response, _ = confirm(seller_client)

        assert response.status_code == HTTPStatus.FOUND
        names = sorted(Case.objects.get().attachments.values_list("original_name", flat=True))
        assert names == ["detalle-0.pdf", "detalle-1.pdf", "otro-0.pdf"]
        assert seller_client.get(step_url("tipo")).status_code == HTTPStatus.OK
