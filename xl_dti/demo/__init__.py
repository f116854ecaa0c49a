"""The end-to-end demo: a whole evaluation year on the built-in samples (Hậu Giang's 2022 schemes, or
one of the schemes in force, e.g. Hà Nội's 2025 departments or communes and wards).

1. generate the workbooks of the sample departments and districts;
2. fill them as units would (strong, weak, N/A items, missing evidence, a typed ``8,5``, one
   re-saved by LibreOffice when it is installed, one tampered, one unit that never answers);
3. consolidate; 4. appraise (the council lowers some scores, with comments);
5. consolidate with the appraisals and last year's ranking; 6. write the reports.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from rich.console import Console

from xl_dti import views
from xl_dti.answers_file import read_answers
from xl_dti.appraisal.fill import fill_appraisal
from xl_dti.appraisal.run import appraisal_name, appraise
from xl_dti.consolidation.run import Consolidation, consolidate
from xl_dti.demo.answers import unit_answers
from xl_dti.errors import Problem, UsageError
from xl_dti.generate import generate
from xl_dti.libreoffice import LibreOfficeError, convert, soffice
from xl_dti.ranking import rank
from xl_dti.registry import Registry, load_registry
from xl_dti.report.render import write_report
from xl_dti.resources import samples_dir
from xl_dti.scheme import load_scheme
from xl_dti.scheme.model import Scheme
from xl_dti.units import Unit, read_units
from xl_dti.workbook.fill import fill_workbook
from xl_dti.workbook.layout import FORM_SHEET

YEAR = 2022
DEADLINE = "15/01/2023"
DEMO_MARKER = ".xl-dti-demo"
CONTACT = "Sở Khoa học và Công nghệ tỉnh Hậu Giang — Phòng Công nghệ thông tin, ĐT 0293 3 870 000"


@dataclass(frozen=True)
class Round:
    """One scheme's round in the demo."""

    key: str
    scheme_id: str
    units_file: str
    previous: str
    never_answers: str
    tampered: str
    typed_comma: str
    resaved: str
    council: dict[str, dict[str, tuple[float, str]]]
    year: int = YEAR
    deadline: str = DEADLINE
    contact: str = CONTACT


ROUNDS = (
    Round("so", "haugiang-2022-so", "haugiang-so-units.csv", "ranking-2021-so.csv", never_answers="ban-dan-toc",
          tampered="so-xay-dung", typed_comma="so-y-te", resaved="so-tai-chinh",
          council={"so-noi-vu": {"1.4": (5, "Chỉ 10 tin, bài đạt yêu cầu về nội dung chuyển đổi số."),
                                 "2.4": (2.5, "Chưa có quyết định giao dự toán riêng cho chuyển đổi số.")},
                   "so-tt-tt": {"3.4": (7.5, "Chưa có báo cáo kiểm tra, đánh giá độc lập năm 2022.")},
                   # a vertical-line agency: 3.3 marked «KĐG», 5.4–5.6 outside its group (N/A rows)
                   "kho-bac-nha-nuoc": {"2.4": (3, "Dự toán chưa tách riêng kinh phí chuyển đổi số.")}}),
    Round("huyen", "haugiang-2022-huyen", "haugiang-huyen-units.csv", "ranking-2021-huyen.csv",
          never_answers="h-long-my", tampered="", typed_comma="h-vi-thuy", resaved="",
          council={"tp-vi-thanh": {"1.1": (5, "Quyết định thành lập Ban Chỉ đạo ban hành sau thời hạn.")}}),
)
HANOI_CONTACT = "Sở Khoa học và Công nghệ thành phố Hà Nội — Phòng Chuyển đổi số, ĐT 024 3 825 0000"
SCHEMES_IN_FORCE = (
    Round("hanoi-so", "hanoi-2025-so", "hanoi-so-units.csv", "", never_answers="so-dt-tg", tampered="",
          typed_comma="so-y-te", resaved="so-kh-cn", year=2025, deadline="15/12/2025", contact=HANOI_CONTACT,
          council={"so-tai-chinh": {"2.3": (12.5, "Kinh phí chuyển đổi số lồng ghép trong dự toán chung.")}}),
    Round("hanoi-xa", "hanoi-2025-xa", "hanoi-xa-units.csv", "", never_answers="x-quang-minh", tampered="",
          typed_comma="p-cau-giay", resaved="", year=2025, deadline="15/12/2025", contact=HANOI_CONTACT,
          council={"p-hoan-kiem": {"1.1": (10, "Quyết định kiện toàn Ban Chỉ đạo ban hành sau thời hạn.")}}),
)
STRENGTH = {"so-tt-tt": 0.95, "vp-ubnd": 0.9, "so-kh-dt": 0.85, "kho-bac-nha-nuoc": 0.9, "cuc-thue": 0.85,
            "tp-vi-thanh": 0.9, "tp-nga-bay": 0.85, "thanh-tra": 0.35, "h-chau-thanh": 0.4}


