"""Every user-visible message template, keyed by a stable code.

Scheme messages speak to the secretariat (English); answer messages speak to the unit that
fills the form (Vietnamese). Each says what is wrong and how to fix it. Tests assert codes and
locations, never prose, so wording can be improved here without touching anything else.
"""

from __future__ import annotations

from typing import Any

CATALOGUE: dict[str, str] = {
    "generic": "{text}",
    # --- files and YAML (secretariat) ---
    "file.not_found": "no such file. Check the path, or run `xl-dti schemes` to list the built-in scheme ids.",
    "file.unreadable": "cannot read the file ({detail}). Check that it exists and is readable.",
    "scheme.unknown_id": "'{name}' is neither a built-in scheme id nor a file. Built-in ids: {known}.",
    "yaml.syntax": "this is not valid YAML ({detail}). Check the indentation and quotes on this line.",
    "yaml.duplicate_key": "the key '{key}' appears twice in the same block. Keep only one.",
    "yaml.not_mapping": "a scheme is a set of keys (id:, title:, indicators: …), not {found}. Start from a built-in scheme.",
    # --- scheme shape (secretariat) ---
    "key.unknown": "unknown key '{key}'{suggestion}. Remove it or fix the spelling; allowed here: {allowed}.",
    "key.missing": "'{key}' is required here. Add it.",
    "value.invalid": "{detail}. {hint}",
    "code.duplicate": "the code '{code}' is used twice (first at line {first}). Give each indicator its own code.",
    "max.sum_mismatch": "the children add up to {total} but the parent says {max}. Change one of them.",
    "max.scheme_mismatch": "the indicators add up to {total} but the scheme says max: {max}. Change one of them.",
    "grades.order": "the band '{label}' starts at {min}, which is not below the band above it ({previous}). "
    "List bands from the highest to the lowest.",
    "grades.bottom": "the last band '{label}' starts at {min}, so a lower result would get no grade. "
    "Remove its 'min' (it then covers everything below the band above it).",
    "grades.min_missing": "the band '{label}' has no 'min'. Only the last band may leave it out.",
    "grades.duplicate": "the band label '{label}' is used twice. Give each band its own label.",
    "weights.sum": "the aggregate weights add up to {total}, not 1. Change them so they add up to exactly 1.",
    "weights.none": "result: weighted needs aggregates with a 'weight' (aggregates without one are views only). Add the weights.",
    "weights.unused": "the aggregate '{code}' has a weight, but the result is '{result}', which ignores weights. "
    "Remove the weight or use result: weighted.",
    "aggregate.unknown_code": "the aggregate '{aggregate}' names '{code}', which is not an indicator code. "
    "Use a code from the indicators list.",
    "aggregate.duplicate": "the aggregate code '{code}' is used twice. Give each aggregate its own code.",
    "aggregate.clash": "the aggregate code '{code}' is also an indicator code. Give the aggregate another code.",
    "group.duplicate": "the group code '{code}' is used twice. Give each group its own code.",
    "applies_to.unknown_group": "'{group}' is not one of the scheme's groups ({known}). Add it under 'groups' or fix the code.",
    "applies_to.no_groups": "'applies_to' needs unit groups, but the scheme has no 'groups'. Add them or remove 'applies_to'.",
    "rule.on_parent": "'{code}' has children, so its points are their sum. Remove '{key}' here and score the children.",
    "rule.above_max": "{what} gives {points} points, above this indicator's max of {max}. Lower it, or raise the max.",
    "rule.fraction_range": "{what} has fraction {fraction}; a fraction of the max must be from 0 to 1.",
    "rule.both_points_fraction": "{what} has both 'points' and 'fraction'. Keep one of them.",
    "rule.neither_points_fraction": "{what} needs 'points' or 'fraction'. Add one of them.",
    "rule.duplicate_label": "the label '{label}' is used twice in this list. Give each its own label.",
    "rule.duplicate_step": "two steps start at {min}. Give each step its own 'min'.",
    "rule.empty_list": "the rule '{kind}' needs at least one entry in '{key}'. Add them.",
    "rule.positive": "'{key}' must be greater than 0, not {value}.",
    "effect.nested": "'{code}' is a {effect} node inside '{parent}'. Put bonus and penalty nodes at the top level.",
    "effect.child_mismatch": "'{code}' says effect: {effect} inside a {parent_effect} node. Remove it; children take their parent's effect.",
    "kind.group_nested": "'{code}' is kind: group but is not at the top level. Only top-level nodes can group main indices.",
    "kind.group_leaf": "'{code}' is kind: group but has no children. A group holds main indices.",
    "scheme.no_indicators": "the scheme has no indicators. Add at least one under 'indicators'.",
    "scheme.zero_max": "every scored indicator has max 0, so there is nothing to score. Give the indicators their points.",
    "na.group_required": "'group' is required: this scheme has groups ({known}).",
    # --- usage (secretariat / analysts) ---
    "usage.unknown_group": "'{group}' is not a group of this scheme. Groups: {known}.",
    "usage.no_grades": "the scheme '{scheme}' has no grade bands, so there is no grade to give.",
    "usage.weighted_result": "the scheme '{scheme}' has a weighted result, which needs every aggregate's value, not one total.",
    "usage.unknown_leaf": "'{code}' is not a leaf indicator of the scheme '{scheme}'. Use the code of an indicator that is scored by a rule.",
    "usage.unknown_measure": "'{measure}' is neither 'result', a main index code nor an aggregate code. Known: {known}.",
    "units.missing_column": "the units file needs the column(s) {missing} in its first line (found: {found}). Add them.",
    "units.empty": "the units file lists no units. Add one line per unit: code,name,group.",
    "units.empty_code": "this unit has no code. Give every unit a short code such as so-noi-vu.",
    "units.bad_code": "the unit code '{code}' may only use letters, digits, '.', '-' and '_' (it becomes part of a file name). Change it.",
    "units.duplicate_code": "the unit code '{code}' is used again (first on line {first}). Give each unit its own code.",
    "units.empty_name": "the unit '{code}' has no name. Write its full name, e.g. Sở Nội vụ.",
    "units.group_required": "this unit has no group; the scheme's groups are {known}. Fill in the group column.",
    "units.unknown_group": "'{group}' is not a group of the scheme ({known}). Fix the group code.",
    "usage.bad_date": "'{value}' is not a date in the form dd/mm/yyyy (e.g. 15/01/2026).",
    "registry.unreadable": "this is not a registry written by `xl-dti generate` ({detail}). Use the registry.json from the generation folder.",
    "registry.other_round": "the folder {folder} already holds the workbooks of {scheme} for {year}. Generate into another folder.",
    "libreoffice.missing": "LibreOffice is not installed (no `soffice` on the PATH). Install it, e.g. apt-get install libreoffice-calc-nogui.",
    "libreoffice.failed": "LibreOffice could not convert the workbook(s): {detail}",
    "answers.bad_file": "cannot read the answers ({detail}). Use YAML, JSON, or CSV with columns code,answer[,evidence,explanation].",
    "answers.bad_shape": "the answers must map each indicator code to its answer, not {found}.",
    # --- answers (units, Vietnamese) ---
    "answer.missing": "chưa có câu trả lời. Nhập {expected}.",
    "answer.not_number": "'{value}' không phải là số. Nhập {expected}.",
    "answer.out_of_range": "{value} nằm ngoài khoảng cho phép ({low} đến {high}). Nhập {expected}.",
    "answer.not_step": "{value} không phải là bội số của {step}. Nhập một số là bội số của {step}, từ 0 đến {high}.",
    "answer.not_whole": "{value} không phải là số nguyên. Nhập một số nguyên từ 0 trở lên.",
    "answer.negative": "{value} là số âm. Nhập một số từ 0 trở lên.",
    "answer.bad_yes_no": "'{value}' không hợp lệ. Chọn Có hoặc Không.",
    "answer.unknown_option": "'{value}' không có trong danh sách. Chọn một trong: {options}.",
    "answer.unknown_part": "'{value}' không có trong các nội dung chấm điểm. Chọn trong: {options}.",
    "answer.bad_ratio": "cần nhập cả tử số ({numerator}) và mẫu số ({denominator}).",
    "answer.na_not_allowed": "chỉ số này không được đánh dấu «Không đánh giá». Hãy tự chấm điểm.",
    "answer.na_with_value": "vừa đánh dấu «Không đánh giá» vừa nhập giá trị. Chọn một trong hai.",
    "answer.unknown_code": "không có chỉ số mã '{code}' trong bộ chỉ số. Kiểm tra lại mã.",
    "answer.on_parent": "'{code}' là chỉ số tổng hợp, điểm bằng tổng các chỉ số con. Chấm điểm các chỉ số con.",
    "answer.not_applicable": "chỉ số này không áp dụng cho nhóm đơn vị '{group}'; câu trả lời bị bỏ qua.",
    "evidence.missing": "tự chấm {points} điểm nhưng chưa nêu tài liệu kiểm chứng ({evidence}). Bổ sung số, ngày, trích yếu văn bản hoặc đường dẫn.",
    "relative.pending": "điểm tính theo đơn vị dẫn đầu, chỉ tính được khi tổng hợp; chưa cộng vào tổng điểm tạm tính.",
    "ratio.zero_denominator_na": "mẫu số bằng 0 nên chỉ số này không đánh giá (theo quy định của bộ chỉ số).",
}


def render(code: str, params: dict[str, Any]) -> str:
    """Fill the template for ``code`` with ``params``.

    Args:
        code: a key of ``CATALOGUE``.
        params: values for the template's fields.

    Returns:
        The message text. A missing field renders as ``{field}`` rather than failing.
    """
    template = CATALOGUE[code]
    return template.format_map(_Lenient(params))


class _Lenient(dict[str, Any]):
    # A message must never crash the report that carries it.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
