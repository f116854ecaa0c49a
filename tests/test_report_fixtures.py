"""ranking.json fixtures for the report tests, built as `xl-dti consolidate` writes them (no tests here)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from xl_dti.ranking import competition_ranks
from xl_dti.report.model import Ranking

SCHEME_INFO: dict[str, Any] = {
    "title": "Bộ chỉ số đánh giá chuyển đổi số các cơ quan cấp tỉnh",
    "issuer": "UBND tỉnh Hậu Giang",
    "decision": "Quyết định số 1949/QĐ-UBND ngày 23/11/2022",
    "max": 245,
    "decimals": 2,
    "grades": [
        {"label": "Xuất sắc", "min": 220}, {"label": "Tốt", "min": 196}, {"label": "Khá", "min": 171},
        {"label": "Trung bình", "min": 122}, {"label": "Yếu", "min": None},
    ],
    "groups": [
        {"code": "so", "name": "Sở, ban, ngành", "ranked": True},
        {"code": "nganh-doc", "name": "Cơ quan ngành dọc", "ranked": True},
        {"code": "khac", "name": "Đơn vị khác", "ranked": False},
    ],
    "measures": [
        {"code": "1", "name": "Nhận thức số", "kind": "main", "max": 40},
        {"code": "2", "name": "Thể chế số", "kind": "main", "max": 35},
        {"code": "3", "name": "Hạ tầng số và an toàn thông tin mạng", "kind": "main", "max": 50},
        {"code": "4", "name": "Nhân lực số", "kind": "main", "max": 30},
        {"code": "5", "name": "Hoạt động chính quyền số", "kind": "main", "max": 90},
        {"code": "CQS", "name": "Chính quyền số", "kind": "aggregate", "max": 1},
    ],
}

# code, name, group, the five main indices' points, last year's rank (None: new), appraised?
UNITS: list[tuple[str, str, str, tuple[float, ...], int | None, bool]] = [
    ("so-noi-vu", "Sở Nội vụ", "so", (40, 33.97, 48.5, 29, 83.19), 4, True),
    ("so-tttt", "Sở Thông tin và Truyền thông", "so", (40, 35, 50, 30, 78.5), 1, True),
    ("so-tai-chinh", "Sở Tài chính", "so", (38, 30, 45, 27, 80), 2, True),
    ("so-khdt", "Sở Kế hoạch và Đầu tư", "so", (36, 30, 44, 26, 73.5), 3, True),
    ("so-tu-phap", "Sở Tư pháp", "so", (35, 28, 40, 25, 70), 9, True),
    ("so-y-te", "Sở Y tế", "so", (34, 27, 41, 24, 66.25), 5, False),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "so", (33, 27, 40, 25, 62), 6, True),
    ("so-nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "so", (30, 25, 38, 22, 60.5), 8, True),
    ("so-xay-dung", "Sở Xây dựng", "so", (30, 24, 37, 22, 57), 7, True),
    ("so-cong-thuong", "Sở Công thương", "so", (28, 22, 33, 20, 50), 10, True),
    ("van-phong-ubnd", "Văn phòng UBND tỉnh", "so", (30, 24, 37, 22, 57), None, True),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "so", (20, 18, 30, 16, 30.4), 11, False),
    ("kho-bac", "Kho bạc Nhà nước Hậu Giang", "nganh-doc", (40, 35, 49, 30, 85), 4, True),
    ("cuc-thue", "Cục Thuế tỉnh", "nganh-doc", (40, 34, 50, 30, 80), 1, True),
    ("bhxh", "Bảo hiểm xã hội tỉnh", "nganh-doc", (39, 33, 48, 28, 79), 2, True),
    ("cong-an", "Công an tỉnh", "nganh-doc", (35, 30, 45, 25, 70), 3, True),
    ("ban-qlkcn", "Ban Quản lý các khu công nghiệp", "khac", (30, 25, 40, 22, 60), None, False),
    ("dai-pttt", "Đài Phát thanh và Truyền hình", "khac", (36, 30, 45, 26, 75), None, False),
]


def grade_of(result: float) -> str:
    """Hậu Giang's bands for 245 points."""
    for band in SCHEME_INFO["grades"]:
        if band["min"] is None or result >= band["min"]:
            return str(band["label"])
    raise AssertionError("unreachable")


