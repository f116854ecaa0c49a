"""Every user-visible message template, keyed by a stable code.

Every message is Vietnamese with full diacritics (code terms such as YAML keys may stay), speaking
to the person who must act: the secretariat (schemes, units lists, commands), the unit that fills
the form (answers, returned files), the council; the spreadsheet functions' own messages give the
English after the Vietnamese (`` / ``), as their function wizard does. Each says what is wrong and how to fix it. Tests assert codes and
locations, never prose, so wording can be improved here without touching anything else.
"""

from __future__ import annotations

from typing import Any

CATALOGUE: dict[str, str] = {
    "generic": "{text}",
    # --- files and YAML (secretariat) ---
    "file.not_found": "không có tệp này. Kiểm tra lại đường dẫn, hoặc chạy `xl-dti schemes` để xem mã các bộ chỉ số có "
    "sẵn.",
    "file.unreadable": "không đọc được tệp ({detail}). Kiểm tra tệp có tồn tại và được phép đọc.",
    "scheme.unknown_id": "'{name}' không phải mã bộ chỉ số có sẵn, cũng không phải tệp.{suggestion} Các mã có sẵn: "
    "{known}.",
    "yaml.syntax": "tệp YAML sai cú pháp ({detail}). Kiểm tra thụt lề và dấu ngoặc kép ở dòng này.",
    "yaml.alias_bomb": "các bí danh (alias *…) khiến tệp phình to gấp nhiều lần nội dung của nó, nên tệp không được đọc. Viết các khối ra đầy đủ, không lồng bí danh vào nhau.",
    "yaml.recursive_alias": "bí danh (alias *…) nằm trong chính khối mà nó trỏ tới, tạo ra tệp vô tận. Bỏ bí danh này.",
    "yaml.too_deep": "các khối lồng nhau quá {depth} cấp, nên tệp không được đọc. Một bộ chỉ số chỉ cần vài cấp lồng nhau.",
    "yaml.complex_key": "khóa là một khối (danh sách hoặc bảng) chứ không phải một tên. Dùng tên làm khóa, ví dụ «title:».",
    "yaml.duplicate_key": "khóa '{key}' xuất hiện hai lần trong cùng một khối. Chỉ giữ một.",
    "yaml.not_mapping": "bộ chỉ số phải là các dòng khóa (id:, title:, indicators: …), không phải {found}. Hãy bắt đầu "
    "từ một bộ chỉ số có sẵn (xl-dti scheme new).",
    # --- scheme shape (secretariat) ---
    "key.unknown": "khóa '{key}' không hợp lệ{suggestion}. Xóa hoặc sửa chính tả; các khóa dùng được ở đây: {allowed}.",
    "key.missing": "thiếu khóa bắt buộc '{key}'. Thêm vào.",
    "value.invalid": "{detail}. {hint}",
    "code.duplicate": "mã '{code}' bị dùng hai lần (lần đầu ở dòng {first}). Đặt cho mỗi chỉ số một mã riêng.",
    "max.sum_mismatch": "tổng điểm tối đa các chỉ số con là {total} nhưng chỉ số cha ghi {max}. Sửa một trong hai.",
    "max.scheme_mismatch": "tổng điểm tối đa các chỉ số là {total} nhưng bộ chỉ số ghi max: {max}. Sửa một trong hai.",
    "grades.order": "mức '{label}' bắt đầu từ {min}, không thấp hơn mức ở trên ({previous}). Liệt kê các mức xếp loại "
    "từ cao xuống thấp.",
    "grades.bottom": "mức cuối '{label}' bắt đầu từ {min}, nên kết quả thấp hơn sẽ không được xếp loại. Bỏ 'min' của "
    "mức này (khi đó mức cuối gồm mọi kết quả dưới mức ở trên).",
    "grades.min_missing": "mức '{label}' chưa có 'min'. Chỉ mức cuối cùng được bỏ trống 'min'.",
    "grades.duplicate": "tên mức xếp loại '{label}' bị dùng hai lần. Đặt cho mỗi mức một tên riêng.",
    "weights.sum": "tổng trọng số các chỉ số tổng hợp là {total}, không phải 1. Sửa để tổng đúng bằng 1.",
    "weights.none": "result: weighted cần các chỉ số tổng hợp (aggregates) có 'weight' (chỉ số tổng hợp không có trọng "
    "số chỉ để xem). Thêm trọng số.",
    "weights.unused": "chỉ số tổng hợp '{code}' có trọng số nhưng kết quả là '{result}', không dùng trọng số. Bỏ trọng "
    "số hoặc dùng result: weighted.",
    "aggregate.unknown_code": "chỉ số tổng hợp '{aggregate}' nêu mã '{code}', không phải mã chỉ số nào. Dùng mã có "
    "trong danh sách indicators.",
    "aggregate.duplicate": "mã chỉ số tổng hợp '{code}' bị dùng hai lần. Đặt cho mỗi chỉ số tổng hợp một mã riêng.",
    "aggregate.clash": "mã chỉ số tổng hợp '{code}' trùng với mã một chỉ số. Đổi mã chỉ số tổng hợp.",
    "group.duplicate": "mã nhóm '{code}' bị dùng hai lần. Đặt cho mỗi nhóm một mã riêng.",
    "applies_to.unknown_group": "'{group}' không phải nhóm đơn vị của bộ chỉ số ({known}). Thêm vào 'groups' hoặc sửa "
    "mã nhóm.",
    "applies_to.no_groups": "'applies_to' cần các nhóm đơn vị nhưng bộ chỉ số chưa có 'groups'. Thêm nhóm hoặc bỏ "
    "'applies_to'.",
    "rule.on_parent": "'{code}' có chỉ số con nên điểm bằng tổng điểm các chỉ số con. Bỏ '{key}' ở đây và chấm điểm "
    "các chỉ số con.",
    "rule.above_max": "{what} cho {points} điểm, vượt điểm tối đa {max} của chỉ số. Giảm điểm hoặc tăng điểm tối đa.",
    "rule.fraction_range": "{what} có tỉ lệ {fraction}; tỉ lệ so với điểm tối đa phải từ 0 đến 1.",
    "rule.both_points_fraction": "{what} có cả 'points' và 'fraction'. Chỉ giữ một.",
    "rule.neither_points_fraction": "{what} cần 'points' hoặc 'fraction'. Thêm một trong hai.",
    "rule.duplicate_label": "nhãn '{label}' bị dùng hai lần trong danh sách. Đặt cho mỗi mục một nhãn riêng.",
    "rule.duplicate_step": "hai bậc cùng bắt đầu từ {min}. Mỗi bậc cần một 'min' riêng.",
    "rule.empty_list": "cách chấm '{kind}' cần ít nhất một mục trong '{key}'. Thêm các mục.",
    "rule.positive": "'{key}' phải lớn hơn 0, không phải {value}.",
    "text.illegal_character": "đoạn chữ này có ký tự {char} ({name}) ở vị trí {position}, ký tự mà không tệp bảng tính "
    "nào lưu được (thường đi kèm chữ chép từ Word). Xóa ký tự đó hoặc thay bằng dấu cách.",
    "text.too_long": "đoạn chữ này dài {length} ký tự theo cách Excel đếm, nhưng một ô chỉ chứa được {limit}. "
    "Rút gọn lại.",
    "workbook.illegal_character": "phần này của tệp sẽ chứa ký tự {char}, ký tự mà không tệp bảng tính nào lưu được, "
    "nên không tệp nào được ghi. Xóa ký tự điều khiển trong các đoạn chữ đã nhập (bộ chỉ số, danh sách đơn vị, --contact).",
    "formula.limits": "công thức của '{code}' trong biểu mẫu sẽ {detail}, nên Excel không mở được tệp. "
    "Tách chỉ số này (hoặc danh sách bậc, lựa chọn, nội dung của nó) thành các chỉ số nhỏ hơn.",
    "effect.nested": "'{code}' là điểm {effect} nằm trong '{parent}'. Đặt điểm thưởng và điểm trừ ở cấp cao nhất.",
    "effect.child_mismatch": "'{code}' ghi effect: {effect} bên trong một mục {parent_effect}. Bỏ dòng này; chỉ số con "
    "theo loại của chỉ số cha.",
    "kind.group_nested": "'{code}' là kind: group nhưng không ở cấp cao nhất. Chỉ mục cấp cao nhất mới được gom các "
    "chỉ số chính.",
    "kind.group_leaf": "'{code}' là kind: group nhưng không có chỉ số con. Một nhóm chứa các chỉ số chính.",
    "scheme.zero_max": "mọi chỉ số tính điểm đều có điểm tối đa 0, không có gì để chấm. Ghi điểm tối đa cho các chỉ "
    "số.",
    "na.group_required": "cần 'group': bộ chỉ số này có các nhóm ({known}).",
    # --- usage (secretariat / analysts) ---
    "usage.unknown_group": "'{group}' không phải nhóm của bộ chỉ số này. Các nhóm: {known}.",
    "usage.not_a_number": "'{value}' không phải là số. Viết như 219,99 hoặc 219.99.",
    "usage.result_out_of_range": "{value} nằm ngoài thang kết quả của bộ chỉ số '{scheme}' (từ 0 đến {max}), nên "
    "không xếp loại. Kiểm tra lại giá trị (có gõ thừa chữ số không?).",
    "usage.no_grades": "bộ chỉ số '{scheme}' không có thang xếp loại, nên không có xếp loại để đưa ra.",
    "usage.weighted_result": "bộ chỉ số '{scheme}' tính kết quả bình quân gia quyền, cần giá trị của từng chỉ số tổng "
    "hợp chứ không chỉ tổng điểm.",
    "usage.unknown_leaf": "'{code}' không phải chỉ số lá của bộ chỉ số '{scheme}'. Dùng mã một chỉ số được chấm theo "
    "cách chấm (không phải chỉ số cha).",
    "usage.unknown_measure": "'{measure}' không phải 'result', mã chỉ số chính hay mã chỉ số tổng hợp. Các mã: "
    "{known}.",
    "usage.demo_scheme": "bản demo không có đơn vị mẫu cho bộ chỉ số '{scheme}'. Chạy với một trong: {known}.",
    "units.bad_csv": "dòng này không đọc được như CSV ({detail}): một ô quá dài hoặc có ký tự lạ. Mở tệp bằng Excel, sửa dòng này và lưu lại dạng CSV UTF-8.",
    "units.missing_column": "dòng tiêu đề (dòng 1) của danh sách đơn vị thiếu cột {missing} (có: {found}). "
    "Thêm cột với tiêu đề {accepted}.",
    "units.encoding": "tệp danh sách đơn vị đang ở bảng mã {encoding}, không phải UTF-8. Mở tệp bằng Excel hoặc "
    "LibreOffice và lưu lại dưới dạng CSV UTF-8 (Excel: Lưu thành › CSV UTF-8 (Comma delimited)), hoặc lưu dạng .xlsx.",
    "units.empty": "danh sách đơn vị không có đơn vị nào. Thêm mỗi đơn vị một dòng: mã, tên đơn vị, nhóm.",
    "units.empty_code": "đơn vị này chưa có mã. Đặt cho mỗi đơn vị một mã ngắn, ví dụ so-noi-vu.",
    "units.bad_code": "mã đơn vị '{code}' chỉ được dùng chữ không dấu, chữ số, '.', '-' và '_' (mã là một phần tên "
    "tệp). Sửa lại mã.",
    "units.duplicate_code": "mã đơn vị '{code}' bị dùng lại (lần đầu ở dòng {first}). Đặt cho mỗi đơn vị một mã riêng.",
    "units.bad_predecessor": "đơn vị '{code}' ghi '{predecessor}' ở cột Đơn vị cũ, nhưng đó không phải mã đơn vị. "
    "Ghi mã các đơn vị năm trước, cách nhau bằng dấu ';' (ví dụ xa-a; xa-b).",
    "units.empty_name": "đơn vị '{code}' chưa có tên. Ghi đầy đủ tên đơn vị, ví dụ Sở Nội vụ.",
    "units.group_required": "đơn vị này chưa có nhóm; các nhóm của bộ chỉ số: {known}. Điền cột Nhóm.",
    "units.unknown_group": "'{group}' không phải nhóm của bộ chỉ số (các nhóm: {known}). Sửa mã nhóm.",
    "usage.bad_date": "'{value}' không phải ngày dạng dd/mm/yyyy (ví dụ 15/01/2026).",
    "registry.unreadable": "đây không phải tệp registry do `xl-dti generate` tạo ({detail}). Dùng registry.json trong "
    "thư mục biểu mẫu đã tạo.",
    "registry.other_round": "thư mục {folder} đã chứa biểu mẫu của bộ chỉ số {scheme} năm {year}. Tạo vào thư mục "
    "khác, hoặc thêm --force để thay bằng biểu mẫu của đợt mới (biểu mẫu đã gửi cho đơn vị sẽ không còn dùng được).",
    "libreoffice.missing": "chưa cài LibreOffice (không có lệnh `soffice`). Cài đặt, ví dụ: apt-get install "
    "libreoffice-calc-nogui.",
    "libreoffice.failed": "LibreOffice không chuyển đổi được bảng tính: {detail}",
    "previous.unreadable": "không đọc được kết quả năm trước ({detail}). Dùng ranking.json, ranking.csv hoặc "
    "master.xlsx của năm trước.",
    "consolidate.no_defusedxml": "chưa cài defusedxml nên không thể đọc an toàn các tệp đơn vị gửi về. Cài đặt: pip "
    "install defusedxml.",
    "consolidate.not_a_folder": "'{path}' không phải thư mục chứa các tệp đơn vị gửi về.",
    "output.is_returned": "thư mục kết quả trùng với thư mục nhận về. Chọn --out là một thư mục khác (có thể nằm trong thư mục nhận về: nó được bỏ qua khi đọc).",
    "output.busy": "một lần chạy khác đang ghi vào thư mục '{path}'. Chờ lần chạy đó xong rồi chạy lại, hoặc chọn thư mục --out khác.",
    "consolidate.no_files": "thư mục '{path}' không có tệp nào. Kiểm tra đường dẫn: cần thư mục chứa các tệp biểu mẫu đơn vị đã gửi về.",
    "consolidate.no_workbooks": "thư mục '{path}' không có tệp bảng tính nào ({count} tệp khác: {names}). Kiểm tra đường dẫn: cần thư mục chứa các tệp biểu mẫu (.xlsx, .ods) đơn vị đã gửi về.",
    "consolidate.scheme_mismatch": "registry thuộc bộ chỉ số {registry_scheme} (dấu vân tay {registry_fp}), không phải "
    "bộ chỉ số {scheme} này. Dùng registry tạo cùng bộ chỉ số này.",
    "answers.bad_file": "không đọc được tệp câu trả lời ({detail}). Dùng YAML, JSON hoặc CSV có các cột "
    "code,answer[,evidence,explanation].",
    "answers.bad_shape": "tệp câu trả lời phải ghi mỗi mã chỉ số với câu trả lời của nó, không phải {found}.",
    "generate.would_conflict": "thư mục đã có registry.json và biểu mẫu của đợt này; tạo lại sẽ đổi nội dung bị khóa "
    "của {count} biểu mẫu ({names}) (bộ chỉ số hoặc đơn vị đã được sửa), nên các bản đã gửi cho đơn vị sẽ bị từ chối "
    "khi tổng hợp (identity.conflict). Không ghi gì. Tạo vào thư mục khác, hoặc thêm --force nếu chưa gửi biểu mẫu "
    "nào cho đơn vị.",
    "generate.would_change": "thư mục đã có registry.json và biểu mẫu của đợt này; tạo lại sẽ thay {count} biểu mẫu "
    "({names}) bằng nội dung khác (hạn nộp, người liên hệ, mật khẩu hoặc phiên bản xl-dti đã đổi). Không ghi gì. "
    "Tạo vào thư mục khác, hoặc thêm --force để thay (các bản đã gửi vẫn tổng hợp được).",
    "generate.no_registry": "thư mục đã có bảng tính ({names}) nhưng không có registry.json, nên không biết chúng "
    "thuộc đợt nào. Không ghi gì. Tạo vào thư mục mới, hoặc thêm --force để ghi vào đây.",
    "demo.not_demo_folder": "thư mục này đã có dữ liệu và không phải thư mục do xl-dti demo tạo; demo không xóa "
    "nó. Chọn --out là một thư mục mới hoặc thư mục demo cũ.",
    "previous.predecessor_missing": "đơn vị '{unit}' hình thành từ {predecessors}, nhưng kết quả năm trước không có {missing}: đơn vị này không được so sánh với năm trước (bình quân trên ít đơn vị hơn sẽ sai lệch). Bổ sung đơn vị còn thiếu vào tệp năm trước hoặc sửa cột Đơn vị cũ.",
    # --- rubric workbooks (xl-dti scheme export / import) ---
    "rubric.not_xlsx": "đây không phải bảng tính .xlsx. Lưu bảng chỉ số dạng Excel Workbook (.xlsx) rồi nhập lại.",
    "rubric.missing_sheet": "bảng tính không có trang '{sheet}' (có: {found}). Thêm trang này hoặc đổi tên trang chứa "
    "{what}.",
    "rubric.missing_column": "trang tính thiếu cột '{column}' ({meaning}). Thêm cột vào dòng tiêu đề.",
    "rubric.unknown_column": "cột '{column}' không hợp lệ{suggestion}. Đổi tên thành một trong: {allowed}; hoặc xóa "
    "cột.",
    "rubric.duplicate_column": "cột '{column}' xuất hiện hai lần (cả ở {first}). Chỉ giữ một.",
    "rubric.unnamed_column": "cột này có dữ liệu nhưng không có tiêu đề. Đặt tiêu đề ({allowed}) hoặc xóa cột.",
    "rubric.unknown_key": "khóa '{key}' không hợp lệ{suggestion}. Dùng một trong: {allowed}.",
    "rubric.duplicate_key": "khóa '{key}' được ghi hai lần (lần đầu ở dòng {first}). Chỉ giữ một.",
    "rubric.duplicate_code": "mã '{code}' đã dùng ở dòng {first}. Đặt cho mỗi chỉ số một mã riêng.",
    "rubric.unknown_parent": "chỉ số cha '{parent}' không phải mã của dòng nào. Ghi mã một chỉ số ở phía trên dòng "
    "này, hoặc để trống nếu là chỉ số chính.",
    "rubric.parent_below": "chỉ số cha '{parent}' ở dòng {row}, bên dưới dòng này. Chuyển dòng này xuống dưới chỉ số "
    "cha.",
    "rubric.parent_self": "dòng này ghi chính nó ('{parent}') làm chỉ số cha. Ghi mã chỉ số ở trên nó, hoặc để trống.",
    "rubric.bad_entry": "'{entry}' không phải {form}. {hint}.",
    "rubric.not_yes_no": "'{value}' không phải Có hoặc Không. Chọn Có hoặc Không (để trống nghĩa là {default}).",
    "rubric.date_cell": "bảng tính đã đổi nội dung gõ ở đây thành ngày tháng ({value}). Định dạng cột là Văn bản "
    "(Text) rồi gõ lại.",
    "rubric.formula_not_calculated": "ô có công thức ({formula}) nhưng chưa có giá trị đã tính. Mở và lưu tệp bằng "
    "Excel hoặc LibreOffice, hoặc gõ giá trị.",
    "rubric.error_value": "ô hiện lỗi {value}. Sửa công thức hoặc gõ giá trị.",
    "rubric.label_separator": "{what} '{text}' chứa {separator}, ký tự dùng để ngăn cách các mục trong một ô. Viết lại "
    "(ví dụ dùng ',' thay thế), rồi xuất lại.",
    "rubric.edge_spaces": "{what} '{text}' có khoảng trắng ở đầu hoặc cuối, ô bảng chỉ số không giữ được. Xóa khoảng "
    "trắng rồi xuất lại.",
    "rubric.empty_applies_to": "'applies_to' là danh sách rỗng, ô bảng chỉ số không phân biệt được với để trống (mọi "
    "nhóm). Liệt kê các nhóm hoặc bỏ khóa này, rồi xuất lại.",
    # --- output files (xl-dti scheme …) ---
    "output.exists": "tệp đã tồn tại. Chọn --out khác, hoặc thêm --force để ghi đè.",
    "output.set_exists": "thư mục đã có kết quả của lần chạy trước ({names}). Không ghi gì. Chọn --out là thư mục "
    "khác, hoặc thêm --force để thay các tệp này.",
    "output.not_a_folder": "đây là một tệp, không phải thư mục. Cho --out là một thư mục (mới hoặc đã có).",
    "output.is_folder": "đây là một thư mục. Cho --out là tên một tệp trong thư mục đó.",
    "appraise.kept_stale": "{count} phiếu đã có thẩm định một tệp cũ của đơn vị (đơn vị đã gửi tệp mới hơn): "
    "{names}. Khi tổng hợp, phiếu này không được áp dụng. Thêm --force để tạo phiếu mới cho tệp mới (phiếu cũ bị "
    "thay; lưu lại bản cũ trước nếu Hội đồng đã điền).",
    "appraise.kept": "{count} phiếu thẩm định đã có nên được giữ nguyên, không ghi đè (Hội đồng có thể đã điền): "
    "{names}. Muốn tạo lại phiếu mới thì thêm --force (các phiếu này sẽ bị thay).",
    # --- crosswalks between scheme versions ---
    "crosswalk.not_mapping": "bảng đối chiếu phải là các dòng khóa (old:, new:, map:, notes:), không phải {found}. Bắt "
    "đầu từ bản nháp do `xl-dti scheme diff OLD NEW --crosswalk FILE` tạo.",
    "crosswalk.unknown_key": "khóa '{key}' không hợp lệ{suggestion}. Dùng được: old, new, map, notes.",
    "crosswalk.not_text": "'{key}' phải là văn bản, không phải {found}.",
    "crosswalk.map_missing": "thiếu 'map': mỗi chỉ số chính và chỉ số tổng hợp một dòng 'mã cũ: mã mới' (hoặc null). "
    "Thêm vào.",
    "crosswalk.map_not_mapping": "'map' phải là các dòng 'mã cũ: mã mới', không phải {found}.",
    "crosswalk.bad_target": "mã mới của '{code}' phải là một mã hoặc null, không phải {found}.",
    "crosswalk.duplicate_target": "'{new}' là mã mới của cả '{first}' và '{code}'. Mỗi mã mới chỉ đối chiếu từ tối đa "
    "một mã cũ (đặt mã kia là null).",
    "crosswalk.unknown_code": "'{code}' không phải chỉ số chính hay chỉ số tổng hợp của bộ chỉ số {side_name} {scheme} (các "
    "mã: {known}). Dùng một trong các mã đó, hoặc null.",
    "crosswalk.wrong_scheme": "bảng đối chiếu này dành cho bộ chỉ số {side_name} '{expected}', không phải '{found}'. Dùng "
    "bảng đối chiếu lập cho hai bộ chỉ số này.",
    # --- the published report (secretariat) ---
    "report.no_ranking": "không có tệp này. Chạy `xl-dti consolidate … --out {folder}` trước, hoặc chỉ đúng thư mục "
    "chứa ranking.json.",
    "report.unreadable": "không đọc được tệp ({detail}). Kiểm tra tệp có tồn tại và được phép đọc.",
    "report.bad_json": "tệp không phải JSON hợp lệ ({detail}). Dùng ranking.json do `xl-dti consolidate` tạo; chạy lại "
    "lệnh thay vì sửa tệp.",
    "report.bad_field": "{detail}. Dùng ranking.json do `xl-dti consolidate` tạo; chạy lại lệnh thay vì sửa tệp.",
    "report.out_is_folder": "'{path}' là một thư mục. Đặt tên tệp cho báo cáo, ví dụ --out {path}/bao-cao.html.",
    "report.cannot_write": "không ghi được báo cáo ({detail}). Kiểm tra thư mục có tồn tại và được phép ghi.",
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
    "function.bands_cells": "scheme: dòng {row} của bảng mức xếp loại có {count} ô. Mỗi dòng một mức, đúng 2 ô: "
    "điểm từ, rồi tên mức. / scheme: row {row} of the band range has {count} cells. Give one band per row, "
    "min then label.",
    "function.bands_label": "scheme: dòng {row} của bảng mức xếp loại chưa có tên mức. Nhập tên mức vào ô thứ hai. / "
    "scheme: row {row} of the band range has no label. Put the label in the second cell.",
    "function.bands_min": "scheme: dòng {row} của bảng mức xếp loại: điểm từ '{value}' không phải là số. Nhập một "
    "số; chỉ mức thấp nhất được để trống. / scheme: row {row} of the band range: the min '{value}' is not a "
    "number. Give a number; only the lowest band may leave it empty.",
    "function.bands_empty": "scheme: bảng mức xếp loại trống. Mỗi dòng một mức: điểm từ, rồi tên mức. / "
    "scheme: the band range is empty. Give one band per row, min then label.",
    "function.bands_open": "scheme: bảng mức xếp loại có {count} mức để trống điểm từ. Chỉ mức thấp nhất được "
    "để trống. / scheme: {count} bands of the band range have an empty min. Only the lowest band may.",
    "function.bands_repeated": "scheme: bảng mức xếp loại có hai mức cùng điểm từ {min}. Mỗi mức một điểm từ "
    "khác nhau. / scheme: two bands of the band range start at {min}. Give each band its own min.",
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
    "format.strict": "tệp được lưu dạng Strict Open XML, xl-dti không đọc được dạng này. Mở bằng Excel, chọn Tệp › Lưu thành, lưu lại dưới dạng Excel Workbook (.xlsx) rồi gửi lại.",
    "format.activex": "tệp có điều khiển ActiveX ({part}), có thể chạy mã khi mở nên không được nhận. Xóa điều khiển đó (hoặc điền lại vào biểu mẫu gốc), lưu lại dạng .xlsx rồi gửi lại.",
    "format.ole_object": "tệp có đối tượng nhúng (OLE) ({part}), không được nhận vì lý do an toàn. Xóa đối tượng nhúng (tài liệu kiểm chứng ghi số, ngày, trích yếu hoặc đường dẫn), lưu lại dạng .xlsx rồi gửi lại.",
    "format.external_link": "tệp có liên kết tới tệp hoặc nguồn dữ liệu bên ngoài (liên kết ngoài, DDE hoặc kết nối dữ liệu: {part}); số liệu có thể đổi khi mở tệp nên không được nhận. Ngắt liên kết (Dữ liệu › Sửa liên kết › Ngắt liên kết) hoặc nhập giá trị trực tiếp, lưu lại dạng .xlsx rồi gửi lại.",
    "format.damaged": "tệp bị hỏng hoặc chưa tải về đầy đủ. Tải lại tệp hoặc mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    "format.unknown": "không phải tệp bảng tính được hỗ trợ. Gửi đúng tệp biểu mẫu .xlsx đã điền.",
    "file.not_regular": "không phải tệp thông thường ({kind}) nên không được mở. Chép tệp biểu mẫu vào thư mục nhận về.",
    "file.link_outside": "là liên kết tới tệp ngoài thư mục nhận về ({target}) nên không được dùng. Chép chính tệp đơn vị gửi vào thư mục nhận về.",
    "file.vanished": "tệp đã bị xóa hoặc di chuyển trong lúc tổng hợp. Để nguyên thư mục nhận về và chạy lại lệnh tổng hợp.",
    "file.changed": "tệp đã thay đổi trong lúc tổng hợp. Để nguyên thư mục nhận về và chạy lại lệnh tổng hợp.",
    "file.name_encoding": "tên tệp không phải Unicode (UTF-8), thường do tệp nén tạo trên Windows; ký tự không đọc được hiển thị là «�». Có thể đổi tên tệp.",
    "package.junk_prefix": "tệp có dữ liệu lạ trước nội dung bảng tính (có thể đã bị sửa hoặc nhiễm mã độc). Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.too_large": "tệp quá lớn so với giới hạn cho phép. Gửi đúng tệp biểu mẫu, không chèn ảnh hay tài liệu vào bảng tính.",
    "package.too_many_entries": "tệp có cấu trúc bất thường ({count} thành phần, giới hạn {limit}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.duplicate_entry": "tệp có thành phần trùng tên ({name}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.zip_bomb": "tệp có thành phần nén bất thường ({part}, tỉ lệ nén {ratio}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.doctype": "tệp chứa khai báo XML không được phép ({part}) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
    "package.malformed_xml": "tệp có thành phần XML bị hỏng ({part}); Excel cũng không mở được tệp này. Mở biểu mẫu bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại; nếu không mở được, điền lại vào biểu mẫu gốc.",
    "package.hidden_cells": "tệp có ô dữ liệu nằm ngoài chỗ Excel đọc ({part}: ô trùng, ô trong phần mở rộng hoặc trong không gian tên khác), nên số liệu xl-dti đọc có thể khác số liệu hiển thị. Tệp không được nhận; điền vào biểu mẫu gốc bằng Excel hoặc LibreOffice rồi gửi lại.",
    "package.two_workbooks": "tệp chứa nhiều hơn một sổ làm việc hoặc thành phần trùng vai trò ({parts}), không xác định được nội dung nào là bản thật. Tệp không được nhận; điền vào biểu mẫu gốc rồi gửi lại.",
    "package.polyglot": "tệp vừa là bảng tính OpenDocument (.ods) vừa là bảng tính Excel (.xlsx); mỗi ứng dụng sẽ hiển thị một nội dung khác nhau. Tệp không được nhận; mở biểu mẫu gốc, điền và lưu lại dạng .xlsx rồi gửi lại.",
    "package.unreachable_part": "tệp có thành phần bảng tính không được sổ làm việc sử dụng ({part}), có thể là nội dung giả. Tệp không được nhận; mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    "package.missing_part": "tệp thiếu thành phần được khai báo ({part}). Tải lại tệp hoặc mở bằng Excel, lưu lại dạng .xlsx rồi gửi lại.",
    "package.hidden_data": "tệp có dữ liệu nằm ngoài các thành phần của bảng tính (hai tệp nén ghép lại, hoặc dữ liệu chèn thêm) nên không được mở vì lý do an toàn. Mở bằng Excel, lưu lại dạng .xlsx và gửi lại.",
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
    "protection.structure_dropped": "khóa cấu trúc sổ làm việc không còn (LibreOffice, Gnumeric bỏ khóa này khi lưu lại tệp); các trang tính vẫn được bảo vệ và nội dung bị khóa vẫn nguyên vẹn nên tệp được chấp nhận, đơn vị không cần làm gì.",
    "input.formula": "ô nhập liệu chứa công thức ({value}). Nhập giá trị, không nhập công thức.",
    "input.error_value": "ô chứa giá trị lỗi {value}. Nhập lại số liệu.",
    "input.boolean": "ô chứa giá trị TRUE/FALSE. Nhập đúng số liệu hoặc lựa chọn.",
    "input.date": "ô chứa ngày tháng, không phải số liệu. Nhập số (định dạng ô: General hoặc Number).",
    "input.not_finite": "ô chứa giá trị không phải số hữu hạn ({value}). Nhập một số.",
    "input.ambiguous": "'{value}' không rõ là số nào (dấu chấm hay dấu phẩy ngăn cách hàng nghìn?). Nhập số không có dấu ngăn cách hàng nghìn, ví dụ 1000 hoặc 8,5.",
    "input.not_plain_number": "'{value}' không phải cách viết số thông thường (số mũ, dấu gạch dưới, chữ số không phải 0–9…), nên không rõ đơn vị muốn nhập số nào. Nhập số dạng 100 hoặc 8,5.",
    "input.decimal_comma": "'{value}' được đọc là {number} (dấu phẩy thập phân).",
    "input.spaces": "'{value}' có khoảng trắng thừa, được đọc là {number}.",
    "input.number_as_text": "'{value}' được nhập dạng chữ, được đọc là số {number}.",
    "input.bad_choice": "'{value}' không có trong danh sách. Chọn {options} hoặc để trống.",
    "cached.differs": "tổng điểm lưu trong tệp ({cached}) khác điểm tính lại từ số liệu ({recomputed}); dùng điểm tính lại.",
    "resubmission.superseded": "đơn vị đã gửi tệp mới hơn ({newer}); tệp này không được dùng.",
    "resubmission.duplicate": "tệp trùng hoàn toàn với '{same}'; chỉ tính một lần.",
    "resubmission.future_time": "thời điểm lưu ghi trong tệp ({saved}) ở tương lai; đồng hồ máy lưu tệp sai hoặc thời điểm đã bị sửa, nên không dùng để xác định tệp mới nhất.",
    "resubmission.conflict": "đơn vị có hai tệp khác nhau mà không xác định được tệp nào mới hơn ({other}). Tệp được chuyển Hội đồng xem xét.",
    "appraisal.superseded": "Hội đồng đã có phiếu thẩm định mới hơn cho đơn vị này ({newer}); phiếu này không được dùng.",
    "appraisal.conflict": "có hai phiếu thẩm định khác nhau cho cùng đơn vị mà không xác định được phiếu nào mới hơn ({other}). Chưa áp dụng phiếu nào; giữ lại một phiếu trong thư mục rồi chạy lại.",
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
    "appraisal.sheets": "các trang tính của phiếu thẩm định đã bị đổi (có: {found}; cần: {expected}). Không đổi "
    "tên, thêm hay xóa trang; Hội đồng nhập điểm và ý kiến vào phiếu do xl-dti appraise tạo.",
    "appraisal.structure_changed": "nội dung bị khóa của phiếu thẩm định đã bị thay đổi (mã, tên, điểm, số liệu của "
    "đơn vị hoặc công thức). Hội đồng chỉ nhập vào cột «Điểm thẩm định» và «Ý kiến thẩm định» của phiếu do "
    "xl-dti appraise tạo; nhập lại vào phiếu đó.",
    "appraisal.stale": "phiếu thẩm định thuộc một tệp cũ của đơn vị; đơn vị đã gửi lại ({current}). Phiếu không được áp dụng; cần thẩm định lại tệp mới.",
    "relative.pending": "điểm tính theo đơn vị dẫn đầu, chỉ tính được khi tổng hợp; chưa cộng vào tổng điểm tạm tính.",
    "ratio.above_one": "tử số ({numerator_name}: {numerator}) lớn hơn mẫu số ({denominator_name}: {denominator}) "
    "nên chỉ số được tính điểm tối đa. Kiểm tra lại số liệu: tử số thường không vượt mẫu số.",
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
