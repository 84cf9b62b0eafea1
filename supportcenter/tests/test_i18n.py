import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "es" / "LC_MESSAGES"


class TestSpanishCatalogue:
    @pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is missing")
    def test_the_committed_mo_matches_the_po(self, tmp_path):
        compiled = tmp_path / "django.mo"
        subprocess.run(
            ["msgfmt", "--check-format", "-o", compiled, LOCALE / "django.po"], check=True
        )

        with open(compiled, "rb") as fresh, open(LOCALE / "django.mo", "rb") as committed:
            assert (
                gettext.GNUTranslations(committed)._catalog
                == gettext.GNUTranslations(fresh)._catalog
            ), "Run `make messages` and commit locale/es/LC_MESSAGES/django.mo"

    def test_every_source_string_has_a_spanish_translation(self):
        text = (LOCALE / "django.po").read_text()
        entries = text.split("\n\n")[1:]

        untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') or "fuzzy" in e]

        assert untranslated == []

    def test_the_ui_speaks_chilean_spanish(self):
        with translation.override("es-cl"):
            assert translation.gettext("HELP") == "AYUDA"
            assert translation.gettext("My account") == "Mi cuenta"
            assert translation.gettext("Support center") == "Centro de soporte"
