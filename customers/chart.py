"""The 8-week chart of Tu nivel de atención, as SVG shapes computed here: the page draws
them with plain SVG attributes (no script, no inline style: the CSP allows it), and the
same numbers are in a table right after it for screen readers and without images."""

from dataclasses import dataclass

from django.utils.formats import number_format

from .service_level import Week

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 36


def coordinate(value: float) -> str:
    """An SVG coordinate: always a dot for decimals (a number in a template would be
    written the Chilean way, "48,5", which SVG does not read)."""
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    label: str  # the week, "dd-mm"
    value: str  # "87 %" or "—"
    label_x: str
    value_y: str


def weekly_chart(weeks: list[Week]) -> dict:
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(weeks), 1)
    bars = []
    for n, week in enumerate(weeks):
        share = week.share
        height = 0 if share is None else plot_height * share / 100
        x = LEFT + n * slot + slot * 0.15
        bars.append(
            Bar(
                x=coordinate(x),
                y=coordinate(TOP + plot_height - height),
                width=coordinate(slot * 0.7),
                height=coordinate(height),
                label=week.start.strftime("%d-%m"),
                value="—" if share is None else f"{number_format(share, 0)} %",
                label_x=coordinate(x + slot * 0.35),
                value_y=coordinate(max(TOP + plot_height - height - 4, TOP + 10)),
            )
        )
    grid = [
        (coordinate(TOP + plot_height * (1 - level / 100)), f"{level} %")
        for level in (0, 25, 50, 75, 100)
    ]
    return {
        "view_box": f"0 0 {WIDTH} {HEIGHT}",
        "left": coordinate(LEFT),
        "right": coordinate(WIDTH - RIGHT),
        "tick_x": coordinate(LEFT - 6),
        "label_y": coordinate(HEIGHT - 12),
        "bars": bars,
        "grid": grid,
    }
