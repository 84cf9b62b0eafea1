import pytest
from django.core.exceptions import ValidationError

from cases.files.uploads import check_upload, check_uploads, clean_filename
from cases.tests.factories import EXE_BYTES, PDF_BYTES, PNG_BYTES, upload


class TestCheckUpload:
    def test_a_real_pdf_is_accepted(self):
        checked = check_upload(upload("liquidacion.pdf", PDF_BYTES))

        assert checked.content_type == "application/pdf"
        assert checked.extension == ".pdf"
        assert checked.size == len(PDF_BYTES)

    def test_a_png_is_accepted_whatever_the_case_of_its_extension(self):
        assert check_upload(upload("Foto.PNG", PNG_BYTES)).content_type == "image/png"

    def test_a_csv_of_text_is_accepted(self):
        checked = check_upload(upload("detalle.csv", b"orden;monto\n123456;15000\n"))

        assert checked.content_type == "text/csv"

    def test_a_disguised_executable_named_pdf_is_refused(self):
        with pytest.raises(ValidationError) as exc:
            check_upload(upload("factura.pdf", EXE_BYTES))

        assert exc.value.code == "file_type"
        assert "factura.pdf" in exc.value.messages[0]

    def test_binary_content_named_csv_is_refused(self):
        with pytest.raises(ValidationError) as exc:
            check_upload(upload("datos.csv", EXE_BYTES))

        assert exc.value.code == "file_type"

    def test_a_pdf_renamed_to_png_is_refused(self):
        with pytest.raises(ValidationError):
            check_upload(upload("foto.png", PDF_BYTES))

    def test_an_executable_extension_is_refused(self):
        with pytest.raises(ValidationError):
            check_upload(upload("programa.exe", EXE_BYTES))

    def test_a_file_over_the_limit_is_refused_in_spanish(self, settings):
        settings.CASE_ATTACHMENT_MAX_BYTES = 1024

        with pytest.raises(ValidationError) as exc:
            check_upload(upload("grande.pdf", PDF_BYTES + b"0" * 2000))

        assert exc.value.code == "file_too_big"
        assert "El límite es 1,0\xa0KB por archivo" in exc.value.messages[0]

    def test_an_empty_file_is_refused(self):
        with pytest.raises(ValidationError) as exc:
            check_upload(upload("vacio.txt", b""))

        assert exc.value.code == "file_empty"

    def test_too_many_files_at_once_are_refused(self, settings):
        settings.CASE_ATTACHMENT_MAX_FILES = 2

        with pytest.raises(ValidationError) as exc:
            check_uploads([upload(f"{n}.pdf") for n in range(3)])

        assert exc.value.error_list[0].code == "too_many_files"


class TestCleanFilename:
    @pytest.mark.parametrize(
        ("given", "expected"),
        [
            ("../../etc/passwd.pdf", "passwd.pdf"),
            ("C:\\Users\\ana\\boleta 1.pdf", "boleta_1.pdf"),
            ("..", "archivo"),
            ("", "archivo"),
            ("foto<script>.png", "fotoscript.png"),
        ],
    )
    def test_keeps_only_a_safe_base_name(self, given, expected):
        assert clean_filename(given) == expected
