"""The commands that let the model be evaluated and retrained from outside."""

import io
import sys

import pytest
from django.core.management import CommandError, call_command

from cases.models import Cause, TriageModel

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_taxonomy")]


def run(*args, stdin: str | None = None, monkeypatch=None) -> str:
    out = io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    call_command(*args, stdout=out)
    return out.getvalue()


class TestSuggestCauses:
    def test_prints_three_cause_names_best_first_separated_by_bars(self):
        output = run("suggest_causes", "el courier no vino a retirar los pedidos")

        assert output.endswith("\n") and output.count("\n") == 1
        names = output.rstrip("\n").split(" | ")
        assert len(names) == 3
        assert names[0] == "El courier no retiró"
        assert set(names) <= set(Cause.objects.values_list("name", flat=True))

    def test_with_a_file_prints_one_line_per_text(self, tmp_path):
        texts = tmp_path / "textos.txt"
        texts.write_text(
            "me cobraron de más en la liquidación\n\nolvidé mi contraseña\n", encoding="utf-8"
        )

        lines = run("suggest_causes", "--file", str(texts)).splitlines()

        assert len(lines) == 3
        assert lines[0].split(" | ")[0] == "Diferencia en liquidación"
        assert lines[1] == ""  # an empty text: no suggestion, the line is kept
        assert lines[2].split(" | ")[0] == "Acceso o contraseña"
        assert len(lines[2].split(" | ")) == 3

    def test_reads_standard_input_with_a_dash(self, monkeypatch):
        output = run(
            "suggest_causes", "--file", "-", stdin="no me llegó el pago\n", monkeypatch=monkeypatch
        )

        assert output.split(" | ")[0] == "Pago no recibido"

    def test_needs_a_text_or_a_file(self):
        with pytest.raises(CommandError):
            run("suggest_causes")


class TestTriageTrainAndReport:
    def test_train_stores_a_new_version_and_says_how_it_did(self):
        output = run("triage_train")

        model = TriageModel.objects.get()
        assert f"version {model.version}" in output
        assert "26 causes" in output
        assert "cross-validated top 1" in output

    def test_report_lists_every_cause_with_its_accuracy_and_the_confused_pairs(self):
        output = run("triage_report", "--folds", "3")

        for name in Cause.objects.values_list("name", flat=True):
            assert f"| {name} | " in output
        assert "| **all** |" in output
        assert "Most confused" in output
        assert " → " in output
