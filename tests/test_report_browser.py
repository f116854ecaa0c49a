"""The report in a real headless browser (Debian's Chromium through Playwright): renders, charts, print to A4.

Set XL_DTI_REPORT_SHOTS=/some/folder to keep the screenshot and the PDF for a person to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_report_fixtures import ranking_dict, write_ranking
from tests.tools import locate, needs
from xl_dti.report import write_report

pytestmark = [pytest.mark.slow, needs("playwright", "chromium")]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright import sync_api  # the module is marked as needing it: imported only when present

    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=locate("chromium"), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_ranking(tmp_path_factory.mktemp("report") / "out", ranking_dict())
    return write_report(folder, folder.parent / "report.html", with_evidence=True)


@pytest.fixture()
def opened(browser: Any, report: Path) -> Iterator[tuple[Any, list[str], list[str]]]:
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    problems: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri(), wait_until="load")
    yield page, problems, requests
    page.close()


def _keep(path: Path) -> None:
    folder = os.environ.get("XL_DTI_REPORT_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(folder) / path.name)


def test_renders_without_console_errors_or_requests(opened: tuple[Any, list[str], list[str]], report: Path) -> None:
    page, problems, requests = opened
    assert problems == []
    assert requests == [report.as_uri()]
    assert page.title() == "Kết quả đánh giá, xếp hạng chỉ số chuyển đổi số năm 2022"
    assert "Sở Nội vụ vươn lên 3 bậc so với năm 2021" in page.inner_text("body")
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Times New Roman"')
    assert page.evaluate("document.scripts.length") == 0


def test_charts_have_a_size(opened: tuple[Any, list[str], list[str]]) -> None:
    page, _, _ = opened
    boxes = [svg.bounding_box() for svg in page.locator("svg").all()]
    assert len(boxes) == 4
    assert all(box is not None and box["width"] > 300 and box["height"] > 50 for box in boxes)
    labels = page.locator("svg.score-chart text.label").all_text_contents()
    assert labels[:2] == ["Sở Nội vụ", "Sở Thông tin và Truyền thông"]
    bars = [rect.bounding_box() for rect in page.locator("svg.score-chart rect").all()]
    assert all(bar is not None and bar["width"] > 0 for bar in bars)


def test_tables_fit_the_page_width(opened: tuple[Any, list[str], list[str]]) -> None:
    page, _, _ = opened
    overflowing = page.evaluate(
        "[...document.querySelectorAll('table')].filter(t => t.scrollWidth > t.parentElement.clientWidth + 1).length"
    )
    assert overflowing == 0


def test_screenshot(opened: tuple[Any, list[str], list[str]], tmp_path: Path) -> None:
    page, _, _ = opened
    whole, first = tmp_path / "xl-dti-report.png", tmp_path / "xl-dti-report-top.png"
    page.screenshot(path=str(whole), full_page=True)
    page.screenshot(path=str(first))
    for target in (whole, first):
        data = target.read_bytes()
        assert data.startswith(PNG) and len(data) > 50_000
        _keep(target)


def test_prints_on_a4(opened: tuple[Any, list[str], list[str]], tmp_path: Path) -> None:
    page, _, _ = opened
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    target = tmp_path / "xl-dti-report.pdf"
    target.write_bytes(pdf)
    _keep(target)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 6 <= pages <= 24  # 18 units in three groups, six measures, an evidence appendix
    sizes = {tuple(round(float(v)) for v in box.split()[2:]) for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
    assert sizes == {(595, 842)}  # A4: 210 × 297 mm in points
