"""Invisible, direction-changing and control characters never reach what people read,
whichever form they are typed in (supportcenter/text.py)."""

import importlib
import pkgutil
import sys
import unicodedata

import pytest
from django import forms
from django.urls import reverse
from django_filters import FilterSet

from accounts.models import User
from cases.models import Case, CaseField, Comment, FieldType
from cases.services.pending_tasks import task_open
from cases.taxonomy.fields import build_form_field
from cases.tests.factories import CaseFieldFactory, CauseFactory, create_case
from cases.tests.wizard_helpers import confirm, post_step
from supportcenter.text import (
    BLANK_CHARACTERS,
    MultiLineField,
    SingleLineField,
    multi_line,
    single_line,
)

REMOVED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
EVERY_CHARACTER = [chr(code) for code in range(sys.maxunicode + 1)]
# The whole class: every control, format (zero-width, bidi...) and surrogate character,
# the line and paragraph separators, and the blank letters.
REMOVED = [
    char for char in EVERY_CHARACTER if unicodedata.category(char) in REMOVED_CATEGORIES
] + sorted(BLANK_CHARACTERS)
LINE_BREAKS = {"\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"}
# What a browser can send of them (UTF-8 has no surrogates), split into those that
# separate words and those inside a word.
SENDABLE = [char for char in REMOVED if unicodedata.category(char) != "Cs"]
INVISIBLE = "".join(char for char in SENDABLE if not char.isspace())
SPACES = "".join(char for char in SENDABLE if char.isspace())


def test_the_class_holds_the_characters_of_the_issue():
    named = "\u200b\u200c\u200d\u200e\u200f\u202a\u202e\u2060\u2066\u2069\ufeff\x00\x1b"
    assert set(named) <= set(REMOVED)
    assert len(REMOVED) > 2000  # 2048 surrogates, 65 controls, 160 and more format characters


class TestSingleLine:
    def test_removes_every_invisible_direction_or_control_character(self):
        kept = {char: single_line(f"Eti{char}queta") for char in REMOVED}

        wrong = {
            f"U+{ord(char):04X}": text
            for char, text in kept.items()
            if text != ("Eti queta" if char.isspace() else "Etiqueta")
        }
        assert wrong == {}

    def test_keeps_every_visible_character(self):
        visible = "".join(
            char for char in EVERY_CHARACTER if char.isprintable() and char not in BLANK_CHARACTERS
        )

        assert single_line(visible + "\u200b") == visible
        assert single_line("❤️ 🇨🇱 Ñandú, 15.000 · «ok» ¿sí?") == "❤️ 🇨🇱 Ñandú, 15.000 · «ok» ¿sí?"


class TestMultiLine:
    def test_keeps_line_breaks_and_tabs_and_removes_the_rest(self):
        kept = {char: multi_line(f"Eti{char}queta") for char in REMOVED}

        def expected(char):
            if char in "\n\r\t":
                return f"Eti{char}queta"
            if char in LINE_BREAKS:
                return "Eti\nqueta"
            return "Eti queta" if char.isspace() else "Etiqueta"

        wrong = {f"U+{ord(c):04X}": text for c, text in kept.items() if text != expected(c)}
        assert wrong == {}

    def test_a_message_keeps_its_layout(self):
        message = "Hola:\r\n\r\n\t1. La caja llegó abierta.\n\t2. Falta el cargador."

        assert multi_line(message) == message


