"""How schemes and results look in a terminal (rich renderables; no printing here)."""

from __future__ import annotations

from collections import Counter

from rich.console import Group as Stack
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from xl_dti.consolidation.run import Consolidation
from xl_dti.decimals import plain
from xl_dti.errors import Problem
from xl_dti.generate import GenerationReport
from xl_dti.ranking import RankRow
from xl_dti.results import UnitResult
from xl_dti.scheme.model import Indicator, Scheme
from xl_dti.units import Unit

_RESULT_WORDS = {
    "points": "điểm (quy đổi khi có chỉ số không đánh giá)",
    "percent": "phần trăm điểm tối đa áp dụng",
    "index": "chỉ số từ 0 đến 1",
    "weighted": "bình quân gia quyền các trụ cột",
}
_LEVEL_WORDS = {"so": "sở, ban, ngành", "huyen": "cấp huyện", "xa": "cấp xã", "tinh": "cấp tỉnh", "bo": "bộ, ngành"}


def bands_text(scheme: Scheme) -> str:
    """Grade bands in one line: ``Xuất sắc ≥220 · Tốt ≥196 · … · Yếu``."""
    if not scheme.grades:
        return "—"
    return " · ".join(g.label + (f" ≥{plain(g.min)}" if g.min is not None else "") for g in scheme.grades)


def kind_counts(scheme: Scheme) -> Counter[str]:
    """How many scored base nodes of each kind (group, main, sub, criterion) the scheme has."""
    tree = scheme.tree
    return Counter(tree.kind[c] for c in tree.order if tree.effect[c] == "base")


def one_line_summary(scheme: Scheme) -> str:
    """``haugiang-2022-so: 5 chỉ số chính / 24 chỉ số thành phần, tối đa 245 điểm, kết quả: điểm …, 5 mức xếp loại``."""
    counts = kind_counts(scheme)
    parts = [f"{counts['main']} chỉ số chính / {counts['sub']} chỉ số thành phần"]
    if counts["criterion"]:
        parts.append(f"{counts['criterion']} tiêu chí")
    parts += [f"tối đa {plain(scheme.total_max)} điểm", f"kết quả: {_RESULT_WORDS[scheme.result]}",
              f"{len(scheme.grades)} mức xếp loại"]
    return f"{scheme.id}: " + ", ".join(parts)


def schemes_table(schemes: list[Scheme]) -> Table:
    """The built-in schemes, one row each."""
    table = Table(title="Bộ chỉ số có sẵn", show_lines=False)
    table.add_column("mã", no_wrap=True)
    for column in ("tên", "cấp", "tối đa", "kết quả", "xếp loại"):
        table.add_column(column, overflow="fold")
    for s in schemes:
        table.add_row(s.id, s.title, _LEVEL_WORDS.get(s.level, s.level), plain(s.total_max),
                      _RESULT_WORDS[s.result], bands_text(s))
    return table


def scheme_header(scheme: Scheme) -> Panel:
    """The scheme's identity, result rule, bands, groups and aggregates."""
    lines = [
        f"[bold]{scheme.title}[/]",
        f"{scheme.issuer} — {scheme.decision}",
        f"mã {scheme.id} · năm {scheme.year} · phiên bản {scheme.version} · "
        f"cấp {_LEVEL_WORDS.get(scheme.level, scheme.level)}",
        f"tối đa {plain(scheme.total_max)} điểm · kết quả: {_RESULT_WORDS[scheme.result]}, {scheme.decimals} chữ số "
        "thập phân",
        f"xếp loại: {bands_text(scheme)}",
    ]
    if scheme.groups:
        lines.append("nhóm đơn vị: " + "; ".join(
            f"{g.code} ({g.name}{'' if g.ranked else ', không xếp hạng'})" for g in scheme.groups))
    for a in scheme.aggregates:
        weight = f" × {plain(a.weight)}" if a.weight is not None else ""
        lines.append(f"chỉ số tổng hợp {a.code} {a.name}{weight} = {', '.join(a.of)}")
    if scheme.illustrative:
        lines.append("[yellow]minh họa: một phần bộ chỉ số được mô phỏng, xem ghi chú nguồn (source)[/]")
    return Panel(Text.from_markup("\n".join(lines)), expand=False)


def scheme_tree(scheme: Scheme) -> Tree:
    """The indicator tree with max points, flags and the rule in words."""
    tree = Tree(f"[bold]{scheme.id}[/] ({plain(scheme.total_max)} điểm)")
    for top in scheme.indicators:
        _add_node(tree, top)
    return tree


