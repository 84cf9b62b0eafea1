"""The 8-week chart of Tu nivel de atención, as SVG shapes computed here: the page draws
them with plain SVG attributes (no script, no inline style: the CSP allows it), and the
same numbers are in a table right after it for screen readers and without images."""

from dataclasses import dataclass

from django.utils.formats import number_format

from .service_level import Week

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 8, 12, 36


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the week, "dd-mm"
    value: str  # "87 %" or "—"
    label_x: float
    value_y: float


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
                x=round(x, 1),
                y=round(TOP + plot_height - height, 1),
                width=round(slot * 0.7, 1),
                height=round(height, 1),
                label=week.start.strftime("%d-%m"),
                value="—" if share is None else f"{number_format(share, 0)} %",
                label_x=round(x + slot * 0.35, 1),
                value_y=round(max(TOP + plot_height - height - 4, TOP + 10), 1),
            )
        )
    grid = [
        (round(TOP + plot_height * (1 - level / 100), 1), f"{level} %")
        for level in (0, 25, 50, 75, 100)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "axis_y": TOP + plot_height,
        "label_y": HEIGHT - 12,
        "bars": bars,
        "grid": grid,
    }
