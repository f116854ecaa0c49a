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
    "units.missing_column": "dòng tiêu đề (dòng 1) của danh sách đơn vị thiếu cột {missing} (có: {found}). "
    "Thêm cột với tiêu đề {accepted}.",
    "units.encoding": "tệp danh sách đơn vị đang ở bảng mã {encoding}, không phải UTF-8. Mở tệp bằng Excel hoặc "
    "LibreOffice và lưu lại dưới dạng CSV UTF-8 (Excel: Lưu thành › CSV UTF-8 (Comma delimited)), hoặc lưu dạng .xlsx.",
    "units.empty": "danh sách đơn vị không có đơn vị nào. Thêm mỗi đơn vị một dòng: mã, tên đơn vị, nhóm.",
    "units.empty_code": "đơn vị này chưa có mã. Đặt cho mỗi đơn vị một mã ngắn, ví dụ so-noi-vu.",
    "units.bad_code": "mã đơn vị '{code}' chỉ được dùng chữ không dấu, chữ số, '.', '-' và '_' (mã là một phần tên "
    "tệp). Sửa lại mã.",
    "units.duplicate_code": "mã đơn vị '{code}' bị dùng lại (lần đầu ở dòng {first}). Đặt cho mỗi đơn vị một mã riêng.",
    "units.empty_name": "đơn vị '{code}' chưa có tên. Ghi đầy đủ tên đơn vị, ví dụ Sở Nội vụ.",
    "units.group_required": "đơn vị này chưa có nhóm; các nhóm của bộ chỉ số: {known}. Điền cột Nhóm.",
    "units.unknown_group": "'{group}' không phải nhóm của bộ chỉ số (các nhóm: {known}). Sửa mã nhóm.",
    "usage.bad_date": "'{value}' is not a date in the form dd/mm/yyyy (e.g. 15/01/2026).",
    "registry.unreadable": "this is not a registry written by `xl-dti generate` ({detail}). Use the registry.json from the generation folder.",
    "registry.other_round": "the folder {folder} already holds the workbooks of {scheme} for {year}. Generate into another folder.",
    "demo.not_demo_folder": "thư mục này đã có dữ liệu và không phải thư mục do xl-dti demo tạo; demo không xóa "
    "nó. Chọn --out là một thư mục mới hoặc thư mục demo cũ.",
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
    # --- spreadsheet functions (analysts: Vietnamese, then the English after « / ») ---
    "function.not_number": "{argument}: '{value}' không phải là số. Nhập một số, ví dụ 219,99. / "
    "{argument}: '{value}' is not a number. Give a number such as 219.99.",
    "function.ambiguous": "{argument}: '{value}' không rõ là số nào (dấu chấm hay dấu phẩy ngăn cách hàng nghìn?). "
    "Nhập số không có dấu ngăn cách hàng nghìn, ví dụ 1000 hoặc 8,5. / "
    "{argument}: '{value}' is ambiguous (thousands separator or decimal point?). Type it without one: 1000 or 8.5.",
    "function.out_of_range": "{argument}: {value} quá lớn; chỉ nhận số có giá trị tuyệt đối nhỏ hơn 10^15 "
    "(Excel chỉ giữ 15 chữ số). / {argument}: {value} is out of range; give a number below 10^15 in size.",
    "function.one_cell": "{argument}: chỉ nhập một ô, không phải vùng {cells} ô. / "
    "{argument}: give one cell, not a range of {cells} cells.",
    "function.no_scheme": "chưa có bộ chỉ số (scheme). Nhập mã bộ chỉ số có sẵn (xem DTI_VERSION()) "
    "hoặc vùng 2 cột (điểm từ, xếp loại). / scheme is empty. Give a built-in scheme id (see DTI_VERSION()), "
    "a scheme file, or a two-column range of (min, label) rows.",
    "function.scheme_not_allowed": "'{name}' không phải mã bộ chỉ số có sẵn (xem DTI_VERSION()) hay tên một bộ chỉ số "
    "trong thư mục bộ chỉ số của máy chủ. / '{name}' is neither a built-in scheme id (see DTI_VERSION()) nor the "
    "name of a scheme in the server's scheme folder{folder}.",
    "function.scheme_not_file": "'{name}' không phải là một tệp bộ chỉ số đọc được ({detail}). / "
    "'{name}' is not a readable scheme file ({detail}). Give a .yaml file below {limit} bytes.",
    "function.bad_bands": "scheme: bảng mức xếp loại {detail}. Mỗi dòng một mức: điểm từ, rồi tên; "
    "chỉ mức thấp nhất được để trống điểm từ. / scheme: the band range {detail}. Give one band per row, "
    "min then label; only the lowest band may leave min empty.",
    "function.below_bands": "{value} thấp hơn mức thấp nhất ({lowest}). Thêm một mức cuối để trống điểm từ. / "
    "{value} is below the lowest band ({lowest}). Add a last band with an empty min.",
    "function.max_mismatch": "max là {max} nhưng bộ chỉ số '{scheme}' có tối đa {scheme_max} điểm. "
    "Nhập {scheme_max}, và điểm tối đa của các chỉ số «Không đánh giá» vào na_max. / "
    "max is {max} but the scheme '{scheme}' has max {scheme_max}. "
    "Give {scheme_max}, and the not-applicable indicators' max in na_max.",
    "function.na_max_range": "na_max là {na_max}; phải từ 0 đến max ({max}). / "
    "na_max is {na_max}; it must be from 0 to max ({max}).",
    "function.sizes_differ": "na_flags có {flags} ô nhưng points có {points} ô. Mỗi ô điểm cần một ô đánh dấu. / "
    "na_flags has {flags} cells but points has {points}. Give one flag per points cell.",
    "function.bad_flag": "na_flags: '{value}' không phải dấu «Không đánh giá». Đánh dấu bằng TRUE, x hoặc N/A, "
    "để trống các dòng khác. / na_flags: '{value}' is not a flag. Mark not-applicable rows with TRUE, x or N/A "
    "and leave the others empty.",
    "function.not_in_values": "{value} không có trong vùng giá trị. Xếp hạng một giá trị có trong danh sách. / "
    "{value} is not among the values. Rank a value that is in the list.",
    "function.second_input": "'{code}' chấm theo cách '{rule}', chỉ có một đầu vào. Để trống input2 "
    "(chỉ dùng cho chỉ số tỉ lệ). / '{code}' is scored by the rule '{rule}', which takes one input. "
    "Leave input2 empty: it is only for ratio indicators.",
    "function.scheme_problems": "{first} (và {more} lỗi khác / and {more} more: run xl-dti validate {file})",
    "function.lite_scheme": "tệp main.py này chỉ chứa bộ chỉ số '{scheme}', không có '{name}'. "
    "Tạo tệp khác bằng: xl-dti lite {name} / this main.py embeds only the scheme '{scheme}', not '{name}'. "
    "Render one with: xl-dti lite {name}",
    "function.classic_error": "#LỖI! {message}",
    # What a cell shows, in Vietnamese, before the English text of a message written for the secretariat.
    "cell.scheme.unknown_id": "'{name}' không phải mã bộ chỉ số có sẵn hay đường dẫn tệp. Các mã có sẵn: {known}.",
    "cell.usage.unknown_leaf": "'{code}' không phải mã một chỉ số được chấm điểm của bộ chỉ số '{scheme}'. "
    "Nhập mã của chỉ số lá, ví dụ 1.1.",
    "cell.usage.no_grades": "bộ chỉ số '{scheme}' không có bảng xếp loại.",
    "cell.usage.weighted_result": "bộ chỉ số '{scheme}' tính kết quả theo trọng số các nhóm, không tính từ một tổng điểm.",
    "cell.file.not_found": "không có tệp này. Kiểm tra đường dẫn hoặc dùng mã bộ chỉ số có sẵn.",
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
    "appraisal.bad_points": "điểm thẩm định {value} nằm ngoài khoảng cho phép. Nhập một số từ 0 đến {max}.",
    "appraisal.not_number": "ô điểm thẩm định chứa {what}, không phải một số. Hội đồng nhập một số từ 0 đến {max} "
    "(số lẻ viết 7,5), không nhập công thức; để trống thì giữ điểm tự chấm.",
    "appraisal.cell.formula": "công thức {value}",
    "appraisal.cell.error": "giá trị lỗi {value}",
    "appraisal.cell.boolean": "giá trị TRUE/FALSE",
    "appraisal.cell.date": "ngày tháng",
    "appraisal.cell.ambiguous": "'{value}' (không rõ dấu chấm là dấu thập phân hay dấu ngăn cách hàng nghìn)",
    "appraisal.cell.text": "chữ '{value}'",
    "appraisal.na_row": "đơn vị không đánh giá chỉ số này (KĐG) nên không có điểm thẩm định; ô phải giữ «KĐG». "
    "Nếu Hội đồng không đồng ý, ghi ý kiến vào cột «Ý kiến thẩm định».",
    "appraisal.comment_formula": "ô ý kiến thẩm định chứa công thức ({value}). Nhập ý kiến dạng chữ, không bắt đầu "
    "bằng dấu =.",
    "appraisal.structure_changed": "nội dung bị khóa của phiếu thẩm định đã bị thay đổi (mã, tên, điểm, số liệu của "
    "đơn vị hoặc công thức). Hội đồng chỉ nhập vào cột «Điểm thẩm định» và «Ý kiến thẩm định» của phiếu do "
    "xl-dti appraise tạo; nhập lại vào phiếu đó.",
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