def ranking_dict(*, with_previous: bool = True, with_appraisal: bool = True) -> dict[str, Any]:
    """A complete ranking.json for 18 units in three groups (one unranked), a missing unit and evidence."""
    groups = {g["code"]: g for g in SCHEME_INFO["groups"]}
    entries: list[dict[str, Any]] = []
    for code, name, group, points, previous, appraised in UNITS:
        total = round(sum(points), 2)
        self_total = round(total + (3.5 if appraised else 0), 2)
        entries.append({
            "group": group, "group_name": groups[group]["name"], "rank": None, "unit_code": code, "unit_name": name,
            "total": total, "applicable_max": 245, "result": total, "grade": grade_of(total),
            "status": "ranked" if groups[group]["ranked"] else "not_ranked",
            "previous_rank": previous if with_previous else None,
            "previous_result": round(total - 5, 2) if with_previous and previous else None,
            "self_total": self_total, "appraised_total": total if with_appraisal and appraised else None,
            "self_result": self_total,
            "measures": {**{str(i + 1): p for i, p in enumerate(points)},
                         "CQS": round((sum(points)) / 245, 4)},
            "aggregates": {"CQS": round(sum(points) / 245, 4)},
            "indicators": {"1.1": 10, "1.2": points[0] - 10, "3.3": None},
            "evidence": {"1.1": "Quyết định số 15/QĐ-SNV ngày 10/01/2022 về việc kiện toàn Ban chỉ đạo",
                         "1.2": "https://haugiang.gov.vn/van-ban/15"},
            "appraisal": {"1.2": {"self": points[0] - 10 + 2, "appraised": points[0] - 10,
                                  "comment": "Thiếu biên bản họp quý IV"}} if appraised else {},
            "not_applicable": ["3.3"], "issues": [],
        })
    for group, info in groups.items():
        members = [e for e in entries if e["group"] == group]
        if info["ranked"]:
            ranks = competition_ranks((e["unit_code"], e["result"]) for e in members)
            for entry in members:
                entry["rank"] = ranks[entry["unit_code"]]
    for entry in entries:
        _fill_change(entry, with_previous)
    order = {code: i for i, code in enumerate(groups)}
    entries.sort(key=lambda e: (order[e["group"]], e["rank"] is None, e["rank"] or 0, e["unit_code"]))
    return {
        "scheme": "haugiang-2022-so", "scheme_version": "1", "year": 2022, "result_mode": "points",
        "scheme_info": copy.deepcopy(SCHEME_INFO), "units": entries,
        "missing": [{"unit_code": "so-ldtbxh", "unit_name": "Sở Lao động - Thương binh và Xã hội", "group": "so"}],
    }


def _fill_change(entry: dict[str, Any], with_previous: bool) -> None:
    rank, previous = entry["rank"], entry["previous_rank"]
    if rank is None or not with_previous:
        entry.update(rank_change=None, change=None if rank is None or not with_previous else "mới",
                     result_change=None)
        return
    if previous is None:
        entry.update(rank_change=None, change="mới", result_change=None)
        return
    gained = previous - rank
    entry.update(rank_change=gained, change="=" if gained == 0 else (f"↑{gained}" if gained > 0 else f"↓{-gained}"),
                 result_change=round(entry["result"] - entry["previous_result"], 2))


def write_ranking(folder: Path, data: dict[str, Any]) -> Path:
    """Write ``data`` as folder/ranking.json; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ranking.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder


def parsed(data: dict[str, Any]) -> Ranking:
    """``data`` through the report's own model."""
    return Ranking.model_validate(json.loads(json.dumps(data), parse_float=Decimal))
