"""The geometry of the report's two SVG charts; the template draws them, so every label is escaped there.

Coordinates are in SVG user units on a fixed-width canvas that the page scales to its width;
they are rounded to one decimal so the same ranking always gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from xl_dti.report.model import ResultMode
from xl_dti.report.tables import Section
from xl_dti.report.vnformat import vn_number, vn_result

WIDTH = 680
PALETTE = ("#1b7a3a", "#5aa345", "#d9a521", "#e07b2e", "#c23b2e")
NO_GRADE = "#8a8f98"  # a unit without a grade in a scheme that grades
UNGRADED = "#3b6ea5"  # every unit, in a scheme without grade bands
NAME_CHARS = 38
_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))


@dataclass(frozen=True)
class Segment:
    """A grade's share of a group's bar."""

    x: float
    width: float
    mid_x: float
    colour: str
    count: int
    grade: str
    show_count: bool


@dataclass(frozen=True)
class StackedBar:
    """One group's row in the grade-distribution chart."""

    label: str
    y: float
    text_y: float
    segments: list[Segment]


@dataclass(frozen=True)
class LegendItem:
    """A colour swatch and its grade."""

    x: float
    text_x: float
    colour: str
    label: str


@dataclass(frozen=True)
class GradeChart:
    """How many units got each grade, one stacked bar per group."""

    height: float
    title: str
    desc: str
    label_x: float
    bar_height: float
    bars: list[StackedBar]
    legend_y: float
    legend_text_y: float
    legend: list[LegendItem]


@dataclass(frozen=True)
class ScoreBar:
    """One unit's bar in the score chart."""

    y: float
    text_y: float
    label: str
    full_label: str
    width: float
    value_x: float
    colour: str
    value: str


@dataclass(frozen=True)
class Tick:
    """A gridline of the score chart and its value."""

    x: float
    label: str


@dataclass(frozen=True)
class ScoreChart:
    """Every unit's result in a group, one horizontal bar each, in ranking order."""

    height: float
    title: str
    desc: str
    bar_x: float
    label_x: float
    bar_height: float
    grid_top: float
    tick_y: float
    bottom: float
    ticks: list[Tick]
    bars: list[ScoreBar]


def grade_colours(labels: Sequence[str]) -> dict[str, str]:
    """A colour per band, from green (highest) to red (lowest), spread over the palette."""
    if len(labels) <= 1:
        return {label: PALETTE[0] for label in labels}
    step = (len(PALETTE) - 1) / (len(labels) - 1)
    return {label: PALETTE[min(round(i * step), len(PALETTE) - 1)] for i, label in enumerate(labels)}


def grade_chart(sections: Sequence[Section], labels: Sequence[str]) -> GradeChart | None:
    """The grade-distribution chart, or ``None`` when the scheme has no bands or no unit a grade."""
    colours = grade_colours(labels)
    label_width, bar_x, row, bar_height = 200.0, 210.0, 34.0, 22.0
    span = WIDTH - bar_x - 10
    bars: list[StackedBar] = []
    described: list[str] = []
    for section in sections:
        tally = Counter(unit.grade for unit in section.units)
        if not any(tally[label] for label in labels):
            continue
        x, segments = bar_x, []
        for label in labels:
            if tally[label]:
                width = span * tally[label] / len(section.units)
                segments.append(Segment(_r(x), _r(width), _r(x + width / 2), colours[label], tally[label], label,
                                        width >= 16))
                x += width
        y = 10 + len(bars) * row
        bars.append(StackedBar(_clip(f"{section.name} ({len(section.units)})", int(label_width / 7)),
                               _r(y), _r(y + bar_height / 2 + 5), segments))
        counts = ", ".join(f"{tally[label]} {label}" for label in labels if tally[label])
        described.append(f"{section.name}: {counts}")
    if not bars:
        return None
    legend_y = 10 + len(bars) * row + 8
    legend, x = [], bar_x
    for label in labels:
        legend.append(LegendItem(_r(x), _r(x + 20), colours[label], label))
        x += 22 + 7 * len(label) + 14
    return GradeChart(_r(legend_y + 24), "Phân bố xếp loại theo nhóm đơn vị", ". ".join(described) + ".",
                      bar_x - 10, bar_height, bars, _r(legend_y), _r(legend_y + 12), legend)


def score_chart(section: Section, labels: Sequence[str], mode: ResultMode, decimals: int,
                scheme_max: Decimal) -> ScoreChart | None:
    """A group's results as bars on a scale from 0 to the scheme's maximum; ``None`` when no unit has a result."""
    units = [unit for unit in section.units if unit.result is not None]
    if not units:
        return None
    colours = grade_colours(labels)
    plain = NO_GRADE if labels else UNGRADED
    scale = {"points": scheme_max, "percent": Decimal(100)}.get(mode, Decimal(1))
    scale = max([scale, *(unit.result or Decimal(0) for unit in units)]) or Decimal(1)
    bar_x, top, row, bar_height = 262.0, 24.0, 22.0, 16.0
    span = WIDTH - bar_x - 62
    bars = []
    for i, unit in enumerate(units):
        y = top + 3 + i * row
        width = max(0.0, span * float((unit.result or 0) / scale))
        bars.append(ScoreBar(_r(y), _r(y + bar_height - 3), _clip(unit.unit_name, NAME_CHARS), unit.unit_name,
                             _r(width), _r(bar_x + width + 4), colours.get(unit.grade or "", plain),
                             vn_result(unit.result, mode, decimals)))
    ticks = [Tick(_r(bar_x + span * float(value / scale)), vn_number(value, _places(value)))
             for value in nice_ticks(scale)]
    bottom = top + len(units) * row + 4
    desc = "; ".join(f"{bar.full_label}: {bar.value}" for bar in bars)
    return ScoreChart(_r(bottom + 6), f"Kết quả của các đơn vị nhóm {section.name}", desc, bar_x, bar_x - 8,
                      bar_height, top - 4, top - 9, _r(bottom), ticks, bars)


def nice_ticks(scale: Decimal) -> list[Decimal]:
    """Gridline values from 0 in round steps (1, 2, 2.5 or 5 times a power of ten), about five of them;
    the scale's end is added when it is not a step and not too close to the last one."""
    if scale <= 0:
        return [Decimal(0)]
    raw = scale / 5
    power = Decimal(10) ** raw.adjusted()
    step = next(m * power for m in _STEPS if m * power >= raw)
    ticks = [step * i for i in range(int(scale // step) + 1)]
    if scale - ticks[-1] > step / 2:
        ticks.append(scale)
    return ticks


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _r(value: float | Decimal) -> float:
    return round(float(value), 1)
