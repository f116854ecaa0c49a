"""The rendered page: escaped unit text, no script or external asset, and what it says in Vietnamese."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.test_report_fixtures import parsed, ranking_dict, write_ranking
from xl_dti.report import render_ranking, write_report

HOSTILE_NAME = '<script>alert("x")</script>Sở Độc hại'
HOSTILE_EVIDENCE = "javascript:alert(1)"
HOSTILE_COMMENT = '"><svg onload=alert(2)><a href="javascript:alert(3)">bấm</a>'
HOSTILE_GROUP = "<img src=x onerror=alert(4)>Nhóm"


class Elements(HTMLParser):
    """Every start tag with its attributes, and the page's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


class Tables(HTMLParser):
    """Every table's class, header cells and body rows, as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[str], list[list[str]]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.found.append((dict(attrs).get("class") or "", [], []))
        elif tag == "tr" and self.found:
            self.found[-1][2].append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self.cell is not None and self.found:
            text = " ".join("".join(self.cell).split())
            _, headers, rows = self.found[-1]
            (headers if tag == "th" else rows[-1]).append(text)
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def tables(html: str, kind: str) -> list[tuple[list[str], list[list[str]]]]:
    """The headers and body rows of every table of class ``kind``."""
    parser = Tables()
    parser.feed(html)
    return [(headers, [r for r in rows if r]) for cls, headers, rows in parser.found if cls == kind]


def hostile_ranking() -> dict[str, Any]:
    data = ranking_dict()
    first = data["units"][0]
    first["unit_name"] = HOSTILE_NAME
    first["evidence"]["1.1"] = HOSTILE_EVIDENCE
    first["appraisal"]["1.2"]["comment"] = HOSTILE_COMMENT
    data["scheme_info"]["groups"][1]["name"] = HOSTILE_GROUP
    data["scheme_info"]["title"] = "</title><script>alert(5)</script>"
    data["scheme_info"]["measures"][0]["name"] = "<b onmouseover=alert(6)>Nhận thức</b>"
    data["missing"][0]["unit_name"] = "<iframe src=//evil.example>"
    return data


@pytest.fixture(scope="module")
def page() -> str:
    return render_ranking(parsed(ranking_dict()), with_evidence=True)


@pytest.fixture(scope="module")
def hostile() -> str:
    return render_ranking(parsed(hostile_ranking()), with_evidence=True)


# --- safety --------------------------------------------------------------------------------------

def test_hostile_unit_text_is_shown_as_text(hostile: str) -> None:
    text = "".join(elements(hostile).text)
    for needle in (HOSTILE_NAME, HOSTILE_EVIDENCE, HOSTILE_COMMENT, HOSTILE_GROUP, "<iframe src=//evil.example>"):
        assert needle in text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;Sở Độc hại" in hostile


def test_hostile_unit_text_makes_no_element(hostile: str) -> None:
    tags = elements(hostile).tags
    assert not [t for t, _ in tags if t in ("script", "img", "iframe", "a", "b", "object", "embed", "link")]
    assert not [(t, a) for t, a in tags for name in a if name.startswith("on")]
    assert not [(t, a) for t, a in tags if "href" in a or "src" in a]
    assert "javascript:" not in " ".join(str(v) for _, a in tags for v in a.values())


@pytest.mark.parametrize("with_evidence", [False, True], ids=["page", "with-evidence"])
def test_the_page_has_no_script_and_no_external_asset(with_evidence: bool) -> None:
    html = render_ranking(parsed(ranking_dict()), with_evidence=with_evidence)
    tags = elements(html).tags
    assert "script" not in {t for t, _ in tags}
    assert not re.search(r"""(src|href|xlink:href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html and "@font-face" not in html
    assert not {t for t, _ in tags} & {"link", "img", "iframe", "object", "embed", "base"}
    csp = [a["content"] for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'"]
    if not with_evidence:
        assert not re.search(r"https?:", html)  # the fixture's only URL is a unit's evidence text


# --- what the page says --------------------------------------------------------------------------

def test_headline_and_summary_speak_like_the_announcement(page: str) -> None:
    text = " ".join(" ".join(elements(page).text).split())
    for needle in (
        "Kết quả đánh giá, xếp hạng chỉ số chuyển đổi số năm 2022",
        "Quyết định số 1949/QĐ-UBND ngày 23/11/2022",
        "UBND tỉnh Hậu Giang",
        "Về xếp loại: 3/12 đơn vị xếp loại Xuất sắc, 2 đơn vị xếp loại Tốt, 3 đơn vị xếp loại Khá, "
        "3 đơn vị xếp loại Trung bình, 1 đơn vị xếp loại Yếu.",
        "Sở Nội vụ vươn lên 3 bậc so với năm 2021 và giữ vị trí đứng đầu với 234,66 điểm",
        "Kho bạc Nhà nước Hậu Giang vươn lên 3 bậc so với năm 2021 và giữ vị trí đứng đầu với 239,00 điểm",
        "Sở Tư pháp vươn lên 4 bậc (từ thứ 9 lên thứ 5)",
        "Sở Văn hóa, Thể thao và Du lịch xếp thứ 12/12 với 114,40 điểm",
        "Các đơn vị trong nhóm tham gia đánh giá nhưng không xếp hạng.",
        "Sở Lao động - Thương binh và Xã hội",
    ):
        assert needle in text, needle


def test_ranking_table_cells(page: str) -> None:
    so, nganh_doc, khac = (rows for _, rows in tables(page, "ranking"))
    assert so[0] == ["1", "Sở Nội vụ", "238,16", "234,66", "234,66", "Xuất sắc", "↑3"]
    assert so[5] == ["6", "Sở Y tế", "192,25", "—", "192,25", "Khá", "↓1"]
    assert [r[0] for r in so] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "9", "11", "12"]
    assert ["9", "Văn phòng UBND tỉnh", "173,50", "170,00", "170,00", "Trung bình", "mới"] in so
    assert nganh_doc[0][:2] == ["1", "Kho bạc Nhà nước Hậu Giang"]
    assert [(r[0], r[1], r[-1]) for r in khac] == [
        ("Không xếp hạng", "Ban Quản lý các khu công nghiệp", "—"),
        ("Không xếp hạng", "Đài Phát thanh và Truyền hình", "—"),
    ]


SELF, APPRAISED = "Tổng điểm tự đánh giá (trên tối đa áp dụng)", "Tổng điểm thẩm định (trên tối đa áp dụng)"
RESULT = "Kết quả (thang 245 điểm)"


@pytest.mark.parametrize(("previous", "appraisal", "headers"), [
    (True, True, ["Hạng", "Đơn vị", SELF, APPRAISED, RESULT, "Xếp loại", "So với năm 2021"]),
    (False, True, ["Hạng", "Đơn vị", SELF, APPRAISED, RESULT, "Xếp loại"]),
    (True, False, ["Hạng", "Đơn vị", RESULT, "Xếp loại", "So với năm 2021"]),
], ids=["full", "no-previous-year", "not-appraised"])
def test_ranking_columns_follow_the_data(previous: bool, appraisal: bool, headers: list[str]) -> None:
    html = render_ranking(parsed(ranking_dict(with_previous=previous, with_appraisal=appraisal)))
    assert {tuple(found) for found, _ in tables(html, "ranking")} == {tuple(headers)}


def test_percent_results_carry_the_percent_sign() -> None:
    data = ranking_dict()
    data["result_mode"] = "percent"
    data["scheme_info"]["grades"] = []
    for entry in data["units"]:
        entry["result"] = round(entry["total"] / 245 * 100, 2)
    html = render_ranking(parsed(data))
    assert "95,78%" in html and "Kết quả (% điểm tối đa áp dụng)" in html and "Tổng điểm / tối đa áp dụng" in html
    assert tables(html, "ranking")[0][1][0][:4] == ["1", "Sở Nội vụ", "238,16", "234,66"]
    assert tables(html, "ranking")[0][1][0][4:6] == ["234,66 / 245", "95,78%"]
    assert "Sở Nội vụ vươn lên 3 bậc so với năm 2021 và giữ vị trí đứng đầu với 95,78%" in html
    assert "Xếp loại" not in html


def test_measure_tables_rank_within_each_group(page: str) -> None:
    measure_tables = tables(page, "measure-table")
    assert len(measure_tables) == 6 * 3  # five main indices and one pillar, three groups each
    headers, so = measure_tables[3]  # «2. Thể chế số», Sở, ban, ngành
    assert headers == ["Hạng", "Đơn vị", "Điểm"]
    assert so[:5] == [["1", "Sở Thông tin và Truyền thông", "35,00"], ["2", "Sở Nội vụ", "33,97"],
                      ["3", "Sở Tài chính", "30,00"], ["3", "Sở Kế hoạch và Đầu tư", "30,00"],
                      ["5", "Sở Tư pháp", "28,00"]]
    assert tables(page, "measure-table")[5][1][0][0] == "Không xếp hạng"
    assert "Chính quyền số" in page and "giá trị từ 0 đến 1" in page


def test_charts_are_accessible_inline_svg(page: str) -> None:
    tags = elements(page).tags
    svgs = [a for t, a in tags if t == "svg"]
    assert len(svgs) == 4  # grade distribution + one score chart per group
    assert all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)
    labelled = " ".join(str(a["aria-labelledby"]) for a in svgs).split()
    ids = {a.get("id") for t, a in tags if t in ("title", "desc")}
    assert set(labelled) <= ids and len(labelled) == 8