def demo_schemes() -> list[str]:
    """The schemes the demo can run: Hậu Giang's 2022 pair (the default) and the schemes in force."""
    return [r.scheme_id for r in (*ROUNDS, *SCHEMES_IN_FORCE)]


def run_demo(out_dir: Path, console: Console, scheme_id: str | None = None) -> bool:
    """Run the whole year into ``out_dir``, printing each step and where its files are.

    Args:
        out_dir: the demo's folder (replaced).
        console: where the steps are printed.
        scheme_id: run only this scheme's round (see ``demo_schemes``); ``None``: Hậu Giang's 2022 pair.

    Returns:
        ``True`` when every step succeeded.

    Raises:
        UsageError: for a scheme the demo has no samples for.
    """
    rounds = ROUNDS if scheme_id is None else tuple(r for r in (*ROUNDS, *SCHEMES_IN_FORCE) if r.scheme_id == scheme_id)
    if not rounds:
        known = ", ".join(demo_schemes())
        raise UsageError([Problem("usage.demo_scheme", params={"scheme": scheme_id, "known": known})])
    started = time.perf_counter()
    _clear(out_dir)
    ok = all([_year(round_, out_dir / round_.key, console) for round_ in rounds])
    console.rule(f"[bold]Xong / done[/] in {time.perf_counter() - started:.1f} s — open {out_dir}")
    return ok


def _clear(out_dir: Path) -> None:
    """Start from an empty folder: a previous demo's (it carries the marker) is removed; any other
    folder that holds something is refused, never deleted."""
    if out_dir.exists():
        if not out_dir.is_dir() or not _is_demo(out_dir):
            raise UsageError([Problem("demo.not_demo_folder", str(out_dir))])
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    (out_dir / DEMO_MARKER).write_text("xl-dti demo: this folder is rebuilt by every `xl-dti demo`.\n",
                                       encoding="utf-8")


def _is_demo(folder: Path) -> bool:
    """Empty, marked as the demo's, or written by a demo from before the marker (its two rounds only)."""
    names = {p.name for p in folder.iterdir()}
    rounds = {r.key for r in (*ROUNDS, *SCHEMES_IN_FORCE)}
    return not names or DEMO_MARKER in names or (
        names <= rounds and all((folder / n / "1-bieu-mau" / "registry.json").is_file() for n in names))


def _year(round_: Round, folder: Path, console: Console) -> bool:
    """One scheme's year; ``True`` when the council's every appraisal was applied."""
    scheme = load_scheme(round_.scheme_id)
    units = read_units(samples_dir() / round_.units_file, scheme)
    console.rule(f"[bold]{scheme.title}[/] ({scheme.id})")
    console.print(f"1. Tạo biểu mẫu / generate: {len(units)} đơn vị")
    report = generate(scheme, units, folder / "1-bieu-mau", year=round_.year, deadline=round_.deadline,
                      contact=round_.contact)
    registry = load_registry(report.registry)
    console.print(f"   → {report.registry.parent} (registry.json: giữ lại, không gửi / keep, do not send)")
    returned = folder / "2-don-vi-gui-ve"
    notes = _fill(round_, scheme, units, registry, report.registry.parent, returned)
    console.print(f"2. Đơn vị điền và gửi về / units answer: {len(list(returned.glob('*')))} tệp → {returned}")
    for note in notes:
        console.print(f"   · {note}")
    first = consolidate(scheme, returned, registry, folder / "3-tong-hop", jobs=2)
    console.print(f"3. Tổng hợp / consolidate → {folder / '3-tong-hop'}")
    _outcomes(first, console)
    appraisals = folder / "4-tham-dinh"
    appraise(scheme, returned, registry, appraisals / "phieu", jobs=2)
    _council(round_, scheme, registry, appraisals)
    console.print(f"4. Thẩm định / appraise → {appraisals} (Hội đồng hạ điểm {len(round_.council)} đơn vị, có ý kiến)")
    previous = samples_dir() / "previous" / round_.previous if round_.previous else None
    final = consolidate(scheme, returned, registry, folder / "5-ket-qua", appraisals=appraisals / "da-tham-dinh",
                        previous=previous, jobs=2)
    applied = final.appraisal is not None and sorted(final.appraisal.points) == sorted(round_.council)
    used = len(final.appraisal.points) if final.appraisal else 0
    compared = f", so với năm {round_.year - 1}" if previous else ""
    console.print(f"5. Tổng hợp sau thẩm định ({used}/{len(round_.council)} phiếu được áp dụng){compared} "
                  f"/ final → {folder / '5-ket-qua'}")
    if not applied:
        _outcomes(final, console)
    console.print(views.ranking_table(scheme, final.results, rank(scheme, final.results)))
    target = write_report(folder / "5-ket-qua", folder / "6-bao-cao" / f"bao-cao-{round_.key}.html",
                          with_evidence=True)
    console.print(f"6. Báo cáo / report → [bold]{target}[/]")
    return applied