class TestFields:
    @pytest.mark.parametrize("field_class", [SingleLineField, MultiLineField])
    def test_only_invisible_characters_is_nothing_typed(self, field_class):
        field = field_class(error_messages={"required": "Escribe algo."})

        with pytest.raises(forms.ValidationError) as refused:
            field.clean(f" {INVISIBLE}{SPACES} ")

        assert refused.value.messages == ["Escribe algo."]

    def test_every_text_field_of_every_form_and_filter_is_cleaned(self):
        """No form or FilterSet of the project has a plain CharField (the password fields
        and hidden fields aside: a password is a secret, taken exactly as typed)."""
        for app in ("accounts", "cases", "notifications", "customers", "supportcenter"):
            for module in pkgutil.walk_packages(importlib.import_module(app).__path__, f"{app}."):
                if not {"tests", "migrations", "settings"} & set(module.name.split(".")):
                    importlib.import_module(module.name)
        plain = [
            f"{form.__module__}.{form.__name__}.{name}"
            for form in _subclasses(forms.BaseForm)
            if form.__module__.split(".")[0] in {"accounts", "cases", "notifications", "customers"}
            for name, field in form.base_fields.items()
            if _plain_text(field)
        ]
        plain += [
            f"{filterset.__name__}.{name}"
            for filterset in _subclasses(FilterSet)
            for name, declared in filterset.base_filters.items()
            if declared.field_class is forms.CharField
        ]
        plain += [
            f"answer of type {kind}"
            for kind in FieldType.values
            if _plain_text(
                build_form_field(CaseField(label="x", key="x", field_type=kind), country="CL")
            )
        ]

        assert plain == []


def _subclasses(cls) -> list[type]:
    found = []
    for subclass in cls.__subclasses__():
        found += [subclass, *_subclasses(subclass)]
    return found


def _plain_text(field) -> bool:
    return type(field) is forms.CharField and not isinstance(
        field.widget, forms.PasswordInput | forms.HiddenInput
    )


def _only(text: str, allowed: str) -> bool:
    return set(text) <= set(allowed)


# What a seller pastes: format characters only (zero-width, bidi: what the issue found,
# and what Django's CharField kept), or every character of the class.
TYPED = {
    "format": "Eti{}queta rota".format(
        "".join(c for c in SENDABLE if unicodedata.category(c) == "Cf")
    ),
    "all": f"Eti{INVISIBLE}queta{SPACES}rota",
}


@pytest.mark.django_db
@pytest.mark.parametrize("typed", TYPED.values(), ids=TYPED.keys())
class TestWhatSellersType:
    """End to end: what a seller types through the pages is stored without them."""

    def test_the_wizard_stores_subject_description_and_answers_clean(self, seller_client, typed):
        cause = CauseFactory()
        CaseFieldFactory(cause=cause, key="reference", field_type=FieldType.SHORT_TEXT)
        CaseFieldFactory(cause=cause, key="detail", field_type=FieldType.LONG_TEXT)

        post_step(seller_client, "tipo", {"record_type": cause.area.record_type.pk})
        post_step(seller_client, "area", {"area": cause.area.pk})
        post_step(seller_client, "causa", {"cause": cause.pk})
        post_step(
            seller_client,
            "datos",
            {
                "subject": typed,
                "description": typed,
                "answer_reference": typed,
                "answer_detail": typed,
            },
        )
        confirm(seller_client)

        case = Case.objects.get()
        reference, detail = (answer["value"] for answer in case.answers)
        for one_line in (case.subject, reference):
            assert _only(one_line, "Etiqueta rota")
            assert one_line.split() == ["Etiqueta", "rota"]
        for paragraph in (case.description, detail):
            assert _only(paragraph, "Etiqueta rota\n\r\t")
            assert paragraph.split() == ["Etiqueta", "rota"]

    def test_a_message_and_an_answer_to_a_task_are_stored_clean(
        self, seller_client, seller_user, agent, typed
    ):
        case = create_case(seller_user)
        task = task_open(case=case, requested_by=agent, request_text="Envía la boleta.")

        seller_client.post(
            reverse("cases:task_answer", args=[case.number, task.pk]),
            {f"tarea-{task.pk}-answer": typed},
        )
        seller_client.post(reverse("cases:comment", args=[case.number]), {"body": typed})

        task.refresh_from_db()
        comment = Comment.objects.get(case=case, author=seller_user)
        for paragraph in (task.answer_text, comment.body):
            assert _only(paragraph, "Etiqueta rota\n\r\t")
            assert paragraph.split() == ["Etiqueta", "rota"]

    def test_a_name_is_stored_clean(self, seller_client, seller_user, typed):
        seller_client.post(reverse("accounts:profile"), {"full_name": typed})

        assert User.objects.get(pk=seller_user.pk).full_name.split() == ["Etiqueta", "rota"]
