"""The Content-Security-Policy: no inline script or style anywhere a browser renders.

The browser journeys fail on anything the policy refuses (supportcenter/tests/e2e_fixtures.py);
these checks catch it sooner, in every template, including pages no journey opens.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# Emails are read in mail clients, where inline styles are the only ones that work.
EMAILS = {"cases/emails", "registration/password_reset_email.html"}
INLINE = {
    "a <script> without src": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> element": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle=", re.IGNORECASE),
    "an event handler attribute": re.compile(r"\son[a-z]+=", re.IGNORECASE),
    "a javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


def web_templates() -> list[Path]:
    return [
        path
        for path in sorted(TEMPLATES.rglob("*.html"))
        if not any(str(path.relative_to(TEMPLATES)).startswith(email) for email in EMAILS)
    ]


@pytest.mark.parametrize(
    "template", web_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")

    found = [what for what, pattern in INLINE.items() if pattern.search(text)]

    assert not found, f"{template.relative_to(TEMPLATES)}: {', '.join(found)}"


def test_the_scanner_sees_what_the_policy_refuses():
    assert all(
        any(pattern.search(sample) for pattern in INLINE.values())
        for sample in (
            "<script>alert(1)</script>",
            '<script type="text/javascript">',
            "<style>p{}</style>",
            '<p style="color:red">',
            '<button onclick="x()">',
            '<a href="javascript:void(0)">',
        )
    )
    assert not any(
        pattern.search('<script src="/static/js/x.js" defer></script><p class="x">')
        for pattern in INLINE.values()
    )


def test_every_page_carries_the_policy(client):
    policy = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    # The directives come in no fixed order: read them one by one.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())

    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and "unsafe-inline" not in policy
