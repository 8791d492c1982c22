"""The comparison of three case studies on a phone (320 × 640, mobile emulation) and on a wide
screen (1280 × 800).

On a phone the one table stacks by aspect (static/css/site.css): a list of the aspects to
jump to, each aspect as a heading, each case's answer under the case's title, long texts
folded under that title. Where the table fits it stays a table, one column per case, with
every text shown whole. With JavaScript and without: the server sends the long texts folded,
and the shape is CSS's alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from .helpers import (
    AXE_TAGS,
    format_axe,
    format_vnu,
    new_context,
    nu_checker_or_skip,
    run_vnu,
    vnu_errors,
)
from .pages import DEMO_CASE, DEMO_CASE_OTHER, DEMO_CASE_THIRD

pytestmark = pytest.mark.browser

CHOSEN = [DEMO_CASE_THIRD, DEMO_CASE_OTHER, DEMO_CASE]
COMPARISON = "/cases/compare?" + "&".join(f"c={slug}" for slug in CHOSEN)
PHONE = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 800}
JS_MODES = [pytest.param(True, id="js"), pytest.param(False, id="nojs")]
# Measured with the demo content at 320 px (docs/screenshots/shoot.py): 11,731 px before the
# phone shape (every case title repeated in each of 14 aspects, every text in full), 6,493 px
# after with JavaScript. The bound leaves about 15 % for fonts and wrapping to differ and
# still fails if the long texts stop folding (they add about 2,000 px) or the shape is lost.
MAX_PHONE_HEIGHT = 7_500

# Each cell of the stacked comparison: its aspect, the case title it shows (the ::before
# label, or the summary of a folded text), and where its content sits.
CELLS = """(width) => [...document.querySelectorAll('.compare-table > tbody > tr')].flatMap(
 (row) => {
  const aspect = row.querySelector(':scope > th');
  return [...row.querySelectorAll(':scope > td')].map((cell) => {
    const fold = cell.querySelector(':scope > details.compare-fold');
    const label = getComputedStyle(cell, '::before').content;
    const box = cell.getBoundingClientRect();
    const aspectBox = aspect.getBoundingClientRect();
    return {
      row: row.id,
      aspect: aspect.innerText.trim(),
      aspectInside: aspectBox.width > 0 && aspectBox.left >= 0 && aspectBox.right <= width,
      folded: fold !== null,
      // content: "Title" (CSS quotes the attribute's value); none for a folded text.
      label: label === 'none' ? null : JSON.parse(label),
      summaryCase: fold ? fold.querySelector('.compare-fold__case').innerText.trim() : null,
      left: box.left, right: box.right, width: box.width, height: box.height,
      text: cell.innerText.trim(),
    };
  });
})"""


def _tab(browser: Any, viewport: dict[str, int], js: bool, lang: str = "de") -> Any:
    options: dict[str, Any] = {"viewport": viewport, "java_script_enabled": js}
    if viewport["width"] < 600:
        options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
    return new_context(browser, lang, **options).new_page()


@pytest.fixture
def open_comparison(browser: Any, base_url: str) -> Iterator[Any]:
    tabs: list[Any] = []

    def open_(viewport: dict[str, int], js: bool = True, lang: str = "de") -> Any:
        tab = _tab(browser, viewport, js, lang)
        tabs.append(tab)
        response = tab.goto(base_url + COMPARISON, wait_until="networkidle")
        assert response is not None and response.status == 200, response and response.status
        tab.evaluate("document.fonts.ready.then(() => document.fonts.size)")
        return tab

    yield open_
    for tab in tabs:
        tab.context.close()


def _titles(tab: Any) -> list[str]:
    headers = tab.locator(".compare-table > thead > tr > th[scope=col] a")
    return [text.strip() for text in headers.all_inner_texts()]


@pytest.mark.parametrize("js", JS_MODES)
def test_on_a_phone_every_case_and_aspect_is_readable_without_sideways_scrolling(
    open_comparison: Any, js: bool
) -> None:
    tab = open_comparison(PHONE, js)
    width = tab.evaluate("document.documentElement.clientWidth")
    assert width == PHONE["width"]
    assert tab.evaluate("document.documentElement.scrollWidth") <= width

    titles = _titles(tab)
    assert len(titles) == len(CHOSEN) and len(set(titles)) == len(CHOSEN), titles
    # The column heads list the cases as links, one under the other, inside the window.
    for link in tab.locator(".compare-table > thead > tr > th[scope=col] a").all():
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box

    cells = tab.evaluate(CELLS, width)
    rows = {cell["row"] for cell in cells}
    assert len(rows) == 14 and len(cells) == 14 * len(CHOSEN), (len(rows), len(cells))
    folded = [cell for cell in cells if cell["folded"]]
    # The demo's goals, results and lessons are long enough to fold.
    assert {cell["row"] for cell in folded} == {"aspect-goals", "aspect-results", "aspect-lessons"}
    for index, cell in enumerate(cells):
        where = f"{cell['row']}, case {index % len(CHOSEN) + 1}"
        assert cell["aspectInside"], f"the aspect's heading of {where} is outside the window"
        # Stacked: each answer takes the column's width, not a third of a grid.
        assert cell["left"] >= 0 and cell["right"] <= width, f"{where} sticks out: {cell}"
        assert cell["width"] >= width * 0.75, f"{where} is squeezed to {cell['width']} px"
        case_title = titles[index % len(CHOSEN)]
        if cell["folded"]:
            assert cell["label"] is None, f"{where} names its case twice"
            assert cell["summaryCase"] == case_title, where
        else:
            assert cell["label"] == case_title, f"{where} is not labelled with its case"
            # The answer itself, below the label: innerText leaves ::before out.
            assert cell["text"], f"{where} shows no answer"

    # A folded text opens under its case's title and fits the window.
    for row in ("aspect-goals", "aspect-results", "aspect-lessons"):
        for fold in tab.locator(f"#{row} details.compare-fold").all():
            text = fold.locator(".compare-table__text")
            expect(text).to_be_hidden()
            fold.locator("summary").click()
            expect(fold).to_have_attribute("open", "")
            expect(text).to_be_visible()
            box = text.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
            assert text.inner_text().strip()
    assert tab.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("js", JS_MODES)
def test_on_a_phone_the_list_of_aspects_leads_to_each(open_comparison: Any, js: bool) -> None:
    tab = open_comparison(PHONE, js)
    nav = tab.locator("nav.compare-sections")
    expect(nav).to_be_visible()
    links = nav.locator("a")
    aspects = tab.locator(".compare-table > tbody > tr > th[scope=row]")
    assert links.count() == aspects.count() == 14
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        assert href.startswith("#aspect-"), href
        target = tab.locator(href)
        expect(target).to_have_count(1)
        # Each link names the aspect it leads to, in the table's order.
        assert link.inner_text().strip() == target.locator(":scope > th").inner_text().strip()
        assert link.inner_text().strip() == aspects.nth(index).inner_text().strip()
    # Following the last link brings its aspect to the top of the window.
    last = links.nth(links.count() - 1)
    href = last.get_attribute("href") or ""
    last.click()
    expect(tab).to_have_url(re.compile(re.escape(href) + "$"))
    # KERN scrolls smoothly; polled from here (wait_for_function needs the page's scripts).
    top = None
    for _ in range(50):
        top = tab.evaluate(f"document.querySelector({href!r}).getBoundingClientRect().top")
        if abs(top) < 40:
            break
        tab.wait_for_timeout(100)
    assert top is not None and abs(top) < 40, f"{href} is {top} px from the window's top"
    assert tab.evaluate("scrollY") > 1000


@pytest.mark.parametrize(
    ("lang", "name"),
    [("de", "Abschnitte des Vergleichs"), ("en", "Sections of the comparison")],
)
def test_the_list_of_aspects_is_a_named_navigation(
    open_comparison: Any, lang: str, name: str
) -> None:
    tab = open_comparison(PHONE, lang=lang)
    expect(tab.get_by_role("navigation", name=name, exact=True)).to_be_visible()


def test_on_a_phone_the_comparison_is_shorter(open_comparison: Any) -> None:
    tab = open_comparison(PHONE)
    height = tab.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_PHONE_HEIGHT, f"the comparison is {height} px tall at 320 px"
    # Opening every folded text gives the length the fold saves.
    for summary in tab.locator("details.compare-fold > summary").all():
        summary.click()
    unfolded = tab.evaluate("document.documentElement.scrollHeight")
    assert unfolded > height + 1000, (height, unfolded)


def test_the_phone_layout_passes_axe(open_comparison: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab = open_comparison(PHONE)
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    violations = Axe().run(tab, options=options).response.get("violations", [])
    assert violations == [], format_axe(violations)
    # Again with a text opened: the folded content is part of the page too.
    tab.locator("details.compare-fold > summary").first.click()
    violations = Axe().run(tab, options=options).response.get("violations", [])
    assert violations == [], format_axe(violations)


def test_the_comparison_is_valid_html(browser: Any, base_url: str) -> None:
    java, jar = nu_checker_or_skip()
    context = new_context(browser, "de")
    try:
        response = context.request.get(base_url + COMPARISON)
        assert response.status == 200
        errors = vnu_errors(run_vnu(java, jar, response.body()))
    finally:
        context.close()
    assert errors == [], format_vnu(errors)


@pytest.mark.parametrize("js", JS_MODES)
def test_on_a_wide_screen_it_stays_a_table_with_a_column_per_case(
    open_comparison: Any, js: bool
) -> None:
    tab = open_comparison(WIDE, js)
    table = tab.locator("main table.compare-table")
    expect(table).to_have_count(1)
    assert table.evaluate("t => getComputedStyle(t).display") == "table"
    caption = table.locator(":scope > caption")
    expect(caption).to_be_visible()
    expect(tab.get_by_role("table", name=caption.inner_text().strip(), exact=True)).to_be_visible()
    # The column heads side by side: the aspects' column, then one per case.
    heads = table.locator(":scope > thead > tr > th")
    expect(heads).to_have_count(len(CHOSEN) + 1)
    boxes = [heads.nth(i).bounding_box() for i in range(heads.count())]
    assert all(box is not None for box in boxes)
    lefts = [box["x"] for box in boxes if box]
    assert lefts == sorted(lefts) and len(set(lefts)) == len(lefts), lefts
    assert len({round(box["y"]) for box in boxes if box}) == 1, boxes
    assert _titles(tab) == [text.strip() for text in heads.all_inner_texts()[1:]]
    # Every row: its aspect and one cell per case on one line, each under its case's head.
    rows = table.locator(":scope > tbody > tr")
    assert rows.count() == 14
    for index in range(rows.count()):
        cells = rows.nth(index).locator(":scope > td")
        expect(cells).to_have_count(len(CHOSEN))
        cell_boxes = [cells.nth(i).bounding_box() for i in range(len(CHOSEN))]
        assert len({round(box["y"]) for box in cell_boxes if box}) == 1, cell_boxes
        for box, head in zip(cell_boxes, boxes[1:], strict=True):
            assert box and head and abs(box["x"] - head["x"]) < 1, (box, head)
    # The phone's helpers are gone: no list of aspects, no fold to open, every text whole.
    expect(tab.locator("nav.compare-sections")).to_be_hidden()
    summaries = tab.locator("details.compare-fold > summary")
    assert summaries.count() > 0
    for summary in summaries.all():
        expect(summary).to_be_hidden()
    for text in tab.locator("details.compare-fold .compare-table__text").all():
        expect(text).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
