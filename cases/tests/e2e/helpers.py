"""What the journeys do again and again: log in, check a page fits a phone, run axe."""

from pathlib import Path

from django.conf import settings
from playwright.sync_api import Page, expect

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/cuenta/ingresar/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    expect(page.get_by_role("button", name="Mi cuenta")).to_be_visible()


# Anything visible that reaches past the right edge of the viewport (ignoring what is
# visually hidden on purpose, and what sits inside a container that scrolls on its own).
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(el);
    if (style.visibility === "hidden" || style.display === "none") continue;
    if (el.closest(".visually-hidden, .visually-hidden-focusable:not(:focus)")) continue;
    if (box.right > width + 0.5 || box.left < -0.5) {
      const id = el.id ? "#" + el.id : "";
      const cls = el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).join(".") : "";
      const span = `[${Math.round(box.left)}, ${Math.round(box.right)}]`;
      found.push(`${el.tagName.toLowerCase()}${id}${cls} ${span}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, found};
}"""


def assert_fits_the_screen(page: Page) -> None:
    """Nothing cut off at the sides, nothing needs horizontal scrolling."""
    result = page.evaluate(OVERFLOW_JS)
    assert result["scrollWidth"] <= result["innerWidth"], f"{page.url} scrolls sideways: {result}"
    assert not result["found"], f"{page.url} cuts off: {result['found'][:10]}"


def serious_axe_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's devtools, which the page's CSP does not govern (a
        # <script> tag would be refused: it would be inline).
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page: Page) -> None:
    violations = serious_axe_violations(page)
    assert not violations, f"{page.url}:\n" + "\n".join(violations)


# --- CREAR CASO ---------------------------------------------------------------------------
STEPS = ["1. Tipo de registro", "2. Área / Proceso", "3. Causa / Motivo", "4. Datos del caso"]
SUMMARY = "5. Resumen"


def expect_step(page: Page, title: str) -> None:
    """Wait until the wizard shows this step (its heading, e.g. "2. Área / Proceso")."""
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def choose(page: Page, option: str, *, then: str) -> None:
    """Pick an option card, press Continuar, and wait for the next step."""
    page.get_by_role("radio", name=option, exact=True).check()
    page.get_by_role("button", name="Continuar").click()
    expect_step(page, then)
