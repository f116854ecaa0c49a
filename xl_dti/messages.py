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
    "text.illegal_character": "this text holds {char} ({name}) at character {position}, which no spreadsheet file "
    "can store (it often comes with text copied from Word). Delete it or replace it with a space.",
    "text.too_long": "this text is {length} characters long as Excel counts them, but a cell holds at most {limit}. "
    "Shorten it.",
    "workbook.illegal_character": "this part would hold the character {char}, which no spreadsheet file "
    "can store, so nothing was written. Remove control characters from the texts given (scheme, units, --contact).",
    "formula.limits": "the workbook's formula for '{code}' would be {detail}, so Excel could not open the file. "
    "Split this indicator (or its list of steps, options or parts) into smaller ones.",
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
    "previous.unreadable": "cannot read last year's results ({detail}). Give last year's ranking.json, ranking.csv or master.xlsx.",
    "consolidate.no_defusedxml": "defusedxml is not installed, so returned files cannot be parsed safely. Install it: pip install defusedxml.",
    "consolidate.not_a_folder": "'{path}' is not a folder of returned workbooks.",
    "consolidate.scheme_mismatch": "the registry is for {registry_scheme} (fingerprint {registry_fp}), not for this scheme {scheme}. Use the registry from the generation of this scheme.",
    "answers.bad_file": "cannot read the answers ({detail}). Use YAML, JSON, or CSV with columns code,answer[,evidence,explanation].",
    "answers.bad_shape": "the answers must map each indicator code to its answer, not {found}.",
    # --- rubric workbooks (xl-dti scheme export / import) ---
    "rubric.not_xlsx": "this is not an .xlsx workbook. Save the rubric as an Excel Workbook (.xlsx) and import that.",
    "rubric.missing_sheet": "the workbook has no sheet '{sheet}' (found: {found}). Add it, or rename the sheet that "
    "holds {what}.",
    "rubric.missing_column": "the sheet has no column '{column}' ({meaning}). Add it to the header row.",
    "rubric.unknown_column": "unknown column '{column}'{suggestion}. Rename it to one of: {allowed}; or delete the "
    "column.",
    "rubric.duplicate_column": "the column '{column}' appears twice (also in {first}). Keep only one.",
    "rubric.unnamed_column": "this column has values but no header. Give it a header ({allowed}) or delete it.",
    "rubric.unknown_key": "unknown key '{key}'{suggestion}. Use one of: {allowed}.",
    "rubric.duplicate_key": "the key '{key}' is listed twice (first on row {first}). Keep only one.",
    "rubric.duplicate_code": "the code '{code}' is already used on row {first}. Give each indicator its own code.",
    "rubric.unknown_parent": "the parent '{parent}' is not the code of any row. Write the code of an indicator above "
    "this row, or leave it blank for a main index.",
    "rubric.parent_below": "the parent '{parent}' is on row {row}, below this row. Move this row below its parent.",
    "rubric.parent_self": "the row names itself ('{parent}') as its parent. Write the code of the indicator above it, "
    "or leave it blank.",
    "rubric.bad_entry": "'{entry}' is not {form}. {hint}.",
    "rubric.not_yes_no": "'{value}' is not Có or Không. Choose Có or Không (blank means {default}).",
    "rubric.date_cell": "the spreadsheet turned what was typed here into a date ({value}). Format the column as Text "
    "and type it again.",
    "rubric.formula_not_calculated": "this cell has a formula ({formula}) but no saved value. Open and save the file "
    "in Excel or LibreOffice, or type the value.",
    "rubric.error_value": "the cell shows the error {value}. Correct its formula or type the value.",
    "rubric.label_separator": "{what} '{text}' contains {separator}, which separates entries in a rubric cell. Reword "
    "it (e.g. use ',' instead), then export again.",
    "rubric.edge_spaces": "{what} '{text}' starts or ends with spaces, which a rubric cell does not keep. Remove them, "
    "then export again.",
    "rubric.empty_applies_to": "'applies_to' is an empty list, which a rubric cell cannot tell apart from blank (every "
    "group). List the groups or remove it, then export again.",
    # --- output files (xl-dti scheme …) ---
    "output.exists": "the file already exists. Choose another --out, or add --force to replace it.",
    # --- crosswalks between scheme versions ---
    "crosswalk.not_mapping": "a crosswalk is a set of keys (old:, new:, map:, notes:), not {found}. Start from the "
    "draft `xl-dti scheme diff OLD NEW --crosswalk FILE` writes.",
    "crosswalk.unknown_key": "unknown key '{key}'{suggestion}. Allowed: old, new, map, notes.",
    "crosswalk.not_text": "'{key}' must be text, not {found}.",
    "crosswalk.map_missing": "'map' is required: one line 'old code: new code' (or null) per main index and aggregate. "
    "Add it.",
    "crosswalk.map_not_mapping": "'map' must be lines of 'old code: new code', not {found}.",
    "crosswalk.bad_target": "the new code for '{code}' must be one code or null, not {found}.",
    "crosswalk.duplicate_target": "'{new}' is the new code of both '{first}' and '{code}'. Map each new code from one "
    "old code at most (set the other to null).",
    "crosswalk.unknown_code": "'{code}' is not a main index or aggregate of the {side} scheme {scheme} (known: "
    "{known}). Use one of them, or null.",
    "crosswalk.wrong_scheme": "this crosswalk is for the {side} scheme '{expected}', not '{found}'. Use the crosswalk "
    "made for these two schemes.",
    # --- the published report (secretariat) ---
    "report.no_ranking": "no such file. Run `xl-dti consolidate … --out {folder}` first, "
    "or give the folder that holds its ranking.json.",
    "report.unreadable": "cannot read the file ({detail}). Check that it exists and is readable.",
    "report.bad_json": "this is not valid JSON ({detail}). Use the ranking.json written by `xl-dti consolidate`; "
    "run it again rather than editing the file.",
    "report.bad_field": "{detail}. Use the ranking.json written by `xl-dti consolidate`; "
    "run it again rather than editing the file.",
    "report.out_is_folder": "'{path}' is a folder. Give the report a file name, e.g. --out {path}/report.html.",
    "report.cannot_write": "cannot write the report ({detail}). Check that the folder exists and is writable.",
    # --- spreadsheet functions (analysts, English) ---

    "function.not_number": "{argument}: '{value}' is not a number. Give a number such as 219.99.",
    "function.one_cell": "{argument}: give one cell, not a range of {cells} cells.",
    "function.no_scheme": "scheme is empty. Give a built-in scheme id (see DTI_VERSION()), "
    "the full path of a scheme file, or a two-column range of (min, label) rows.",
    "function.bad_bands": "scheme: the band range {detail}. Give one band per row, min then label; "
    "only the lowest band may leave min empty.",
    "function.below_bands": "{value} is below the lowest band ({lowest}). Add a last band with an empty min.",
    "function.max_mismatch": "max is {max} but the scheme '{scheme}' has max {scheme_max}. "
    "Give {scheme_max}, and the not-applicable indicators' max in na_max.",
    "function.na_max_range": "na_max is {na_max}; it must be from 0 to max ({max}).",
    "function.sizes_differ": "na_flags has {flags} cells but points has {points}. Give one flag per points cell.",
    "function.bad_flag": "na_flags: '{value}' is not a flag. Mark not-applicable rows with TRUE, x or N/A "
    "and leave the others empty.",
    "function.not_in_values": "{value} is not among the values. Rank a value that is in the list.",
    "function.second_input": "'{code}' is scored by the rule '{rule}', which takes one input. "
    "Leave input2 empty: it is only for ratio indicators.",
    "function.scheme_problems": "{first} (and {more} more: run xl-dti validate {file})",
    "function.lite_scheme": "this main.py embeds only the scheme '{scheme}', not '{name}'. "
    "Render one with: xl-dti lite {name}",
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
    # --- returned files (units, Vietnamese) ---
    "format.empty": "tệp rỗng (0 byte). Gửi lại tệp biểu mẫu đã điền.",
    "format.pdf": "tệp là PDF, không phải bảng tính. Gửi tệp Excel (.xlsx) đã điền, không in ra PDF.",
    "format.html": "tệp là trang web (HTML) hoặc văn bản được đổi tên, không phải bảng tính. Mở biểu mẫu bằng Excel và lưu lại dạng .xlsx.",
    "format.xls": "tệp dạng Excel 97-2003 (.xls). Mở bằng Excel và lưu lại dạng .xlsx (Excel Workbook).",
    "format.encrypted": "tệp được đặt mật khẩu mở tệp. Gỡ mật khẩu mở tệp (Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xóa mật khẩu) rồi gửi lại.",
    "format.xlsb": "tệp dạng Excel nhị phân (.xlsb). Mở bằng Excel và lưu lại dạng .xlsx.",
    "format.macros": "tệp có macro (.xlsm). Mở bằng Excel và lưu lại dạng .xlsx (không có macro).",
    "format.damaged": "tệp bị hỏng hoặc chưa tải về đầy đủ. Tải lại tệp hoặc mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    "format.unknown": "không phải tệp bảng tính được hỗ trợ. Gửi đúng tệp biểu mẫu .xlsx đã điền.",
    "package.junk_prefix": "tệp có dữ liệu lạ trước nội dung bảng tính (có thể đã bị sửa hoặc nhiễm mã độc). Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.too_large": "tệp quá lớn so với giới hạn cho phép. Gửi đúng tệp biểu mẫu, không chèn ảnh hay tài liệu vào bảng tính.",
    "package.too_many_entries": "tệp có cấu trúc bất thường ({count} thành phần, giới hạn {limit}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.duplicate_entry": "tệp có thành phần trùng tên ({name}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.zip_bomb": "tệp có thành phần nén bất thường ({part}, tỉ lệ nén {ratio}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.doctype": "tệp chứa khai báo XML không được phép ({part}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "worker.timeout": "đọc tệp quá thời gian cho phép ({seconds} giây). Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "worker.crashed": "không đọc được tệp (trình đọc dừng bất thường: {detail}). Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "worker.memory": "tệp cần quá nhiều bộ nhớ để đọc (giới hạn {limit} MB). Gửi đúng tệp biểu mẫu đã điền.",
    "identity.no_meta": "tệp không phải biểu mẫu do cơ quan thường trực phát hành (thiếu thông tin nhận dạng; có thể số liệu đã được dán sang tệp mới). Điền vào đúng tệp biểu mẫu đã nhận.",
    "identity.unknown_unit": "biểu mẫu của đơn vị mã '{unit}', không có trong danh sách đơn vị được đánh giá. Liên hệ cơ quan thường trực.",
    "identity.wrong_year": "biểu mẫu của năm {found}, không phải năm {year}. Điền vào biểu mẫu năm {year}.",
    "identity.wrong_scheme": "biểu mẫu theo bộ chỉ số '{found}', không phải '{scheme}'. Điền vào đúng biểu mẫu năm nay.",
    "identity.bad_signature": "thông tin nhận dạng của biểu mẫu (đơn vị '{unit}') đã bị thay đổi. Tệp được chuyển Hội đồng xem xét.",
    "identity.conflict": "biểu mẫu mang thông tin nhận dạng của đơn vị '{unit}' nhưng nội dung thuộc biểu mẫu khác ({cells}). Tệp được chuyển Hội đồng xem xét.",
    "structure.sheets": "các trang tính đã bị đổi (có: {found}; cần: {expected}). Không đổi tên, thêm hay xóa trang; điền lại vào biểu mẫu gốc.",
    "structure.changed": "nội dung bị khóa của biểu mẫu đã bị thay đổi tại {cells} (chèn, xóa, sắp xếp dòng hoặc sửa mã, tên, điểm tối đa, công thức). Điền lại vào biểu mẫu gốc, không sửa các ô bị khóa.",
    "structure.formulas_unchecked": "tệp đã được lưu lại dạng .ods; nội dung và số liệu còn nguyên, công thức không đối chiếu được. Điểm được tính lại từ số liệu.",
    "protection.removed": "bảo vệ trang tính hoặc cấu trúc đã bị gỡ; nội dung bị khóa vẫn còn nguyên nên tệp được chấp nhận.",
    "input.formula": "ô nhập liệu chứa công thức ({value}). Nhập giá trị, không nhập công thức.",
    "input.error_value": "ô chứa giá trị lỗi {value}. Nhập lại số liệu.",
    "input.boolean": "ô chứa giá trị TRUE/FALSE. Nhập đúng số liệu hoặc lựa chọn.",
    "input.date": "ô chứa ngày tháng, không phải số liệu. Nhập số (định dạng ô: General hoặc Number).",
    "input.not_finite": "ô chứa giá trị không phải số hữu hạn ({value}). Nhập một số.",
    "input.ambiguous": "'{value}' không rõ là số nào (dấu chấm hay dấu phẩy ngăn cách hàng nghìn?). Nhập số không có dấu ngăn cách hàng nghìn, ví dụ 1000 hoặc 8,5.",
    "input.decimal_comma": "'{value}' được đọc là {number} (dấu phẩy thập phân).",
    "input.spaces": "'{value}' có khoảng trắng thừa, được đọc là {number}.",
    "input.number_as_text": "'{value}' được nhập dạng chữ, được đọc là số {number}.",
    "input.bad_choice": "'{value}' không có trong danh sách. Chọn {options} hoặc để trống.",
    "cached.differs": "tổng điểm lưu trong tệp ({cached}) khác điểm tính lại từ số liệu ({recomputed}); dùng điểm tính lại.",
    "resubmission.superseded": "đơn vị đã gửi tệp mới hơn ({newer}); tệp này không được dùng.",
    "resubmission.duplicate": "tệp trùng hoàn toàn với '{same}'; chỉ tính một lần.",
    "resubmission.conflict": "đơn vị có hai tệp khác nhau mà không xác định được tệp nào mới hơn ({other}). Tệp được chuyển Hội đồng xem xét.",
    "appraisal.not_appraisal": "không phải phiếu thẩm định do xl-dti tạo (thiếu thông tin nhận dạng). Dùng phiếu do lệnh xl-dti appraise tạo.",
    "appraisal.bad_points": "điểm thẩm định '{value}' không hợp lệ. Nhập một số từ 0 đến {max}.",
    "appraisal.stale": "phiếu thẩm định thuộc một tệp cũ của đơn vị; đơn vị đã gửi lại ({current}). Phiếu không được áp dụng; cần thẩm định lại tệp mới.",
    "appraisal.kept_self": "Hội đồng chưa cho điểm thẩm định các chỉ số {codes}; giữ điểm tự chấm.",
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