def _fill(round_: Round, scheme: Scheme, units: list[Unit], registry: Registry, blanks: Path,
          returned: Path) -> list[str]:
    """Every unit's answers, as units really send them."""
    rng = random.Random(f"{round_.scheme_id}-{round_.year}")
    samples = samples_dir() / "answers" / round_.scheme_id
    notes = []
    resave: list[Path] = []
    for unit in units:
        if unit.code == round_.never_answers:
            notes.append(f"{unit.name}: không gửi / never answers")
            continue
        sample = next(samples.glob(f"*__{unit.code}.yaml"), None) if samples.is_dir() else None
        strength = STRENGTH.get(unit.code, 0.7)
        answers = read_answers(sample) if sample else unit_answers(scheme, rng, strength, round_.year)
        if unit.code == round_.typed_comma:
            leaf = next(n for n in scheme.tree.by_code.values() if n.is_leaf and n.scoring_rule.rule == "points")
            answers[leaf.code] = {"value": f"{float(leaf.max) - 0.5:g}".replace(".", ","), "evidence": "Báo cáo năm"}
            notes.append(f"{unit.name}: gõ «{answers[leaf.code]['value']}» (dấu phẩy thập phân) ở chỉ số {leaf.code}")
        target = returned / f"{unit.code}.xlsx"
        fill_workbook(blanks / registry.units[unit.code].file, target, scheme, answers)
        if unit.code == round_.tampered:
            _tamper(target)
            notes.append(f"{unit.name}: sửa điểm tối đa trong ô bị khóa / tampered with a locked cell")
        if unit.code == round_.resaved:
            resave.append(target)
    if resave and soffice():
        try:
            for path in resave:
                (converted,) = convert([path], returned.parent / "libreoffice")
                shutil.move(converted, path)
                notes.append(f"{path.stem}: mở và lưu lại bằng LibreOffice / re-saved by LibreOffice")
        except LibreOfficeError:
            notes.append("LibreOffice could not re-save the file; it is sent as written")
    return notes


def _tamper(path: Path) -> None:
    workbook = load_workbook(path)
    workbook[FORM_SHEET].protection.sheet = False
    workbook[FORM_SHEET]["C8"] = 20
    workbook.save(path)


def _council(round_: Round, scheme: Scheme, registry: Registry, folder: Path) -> None:
    done = folder / "da-tham-dinh"
    done.mkdir(parents=True, exist_ok=True)
    for unit, changes in round_.council.items():
        source = folder / "phieu" / appraisal_name(registry.year, unit)
        if source.exists():
            fill_appraisal(source, done / source.name, scheme, {c: v for c, (v, _) in changes.items()},
                           {c: text for c, (_, text) in changes.items()})


def _outcomes(run: Consolidation, console: Console) -> None:
    for outcome in run.outcomes:
        if outcome.outcome != "accepted" or outcome.codes:
            first = outcome.problems[0] if outcome.problems else None
            detail = f" — {first}" if first else ""
            console.print(f"   · {outcome.reading.name}: {outcome.outcome}{detail}", highlight=False)
