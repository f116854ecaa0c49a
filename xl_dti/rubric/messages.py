"""The message templates of rubric workbooks, crosswalks and scheme versions, keyed by stable codes.

To be merged into ``xl_dti.messages.CATALOGUE``; until then ``xl_dti.rubric`` and
``xl_dti.versions`` register them when imported. They speak to the secretariat (English), like
the scheme messages, and each says what is wrong and how to fix it.
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # --- rubric workbooks (xl-dti scheme export / import) ---
    "rubric.not_xlsx": "this is not an .xlsx workbook. Save the rubric as an Excel Workbook (.xlsx) and import that.",
    "rubric.missing_sheet": "the workbook has no sheet '{sheet}' (found: {found}). Add it, or rename the sheet that holds {what}.",
    "rubric.missing_column": "the sheet has no column '{column}' ({meaning}). Add it to the header row.",
    "rubric.unknown_column": "unknown column '{column}'{suggestion}. Rename it to one of: {allowed}; or delete the column.",
    "rubric.duplicate_column": "the column '{column}' appears twice (also in {first}). Keep only one.",
    "rubric.unnamed_column": "this column has values but no header. Give it a header ({allowed}) or delete it.",
    "rubric.unknown_key": "unknown key '{key}'{suggestion}. Use one of: {allowed}.",
    "rubric.duplicate_key": "the key '{key}' is listed twice (first on row {first}). Keep only one.",
    "rubric.duplicate_code": "the code '{code}' is already used on row {first}. Give each indicator its own code.",
    "rubric.unknown_parent": "the parent '{parent}' is not the code of any row. Write the code of an indicator above this row, or leave it blank for a main index.",
    "rubric.parent_below": "the parent '{parent}' is on row {row}, below this row. Move this row below its parent.",
    "rubric.parent_self": "the row names itself ('{parent}') as its parent. Write the code of the indicator above it, or leave it blank.",
    "rubric.bad_entry": "'{entry}' is not {form}. {hint}",
    "rubric.not_yes_no": "'{value}' is not Có or Không. Choose Có or Không (blank means {default}).",
    "rubric.date_cell": "the spreadsheet turned what was typed here into a date ({value}). Format the column as Text and type it again.",
    "rubric.formula_not_calculated": "this cell has a formula ({formula}) but no saved value. Open and save the file in Excel or LibreOffice, or type the value.",
    "rubric.error_value": "the cell shows the error {value}. Correct its formula or type the value.",
    "rubric.label_separator": "{what} '{text}' contains {separator}, which separates entries in a rubric cell. Reword it (e.g. use ',' instead), then export again.",
    "rubric.edge_spaces": "{what} '{text}' starts or ends with spaces, which a rubric cell does not keep. Remove them, then export again.",
    "rubric.empty_applies_to": "'applies_to' is an empty list, which a rubric cell cannot tell apart from blank (every group). List the groups or remove it, then export again.",
    # --- output files (xl-dti scheme …) ---
    "output.exists": "the file already exists. Choose another --out, or add --force to replace it.",
    # --- crosswalks between scheme versions ---
    "crosswalk.not_mapping": "a crosswalk is a set of keys (old:, new:, map:, notes:), not {found}. Start from the draft `xl-dti scheme diff OLD NEW --crosswalk FILE` writes.",
    "crosswalk.unknown_key": "unknown key '{key}'{suggestion}. Allowed: old, new, map, notes.",
    "crosswalk.not_text": "'{key}' must be text, not {found}.",
    "crosswalk.map_missing": "'map' is required: one line 'old code: new code' (or null) per main index and aggregate. Add it.",
    "crosswalk.map_not_mapping": "'map' must be lines of 'old code: new code', not {found}.",
    "crosswalk.bad_target": "the new code for '{code}' must be one code or null, not {found}.",
    "crosswalk.duplicate_target": "'{new}' is the new code of both '{first}' and '{code}'. Map each new code from one old code at most (set the other to null).",
    "crosswalk.unknown_code": "'{code}' is not a main index or aggregate of the {side} scheme {scheme} (known: {known}). Use one of them, or null.",
    "crosswalk.wrong_scheme": "this crosswalk is for the {side} scheme '{expected}', not '{found}'. Use the crosswalk made for these two schemes.",
}
