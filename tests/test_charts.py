"""The census charts: well-formed SVG with a text alternative, bars true to the numbers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from flask import Flask

from kb.authorities import charts
from kb.authorities.charts import Bar, Point

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "Quotes" \'n\' <b onmouseover=1>'


@pytest.fixture(autouse=True)
def request_context(app: Flask) -> Iterator[None]:
    # Numbers follow the reader's language; charts are drawn inside a request.
    with app.test_request_context(headers={"Accept-Language": "en"}):
        yield


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  (our own output)


def bars_of(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if "chart__bar" in rect.get("class", "")]


def assert_accessible(root: ET.Element, title: str) -> None:
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_element = root.find(f"{SVG}title")
    desc_element = root.find(f"{SVG}desc")
    assert title_element is not None and title_element.text == title
    assert desc_element is not None and desc_element.text
    assert root.get("aria-labelledby") == f"{title_element.get('id')} {desc_element.get('id')}"
    assert "style" not in ET.tostring(root, encoding="unicode")


def test_column_chart_heights_are_proportional() -> None:
    bars = [Bar("Federal", 50, "50%"), Bar("Länder", 25, "25%"), Bar("Local", 100, "100%")]
    svg = charts.column_chart("levels", "Share per level", bars, 100, charts.format_share)
    root = parse(svg)
    assert_accessible(root, "Share per level")
    heights = [float(rect.get("height", "")) for rect in bars_of(root)]
    assert heights == [100.0, 50.0, 200.0]  # the plot is 200 units high
    # Bars stand on the same baseline.
    bottoms = {float(rect.get("y", "")) + float(rect.get("height", "")) for rect in bars_of(root)}
    assert len(bottoms) == 1
    assert "Federal: 50%; Länder: 25%; Local: 100%." in root.find(f"{SVG}desc").text  # type: ignore[union-attr,operator]


def test_bar_chart_widths_are_proportional() -> None:
    bars = [Bar("Facebook", 40, "4 (40%)"), Bar("Mastodon", 10, "1 (10%)"), Bar("X", 0, "0")]
    root = parse(charts.bar_chart("platforms", "Per platform", bars, 100))
    assert_accessible(root, "Per platform")
    widths = [float(rect.get("width", "")) for rect in bars_of(root)]
    assert widths[0] == pytest.approx(4 * widths[1])
    assert widths[2] == 0
    assert widths[0] == pytest.approx(340 * 0.4)  # 640 wide, minus labels and values


def test_values_above_the_maximum_stay_inside_the_chart() -> None:
    root = parse(charts.bar_chart("c", "t", [Bar("a", 150, "150")], 100))
    assert float(bars_of(root)[0].get("width", "")) == pytest.approx(340)


@pytest.mark.parametrize("maximum", [0, 0.0])
def test_zero_totals_do_not_divide_by_zero(maximum: float) -> None:
    bars = [Bar("Federal", 0, "–"), Bar("Other", 0, "–")]
    for svg in (
        charts.column_chart("a", "t", bars, maximum, charts.format_share),
        charts.bar_chart("b", "t", bars, maximum),
        charts.line_chart("c", "t", [Point(2020, 0, "0 of 0"), Point(2021, 0, "0 of 0")], 0),
    ):
        root = parse(svg)
        assert all(float(rect.get("height", "")) >= 0 for rect in bars_of(root))
        assert all(float(rect.get("width", "")) >= 0 for rect in bars_of(root))


def test_empty_charts_are_still_well_formed() -> None:
    for svg in (
        charts.column_chart("a", "t", [], 100, charts.format_share, description="Nothing."),
        charts.bar_chart("b", "t", [], 100, description="Nothing."),
        charts.line_chart("c", "t", [], 0, description="Nothing."),
    ):
        assert_accessible(parse(svg), "t")


def test_line_chart_follows_the_values() -> None:
    points = [Point(2010, 0, "0 of 4"), Point(2011, 2, "2 of 4"), Point(2012, 4, "4 of 4")]
    root = parse(charts.line_chart("timeline", "Federal ministries on Facebook", points, 4))
    assert_accessible(root, "Federal ministries on Facebook")
    line = root.find(f"{SVG}polyline")
    assert line is not None and line.get("fill") == "none"
    coordinates = [tuple(map(float, pair.split(","))) for pair in line.get("points", "").split()]
    xs = [x for x, _y in coordinates]
    ys = [y for _x, y in coordinates]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1])  # years evenly spaced
    baseline = ys[0]
    assert baseline - ys[1] == pytest.approx(80)  # 2 of 4 is half of 160
    assert baseline - ys[2] == pytest.approx(160)
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert {"2010", "2012"} <= set(labels)
    assert "2010: 0 of 4; 2011: 2 of 4; 2012: 4 of 4." in root.find(f"{SVG}desc").text  # type: ignore[union-attr,operator]


def test_a_single_year_is_drawn_in_the_middle() -> None:
    root = parse(charts.line_chart("one", "t", [Point(2026, 1, "1 of 1")], 1))
    circle = root.find(f"{SVG}circle")
    assert circle is not None
    assert float(circle.get("cx", "")) == pytest.approx(56 + (640 - 56 - 24) / 2)


def test_many_years_get_labels_that_do_not_crowd() -> None:
    points = [Point(year, 1, "1") for year in range(1995, 2027)]
    root = parse(charts.line_chart("many", "t", points, 1))
    years = [
        text.text for text in root.iter(f"{SVG}text") if "chart__label" in text.get("class", "")
    ]
    assert years[0] == "1995" and years[-1] == "2026"
    assert 4 <= len(years) <= 12


def test_hostile_names_are_escaped() -> None:
    bars = [Bar(HOSTILE, 10, HOSTILE)]
    for svg in (
        charts.column_chart("x", HOSTILE, bars, 100, charts.format_share),
        charts.bar_chart("y", HOSTILE, bars, 100),
        charts.line_chart("z", HOSTILE, [Point(2020, 1, HOSTILE)], 1, description=HOSTILE),
    ):
        assert "<script" not in svg
        assert "<b " not in svg
        root = parse(svg)  # still one well-formed document
        assert root.find(f"{SVG}title").text == HOSTILE  # type: ignore[union-attr]
        assert not root.findall(f".//{SVG}script")


def test_chart_ids_cannot_break_out_of_their_attribute() -> None:
    root = parse(charts.bar_chart('a" onload="x', "t", [], 100))
    assert root.get("id") == "a--onload--x"
    assert root.get("onload") is None


def test_numbers_follow_the_locale(app: Flask) -> None:
    assert charts.format_share(33.3) == "33.3%"
    assert charts.format_share(None) == "–"
    assert charts.format_number(12345) == "12,345"
    # A fresh app context: Flask-Babel keeps the locale it found for the context.
    with app.app_context(), app.test_request_context(headers={"Accept-Language": "de"}):
        assert charts.format_share(33.3) == "33,3\xa0%"
        assert charts.format_share(12.0) == "12\xa0%"
        assert charts.format_number(12345) == "12.345"


def test_numbers_are_written_in_the_language_asked_for() -> None:
    # Formatted numbers are kept per value and language: each language keeps its own.
    assert charts.format_number(1234567, "de") == "1.234.567"
    assert charts.format_number(1234567, "en") == "1,234,567"
    assert charts.format_number(1234567) == "1,234,567"  # the request's language
    assert charts.format_share(33.3, "de") == "33,3\xa0%"
    assert charts.format_share(33.3, "en") == "33.3%"
    assert charts.format_share(None, "de") == "–"
