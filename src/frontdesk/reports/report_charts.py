"""The one chart of a billing report, drawn once with reportlab.graphics: the PDF embeds the Drawing and the
screen shows the same Drawing rasterised (ui/widgets/report_view.py), so paper and screen never disagree.

Horizontal bars (long provider and procedure names read across), one grey that prints on any printer, a thin
black outline, and the value written at the end of every bar: the second cue besides the grey, so the chart
reads in black-and-white print and for colour-blind readers. Both axes carry a title.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from frontdesk.domain.billing_reports import ChartSeries
from frontdesk.domain.formats import format_money

FONT = "Helvetica"
BAR_GREY = colors.Color(0.62, 0.62, 0.62)
SECOND_FILL = colors.white  # a second series: an outlined white bar beside the grey one, named in the legend
LABEL_CHARS = 30
BAR_HEIGHT = 18  # points per bar (with its gap)


def value_text(value: Decimal, kind: str) -> str:
    """A bar's label: "$1,234.56", "97.5%", "1,234" (a count) or "12.5" (days)."""
    if kind == "percent":
        return f"{value}%"
    if kind == "count":
        return f"{int(value):,}"
    return f"{value}" if kind == "days" else format_money(value)


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "\u2026"


def chart_drawing(series: ChartSeries, width: float = 468.0) -> Drawing:
    """The chart as a Drawing ``width`` points wide (its height grows with the number of bars)."""
    count = max(len(series.values), 1)
    labels = [_short(label) for label in series.labels] or ["(nothing in this range)"]
    left = min(max((stringWidth(t, FONT, 8) for t in labels), default=40) + 30, width * 0.45)
    values = [float(v) for v in series.values] or [0.0]
    second = [float(v) for v in series.second] if series.second and series.values else []
    every = values + second
    widest_label = max((stringWidth(value_text(v, series.value_kind), FONT, 7)
                        for v in (*series.values, *series.second)), default=0)
    plot_h = count * BAR_HEIGHT * (2 if second else 1)
    drawing = Drawing(width, plot_h + 62)
    drawing.add(String(0, plot_h + 50, series.title, fontName="Helvetica-Bold", fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = left, 34
    chart.width, chart.height = max(width - left - widest_label - 12, 60), plot_h
    # The first row (the largest) on top: the category axis runs bottom-up, so the data go in reversed (and a
    # second series first, so that within each row the first series' bar is the upper one).
    chart.data = [list(reversed(second)), list(reversed(values))] if second else [list(reversed(values))]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = min(0.0, min(every))
    top = max(every) if max(every) > 0 else 1.0
    chart.valueAxis.valueMax = top * 1.02
    if series.value_kind == "count" and top < 5:
        chart.valueAxis.valueStep = 1  # whole patients and claims: no 0.2 ticks on a small count
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7
    chart.valueAxis.labelTextFormat = {"percent": lambda v: f"{v:g}%", "money": lambda v: f"${v:,.0f}"}.get(
        series.value_kind, lambda v: f"{v:,g}")
    for index in range(len(chart.data)):
        chart.bars[index].fillColor = SECOND_FILL if second and index == 0 else BAR_GREY
        chart.bars[index].strokeColor = colors.black
        chart.bars[index].strokeWidth = 0.5
    kind = series.value_kind
    places = {"percent": 1, "days": 1, "count": 0}.get(kind, 2)
    if series.values:  # an empty chart has one placeholder bar of nothing: no value to write on it
        chart.barLabelFormat = lambda v: value_text(Decimal(f"{v:.{places}f}"), kind)
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 7
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    drawing.add(chart)
    drawing.add(String(chart.x + chart.width / 2, 6, series.value_title, fontName=FONT, fontSize=8,
                       textAnchor="middle"))
    # The category axis's title sits above its labels (left of the plot), reading across like them.
    drawing.add(String(left - 6, plot_h + 36, series.category_title, fontName="Helvetica-Bold", fontSize=8,
                       textAnchor="end"))
    if second:  # the legend, right of the title: a swatch like each bar and its name
        x = width
        for name, fill in reversed(tuple(zip(series.legend, (BAR_GREY, SECOND_FILL), strict=True))):
            x -= stringWidth(name, FONT, 8) + 16
            drawing.add(Rect(x, plot_h + 50, 9, 8, fillColor=fill, strokeColor=colors.black, strokeWidth=0.5))
            drawing.add(String(x + 12, plot_h + 51, name, fontName=FONT, fontSize=8))
            x -= 8
    return drawing


def chart_pdf_bytes(series: ChartSeries, width: float = 468.0) -> bytes:
    """The same Drawing as a one-page PDF in memory, for the screen to rasterise (no second chart library)."""
    from reportlab.graphics import renderPDF

    return renderPDF.drawToString(chart_drawing(series, width))