def _add_node(parent: Tree, node: Indicator) -> None:
    label = Text()
    label.append(f"{node.code} ", style="bold" if node.children else "")
    label.append(node.name)
    label.append(f" — {plain(node.max)} điểm", style="cyan")
    flags = [f for f, on in (("có thể KĐG", node.na), (node.effect, node.effect != "base")) if on]
    if node.applies_to:
        flags.append("áp dụng: " + ", ".join(node.applies_to))
    if flags:
        label.append(f" [{'; '.join(flags)}]", style="yellow")
    branch = parent.add(label)
    if node.description:
        branch.add(Text(node.description.strip(), style="italic"))
    if node.is_leaf:
        branch.add(Text(node.scoring_rule.describe(node.max), style="dim"))
        if node.evidence:
            branch.add(Text(f"TLKC: {node.evidence}", style="dim italic"))
    for child in node.children:
        _add_node(branch, child)


def result_tree(scheme: Scheme, result: UnitResult) -> Table:
    """One row per indicator: code, name, max, points and status."""
    table = Table(title=f"{scheme.id}" + (f" · {result.unit}" if result.unit else ""), show_lines=False)
    for column, justify in (("code", "left"), ("indicator", "left"), ("max", "right"), ("points", "right"),
                            ("", "left")):
        table.add_column(column, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for code in scheme.tree.order:
        node = scheme.tree.by_code[code]
        score = result.nodes[code]
        status = "KĐG" if score.na else ("tính khi tổng hợp" if score.pending and node.is_leaf else "")
        style = "bold" if node.children else ""
        table.add_row(code, node.name, plain(node.max), "—" if score.na else plain(score.points), status, style=style)
    return table


def result_summary(scheme: Scheme, result: UnitResult) -> Panel:
    """Total, applicable max, result and grade, and every aggregate's value."""
    rows = [
        f"Tổng điểm: [bold]{plain(result.total)}[/] / {plain(result.applicable_max)} (tối đa {plain(result.max)})",
    ]
    if result.bonus or result.penalty:
        rows.append(f"  điểm cơ bản {plain(result.base_total)}, thưởng {plain(result.bonus)}, "
                    f"trừ {plain(result.penalty)}")
    shown = "—" if result.result is None else plain(result.result)
    rows.append(f"Kết quả ({_RESULT_WORDS[scheme.result]}): [bold]{shown}[/]")
    rows.append(f"Xếp loại: [bold]{result.grade or '—'}[/]")
    rows += [f"{a.code}: {'—' if a.value is None else plain(a.value)}" for a in result.aggregates.values()]
    if result.provisional:
        rows.append("[yellow]Tạm tính: chỉ số tính theo đơn vị dẫn đầu chưa được cộng.[/]")
    return Panel(Stack(*(Text.from_markup(r) for r in rows)), expand=False)


def ranking_table(scheme: Scheme, results: list[UnitResult], rows: list[RankRow]) -> Table:
    """A ranking: group, rank, unit, result, grade and the count of problems (errors / warnings)."""
    by_unit = {r.unit: r for r in results}
    table = Table(title=f"Xếp hạng · {scheme.id}")
    table.add_column("nhóm", no_wrap=True)
    table.add_column("hạng", justify="right", no_wrap=True)
    table.add_column("đơn vị", overflow="fold")
    table.add_column("kết quả", justify="right", no_wrap=True, min_width=7)
    table.add_column("xếp loại", no_wrap=True)
    table.add_column("lỗi/c.báo", justify="right", no_wrap=True)
    for row in rows:
        result = by_unit[row.unit]
        warnings = len(result.issues) - len(result.errors)
        table.add_row(
            row.group or "—", "—" if row.rank is None else str(row.rank), row.unit or "",
            "—" if result.result is None else plain(result.result), result.grade or "—",
            f"{len(result.errors)}/{warnings}",
        )
    return table


def generation_summary(scheme: Scheme, units: list[Unit], report: GenerationReport, seconds: float) -> Panel:
    """What ``generate`` wrote: counts per group, the folder, the registry warning, throughput."""
    per_group = Counter(u.group or "—" for u in units)
    groups = ", ".join(f"{g}: {n}" for g, n in per_group.items())
    rate = len(report.files) / seconds if seconds > 0 else 0.0
    folder = report.registry.parent
    lines = [
        f"[bold]{len(report.files)}[/] biểu mẫu của bộ chỉ số {scheme.id} ({groups})",
        f"Thư mục: [bold]{folder}[/]",
        f"[bold red]{report.registry.name}[/]: sổ mật khẩu và khóa ký của các biểu mẫu. "
        "[bold]Giữ lại, không gửi cho đơn vị[/] (cần khi tổng hợp).",
        f"{rate:.1f} biểu mẫu/giây ({seconds:.2f} giây)",
    ]
    return Panel(Text.from_markup("\n".join(lines)), title="xl-dti generate", expand=False)


def consolidation_summary(run: Consolidation, seconds: float) -> Stack:
    """Per group: registered, accepted, rejected, missing and the top three; then the outputs."""
    scheme = run.scheme
    table = Table(title=f"Tổng hợp · {scheme.id} · {run.registry.year}")
    for column in ("nhóm", "đăng ký", "chấp nhận", "từ chối/chờ xem xét", "chưa có tệp hợp lệ", "ba đơn vị dẫn đầu"):
        table.add_column(column, overflow="fold")
    registered = Counter(u.group for u in run.registry.units.values())
    unit_group = {u.code: u.group for u in run.registry.units.values()}
    refused = Counter(unit_group.get(o.reading.unit_code or "") for o in run.outcomes
                      if o.outcome in ("rejected", "quarantined"))
    for group in [*scheme.group_codes, None] if scheme.groups else [None]:
        rows = [r for r in run.rows if r.group == group]
        if not rows and not registered[group]:
            continue
        top = ", ".join(f"{r.rank}. {r.unit_name} ({plain(r.result.result) if r.result.result is not None else '—'})"
                        for r in rows[:3] if r.rank is not None)
        missing = sum(1 for u in run.missing if u.group == group)
        table.add_row(group or "—", str(registered[group]), str(len(rows)), str(refused[group]), str(missing), top)
    rate = len(run.outcomes) / seconds if seconds > 0 else 0.0
    unknown = sum(1 for o in run.outcomes if o.outcome in ("rejected", "quarantined") and o.reading.unit_code is None)
    lines = [
        f"Tệp: {len(run.outcomes)} · chấp nhận {run.count('accepted')} · có tệp mới hơn {run.count('superseded')} · "
        f"trùng {run.count('duplicate')} · từ chối {run.count('rejected')} · "
        f"chờ Hội đồng xem xét {run.count('quarantined')} ({unknown} tệp không xác định được đơn vị)",
        *(f"→ {path}" for path in run.outputs),
        f"{rate:.1f} tệp/giây ({seconds:.2f} giây)",
    ]
    return Stack(table, Text("\n".join(lines)))


_OUTCOME_WORDS = {"superseded": "có tệp mới hơn", "duplicate": "trùng tệp khác", "rejected": "từ chối",
                  "quarantined": "chờ Hội đồng xem xét"}


def not_accepted(run: Consolidation) -> Text:
    """Every file that was not accepted (name, unit, outcome, first message) and every unit that sent
    nothing, pointing to the master's «Kiểm tra» and «Chưa nộp» sheets; or that every file was accepted."""
    refused = [o for o in run.outcomes if o.outcome != "accepted"]
    master = next((p for p in run.outputs if p.name == "master.xlsx"), None)
    where = f"{master} › «Kiểm tra»" if master else "master.xlsx › «Kiểm tra»"
    if not refused and not run.missing:
        return Text(f"Tất cả {len(run.outcomes)} tệp được chấp nhận; mọi đơn vị đều đã gửi. Chi tiết: {where}.")
    lines = []
    if refused:
        lines.append(f"Không được chấp nhận ({len(refused)} tệp; chi tiết: {where}):")
        for outcome in refused:
            unit = f" [{outcome.reading.unit_code}]" if outcome.reading.unit_code else ""
            first = f" — {_located(outcome.problems[0], outcome.reading.name)}" if outcome.problems else ""
            lines.append(f"  ✗ {outcome.reading.name}{unit}: {_OUTCOME_WORDS[outcome.outcome]}{first}")
    if run.missing:
        lines.append(f"Chưa có tệp hợp lệ ({len(run.missing)} đơn vị; xem master.xlsx › «Chưa nộp»):")
        lines += [f"  · {u.name} [{u.code}]" for u in run.missing]
    return Text("\n".join(lines))


def _located(problem: Problem, name: str) -> str:
    """A problem's message, with its place when it is a cell rather than the file itself."""
    inside = problem.where and problem.where not in (name, name.rsplit("/", 1)[-1])
    return f"{problem.where}: {problem.message}" if inside else problem.message
