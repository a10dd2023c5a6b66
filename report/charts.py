"""Native, editable PowerPoint charts (their data travels inside the file, as in Excel)."""
from __future__ import annotations

import math
from copy import deepcopy
from contextlib import contextmanager
from functools import cached_property
from types import SimpleNamespace

from pptx.chart.data import CategoryChartData
from pptx.chart.series import BarSeries, LineSeries
from pptx.chart.xlsx import CategoryWorkbookWriter
from pptx.chart.xmlwriter import _BarChartXmlWriter
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.util import Emu, Pt
from xlsxwriter import Workbook

from .theme import FONT, GREY, INK, RULE, SERIES

# axis labels in thousands of euros: the trailing comma of "#,##0," divides by 1 000, so
# 40 000 € reads "40 k€". "#,##0" does group digits, with the viewer's separator, but only from
# 1 000 k€ on, far above the turnover ceilings of a micro-entreprise.
K_EUROS = '#,##0,"\u202fk€";\u2212#,##0,"\u202fk€";0"\u202f€"'


def _nice_step(span: float) -> float:
    """A round axis step (1, 2 or 5 × 10^n thousand euros) giving 4 to 8 gridlines."""
    raw = max(span / 6.0, 1000.0)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return max(1000.0, m * power)
    return 10 * power


def _scale(axis, values) -> None:
    low = min(0.0, min(values))
    high = max(0.0, max(values))
    step = _nice_step(high - low or 1000.0)
    axis.major_unit = step
    axis.minimum_scale = math.floor(low / step) * step
    axis.maximum_scale = math.ceil(high / step) * step if high > 0 else 0.0
    if axis.maximum_scale == axis.minimum_scale:
        axis.maximum_scale = axis.minimum_scale + step


def _style(chart, values, legend=True) -> None:
    chart.font.name = FONT
    chart.font.size = Pt(11)
    chart.font.color.rgb = INK
    va = chart.value_axis
    _scale(va, values)
    va.tick_labels.number_format = K_EUROS
    va.tick_labels.number_format_is_linked = False
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = RULE
    va.format.line.fill.background()
    ca = chart.category_axis
    ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    ca.format.line.color.rgb = GREY
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(11)


class _ColumnsXml(_BarChartXmlWriter):
    """python-pptx's column chart XML, the series' parts joined once: python-pptx adds each to
    one growing string (quadratic in their number). Each part is python-pptx's own, written
    for one series at a time."""

    @property
    def _ser_xml(self):
        one = _BarChartXmlWriter._ser_xml.fget
        return "".join(one(SimpleNamespace(_chart_data=(s,))) for s in self._chart_data)


class _TextWorkbook(CategoryWorkbookWriter):
    """python-pptx's workbook of a chart's data (embedded in the deck, opened by « Modifier
    les données »), its texts — categories, series names — written as texts: XlsxWriter's
    `write()`, which python-pptx calls, makes a formula of « =… » and a link of « http://… »."""

    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
        yield workbook, workbook.add_worksheet()
        workbook.close()


class _ChartData(CategoryChartData):
    """python-pptx's chart data, each series' position kept as it is added: python-pptx
    searches the list for it, several times per series (quadratic in their number)."""

    def __init__(self, number_format):
        super().__init__(number_format)
        self._positions = {}

    @cached_property
    def _workbook_writer(self):
        return _TextWorkbook(self)

    def append(self, series):
        self._positions[id(series)] = len(self)
        return super().append(series)

    def series_index(self, series):
        return self._positions[id(series)]

    def _xml(self, chart_type):
        if chart_type in (XL_CHART_TYPE.COLUMN_CLUSTERED, XL_CHART_TYPE.COLUMN_STACKED):
            return _ColumnsXml(chart_type, self).xml
        return super()._xml(chart_type)


def _series(chart, kind):
    """The chart's series in order, sorted once (python-pptx's `plot.series[i]` sorts them
    all again on every access)."""
    return [kind(ser) for ser in chart.plots[0]._element.sers]


def _add(slide, kind, left, top, width, height, categories, series, name):
    data = _ChartData(number_format='#,##0 "€"')
    data.categories = list(categories)
    for label, values in series:
        data.add_series(label, [float(v) for v in values])
    frame = slide.shapes.add_chart(kind, Emu(left), Emu(top), Emu(width), Emu(height), data)
    frame.name = name
    return frame.chart