def test_evidence_appendix_only_when_asked() -> None:
    ranking = parsed(ranking_dict())
    assert "Phụ lục" not in render_ranking(ranking)
    with_evidence = render_ranking(ranking, with_evidence=True)
    assert "Phụ lục. Tài liệu kiểm chứng" in with_evidence
    assert with_evidence.count("Quyết định số 15/QĐ-SNV ngày 10/01/2022") == 18
    assert "Thiếu biên bản họp quý IV" in with_evidence


def test_title_replaces_the_headline() -> None:
    html = render_ranking(parsed(ranking_dict()), title="Công bố DTI 2022 <khối sở>")
    assert "<title>Công bố DTI 2022 &lt;khối sở&gt;</title>" in html
    assert "<h1>Công bố DTI 2022 &lt;khối sở&gt;</h1>" in html


def test_the_page_is_nfc_and_deterministic(page: str) -> None:
    assert unicodedata.is_normalized("NFC", page)
    assert render_ranking(parsed(ranking_dict()), with_evidence=True) == page


def test_write_report_replaces_the_file_atomically(tmp_path: Path) -> None:
    folder = write_ranking(tmp_path / "out", ranking_dict())
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    assert write_report(folder, target) == target
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _index_mode(data: dict[str, Any]) -> None:
    data["result_mode"] = "index"
    data["scheme_info"].update(decimals=4, grades=[], max=1000)
    for entry in data["units"]:
        entry.update(result=round(entry["total"] / 245, 4), grade=None)


def _no_groups(data: dict[str, Any]) -> None:
    data["scheme_info"]["groups"] = []
    for entry in data["units"]:
        entry.update(group=None, group_name=None)


def _empty(data: dict[str, Any]) -> None:
    data.update(units=[], missing=[])


def _zero_and_negative(data: dict[str, Any]) -> None:
    data["scheme_info"]["max"] = 0
    data["units"][0].update(result=-5, total=-5)
    data["units"][1].update(result=None, grade=None)


@pytest.mark.parametrize(("shape", "expected"), [
    (_index_mode, "chỉ số 0,9578"),
    (_no_groups, "Các đơn vị"),
    (_empty, "năm 2022 có 0 đơn vị"),
    (_zero_and_negative, "-5,00"),
], ids=["index-without-grades", "no-groups", "no-units", "odd-values"])
def test_every_shape_renders(shape: Any, expected: str) -> None:
    data = ranking_dict()
    shape(data)
    html = render_ranking(parsed(data), with_evidence=True)
    assert expected in html
    assert "script" not in {t for t, _ in elements(html).tags}
