"""The allowed file types are named in one place: every message that lists them says the
same types as the upload check accepts."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from cases.files.uploads import BINARY_TYPES, TEXT_TYPES, allowed_types_text, check_upload
from cases.forms.case_page import CommentForm
from cases.tests.factories import create_case
from customers.forms import AnswerForm

pytestmark = pytest.mark.django_db
SPANISH = "PDF, PNG, JPG, WEBP, XLSX, DOCX, CSV o TXT"


def test_the_list_names_every_type_the_check_accepts():
    with translation.override("es-cl"):
        text = allowed_types_text()

    assert text == SPANISH
    assert {ext.upper() for ext in [*BINARY_TYPES, *TEXT_TYPES]} == {
        name.strip() for name in text.replace(" o ", ", ").split(",")
    }


def test_a_refused_file_is_told_the_list():
    with translation.override("es-cl"), pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("virus.exe", b"MZ\x90\x00", "application/octet-stream"))

    assert SPANISH in refused.value.messages[0]


def test_the_case_page_and_the_customer_answer_forms_say_it(seller_user):
    with translation.override("es-cl"):
        case_page = CommentForm(case=create_case(seller_user)).fields["files"].help_text
        customers = AnswerForm().fields["files"].help_text

    assert SPANISH in case_page
    assert SPANISH in customers