def columns(slide, left, top, width, height, categories, series, *, stacked=False,
            name="Graphique", legend: bool | None = None):
    """Clustered (or stacked) columns, one colour per series; a legend when there are several
    series (unless `legend` says otherwise)."""
    kind = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
    chart = _add(slide, kind, left, top, width, height, categories, series, name)
    values = [v for _, vs in series for v in vs]
    if stacked:
        values = [sum(vs[i] for _, vs in series) for i in range(len(categories))] + \
            [min(0.0, min(values))]
    _style(chart, values, legend=len(series) > 1 if legend is None else legend)
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.overlap = 100 if stacked else -10
    _colour_columns(plot._element.sers)
    return chart


def _colour_columns(sers) -> None:
    """Each series' columns in its colour, never inverted below zero: formatted through
    python-pptx for the first series of each colour, copied for the next ones (a plan of
    1 000 offers draws 1 000 series). The series have the same children before (index,
    order, name, categories, values), so a copy goes where python-pptx put the first."""
    first = {}  # colour -> the formatting elements of its first series
    for i, ser in enumerate(sers):
        colour = SERIES[i % len(SERIES)]
        if colour in first:
            for el in first[colour]:
                ser.insert(el.getparent().index(el), deepcopy(el))
            continue
        s = BarSeries(ser)
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = colour
        s.invert_if_negative = False
        first[colour] = (ser.spPr, ser.invertIfNegative)


def lines(slide, left, top, width, height, categories, series, *, name="Graphique",
          dashed=()):
    """Lines without markers, never smoothed; series named in `dashed` are drawn dashed."""
    chart = _add(slide, XL_CHART_TYPE.LINE, left, top, width, height, categories, series, name)
    _style(chart, [v for _, vs in series for v in vs], legend=len(series) > 1)
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    colours = (SERIES[1], SERIES[3], SERIES[0])
    for i, s in enumerate(_series(chart, LineSeries)):
        s.smooth = False
        s.format.line.width = Pt(2.5 if i == 0 else 1.75)
        s.format.line.color.rgb = colours[i % len(colours)]
        if s.name in dashed:
            s.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    ca = chart.category_axis
    ca.tick_labels.font.size = Pt(10)
    if len(categories) > 12:
        _quarterly_ticks(chart)
    return chart


def _quarterly_ticks(chart) -> None:
    """One month label every quarter, horizontal."""
    from pptx.oxml.ns import qn
    ax = chart.category_axis._element
    for tag, val in (("c:tickLblSkip", 3), ("c:tickMarkSkip", 3)):
        el = ax.makeelement(qn(tag), {"val": str(val)})
        no_multi = ax.find(qn("c:noMultiLvlLbl"))
        no_multi.addprevious(el) if no_multi is not None else ax.append(el)


def fan(slide, left, top, width, height, categories, p10, p50, p90, *, colour,
        name="Éventail"):
    """Percentiles as a fan: stacked areas from the 10th percentile (not drawn) to the median,
    then to the 90th percentile, the inner band darker. No legend: the slide says what the
    bands are."""
    series = [("10e centile", p10),
              ("Du 10e centile à la médiane", [b - a for a, b in zip(p10, p50)]),
              ("De la médiane au 90e centile", [c - b for b, c in zip(p50, p90)])]
    chart = _add(slide, XL_CHART_TYPE.AREA_STACKED, left, top, width, height, categories,
                 series, name)
    _style(chart, [*p10, *p90], legend=False)
    base, inner, outer = chart.plots[0].series
    base.format.fill.background()
    for s, brightness in ((inner, 0.35), (outer, 0.75)):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = colour
        s.format.fill.fore_color.brightness = brightness
    chart.category_axis.tick_labels.font.size = Pt(10)
    _quarterly_ticks(chart)
    return chart


def tornado(slide, left, top, width, height, labels, low, high, *, colours,
            name="Sensibilités"):
    """Horizontal bars from each driver's unfavourable to its favourable effect, the first
    label on top."""
    chart = _add(slide, XL_CHART_TYPE.BAR_CLUSTERED, left, top, width, height, labels,
                 [("Défavorable (10e centile)", low), ("Favorable (90e centile)", high)], name)
    _style(chart, [*low, *high])
    plot = chart.plots[0]
    plot.overlap = 100
    plot.gap_width = 50
    for s, colour in zip(plot.series, colours):
        s.format.fill.solid()
        s.format.fill.fore_color.rgb = colour
        s.invert_if_negative = False
    chart.category_axis.reverse_order = True
    chart.category_axis.tick_labels.font.size = Pt(11)
    return chart
