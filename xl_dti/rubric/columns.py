"""The rubric workbook's layout: its sheets, their columns (YAML key = header) and what each column means.

The exporter, the reader and the error messages all ask this module; nothing else decides a
sheet name, a column's position or its kind. Header comments are in Vietnamese, for the people
who edit the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from xl_dti.scheme.rules import RULE_KEYS, RULE_KINDS

CellKind = Literal["text", "code", "enum", "number", "integer", "yes_no", "codes", "valued", "steps", "info"]
"""How a cell is read: free text, an identifier, one of ``choices``, a number, a whole number,
Có/Không, a list of codes, a list of labelled values, a list of steps, or not read at all."""

LIST_SYNTAX = (
    "Các mục cách nhau bởi dấu ; (hoặc xuống dòng). Mỗi mục: «nhãn : số điểm» hoặc «nhãn = tỉ lệ của điểm "
    "tối đa (0 đến 1)». Số viết với dấu chấm thập phân (0.5). Nhãn không được chứa dấu ; (dấu : và = trong "
    "nhãn được phép: số sau dấu : hoặc = cuối cùng là điểm)."
)


@dataclass(frozen=True)
class Column:
    """One column: its header (the YAML key), how its cells are read, and its Vietnamese explanation."""

    key: str
    kind: CellKind
    meaning: str
    width: int = 14
    choices: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its title, the scheme list it holds (``''`` for the identity sheet), and its columns."""

    title: str
    holds: str
    what: str
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column | None:
        """The column with this key, if the sheet has it."""
        return next((c for c in self.columns if c.key == key), None)

    def position(self, key: str) -> int:
        """The 1-based position the exporter gives the column ``key``."""
        return [c.key for c in self.columns].index(key) + 1


YES_NO = ("Có", "Không")


def _rule_param(key: str, kind: CellKind, meaning: str, width: int = 14, choices: tuple[str, ...] = ()) -> Column:
    return Column(key, kind, meaning, width, choices)


INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("code", "code", "Mã chỉ số (STT), ví dụ 1, 1.1, 1.1.a. Mỗi chỉ số một mã riêng. Cột định dạng Văn bản "
           "để mã giữ nguyên như đã gõ (1.10 không thành 1.1).", 10, aliases=("stt", "mã", "mã chỉ số"), required=True),
    Column("name", "text", "Tên chỉ số.", 50, aliases=("chỉ số", "tên chỉ số", "nội dung"), required=True),
    Column("parent", "code", "Mã của chỉ số cha (chỉ số chứa dòng này), ở một dòng phía trên. Để trống với chỉ số "
           "chính và dòng nhóm chỉ số.", 10, aliases=("chỉ số cha", "thuộc")),
    Column("max", "number", "Điểm tối đa. Điểm tối đa của chỉ số cha bằng tổng điểm tối đa của các chỉ số con. "
           "0 = không tính điểm.", 10, aliases=("điểm tối đa", "điểm"), required=True),
    Column("description", "text", "Cách tính điểm, diễn giải bằng lời như trong văn bản ban hành.", 50,
           aliases=("cách tính điểm", "cách chấm điểm", "hướng dẫn chấm")),
    Column("rule", "enum", "Cách chấm (chỉ ở chỉ số không có chỉ số con): points = đơn vị tự nhập điểm; yes_no = "
           "Có/Không; choice = chọn một mức (cột options); parts = cộng điểm các nội dung đạt (cột parts); ratio = "
           "tỉ lệ a/b (cột numerator, denominator); steps = theo bậc của một số liệu (cột steps); count = điểm "
           "cho mỗi đơn vị đếm được (cột each); relative = so với đơn vị cao nhất. Để trống = points.",
           12, RULE_KINDS, aliases=("cách chấm",)),
    _rule_param("options", "valued", "Các mức của choice (đơn vị chọn một). " + LIST_SYNTAX +
                " Ví dụ: Người đứng đầu = 1; Cấp phó = 0.5; Chưa phân công : 0", 40),
    _rule_param("parts", "valued", "Các nội dung của parts (cộng điểm các nội dung đạt, tối đa bằng điểm tối đa). "
                + LIST_SYNTAX + " Ví dụ: Dự đầy đủ các cuộc họp = 0.5; Chủ trì họp : 5", 40),
    _rule_param("steps", "steps", "Các bậc của steps, cách nhau bởi dấu ;. Mỗi bậc: «từ giá trị : số điểm». Ví dụ: "
                "4 : 20; 3 : 15; 2 : 10; 1 : 5 (từ 4 trở lên được 20 điểm; từ 3 đến dưới 4 được 15 điểm; …; thấp "
                "hơn bậc nhỏ nhất: 0 điểm).", 24),
    _rule_param("step", "number", "Với points: bước điểm, ví dụ 0.5 (điểm tự chấm là bội số của bước). Để trống = "
                "bất kỳ.", 8),
    _rule_param("yes_points", "number", "Với yes_no: số điểm khi trả lời Có. Để trống = điểm tối đa.", 10),
    _rule_param("numerator", "text", "Với ratio: tên tử số a, ví dụ Số văn bản được ký số.", 24),
    _rule_param("denominator", "text", "Với ratio: tên mẫu số b, ví dụ Tổng số văn bản phát hành.", 24),
    _rule_param("target", "number", "Với ratio: tỉ lệ a/b được điểm tối đa, từ 0 đến 1 (0.8 = 80%). Để trống = 1.", 8),
    _rule_param("zero_denominator", "enum", "Với ratio, khi mẫu số bằng 0: na = không đánh giá; zero = 0 điểm; "
                "full = điểm tối đa. Để trống = na.", 10, ("na", "zero", "full")),
    _rule_param("input", "text", "Với steps, count, relative: tên số liệu đơn vị nhập, ví dụ Số cuộc họp. Để trống "
                "= Giá trị.", 20),
    _rule_param("unit", "text", "Với steps, count, relative: đơn vị tính, ví dụ lần, %, ứng dụng.", 10),
    _rule_param("each", "number", "Với count: số điểm cho mỗi đơn vị đếm được (tổng tối đa bằng điểm tối đa).", 8),
    Column("evidence", "text", "Tài liệu kiểm chứng (TLKC) đơn vị phải nêu.", 30,
           aliases=("tài liệu kiểm chứng", "tlkc")),
    Column("source", "text", "Nguồn dữ liệu.", 20, aliases=("nguồn dữ liệu", "nguồn")),
    Column("verifier", "text", "Đơn vị xác minh, thẩm định.", 20,
           aliases=("đơn vị xác minh", "đơn vị thẩm định", "cơ quan thẩm định")),
    Column("na", "yes_no", "Có = đơn vị được đánh dấu «Không đánh giá» chỉ số này. Để trống = Không.", 8, YES_NO,
           aliases=("không đánh giá",)),
    Column("applies_to", "codes", "Mã các nhóm đơn vị được đánh giá chỉ số này (trang «Nhóm đơn vị»), cách nhau bởi "
           "dấu phẩy. Để trống = mọi nhóm.", 14),
    Column("effect", "enum", "base = điểm thường; bonus = điểm thưởng (cộng thêm); penalty = điểm trừ. Chỉ ghi ở "
           "chỉ số chính. Để trống = base.", 10, ("base", "bonus", "penalty")),
    Column("kind", "enum", "Để trống (tự suy ra: chỉ số chính, thành phần, tiêu chí). Ghi group ở dòng nhóm chỉ "
           "số, dòng chứa các chỉ số chính (ví dụ Nhóm chỉ số nền tảng).", 10, ("group", "main", "sub", "criterion")),
)

RULE_PARAM_KEYS: frozenset[str] = RULE_KEYS - {"rule"}
"""The columns that hold a rule's parameters (every rule key except ``rule`` itself)."""

IDENTITY_FIELDS: tuple[Column, ...] = (
    Column("id", "code", "Mã bộ chỉ số: chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ haugiang-2022-so.",
           required=True),
    Column("title", "text", "Tên bộ chỉ số.", required=True),
    Column("issuer", "text", "Cơ quan ban hành, ví dụ UBND tỉnh Hậu Giang.", required=True),
    Column("decision", "text", "Văn bản ban hành: số, ngày, ví dụ Quyết định số 1949/QĐ-UBND ngày 23/11/2022.",
           required=True),
    Column("level", "enum", "Cấp đơn vị được đánh giá: bo = bộ, ngành; tinh = tỉnh; so = sở, ban, ngành; huyen = "
           "UBND cấp huyện; xa = UBND cấp xã.", choices=("bo", "tinh", "so", "huyen", "xa"), required=True),
    Column("year", "integer", "Năm áp dụng.", required=True),
    Column("version", "code", "Phiên bản của bộ chỉ số. Để trống = 1."),
    Column("illustrative", "yes_no", "Có = một phần bộ chỉ số là mô phỏng, chưa đối chiếu văn bản gốc (ghi rõ ở "
           "source).", choices=YES_NO),
    Column("source", "text", "Nguồn, ghi chú phần nào chính thức, phần nào mô phỏng."),
    Column("max", "number", "Tổng điểm tối đa chính thức, để đối chiếu với tổng các chỉ số. Để trống nếu không cần."),
    Column("result", "enum", "Kết quả: points = tổng điểm (quy đổi khi có chỉ số không đánh giá); percent = % điểm "
           "đạt trên điểm tối đa áp dụng; index = chỉ số từ 0 đến 1; weighted = bình quân gia quyền các trụ cột.",
           choices=("points", "percent", "index", "weighted")),
    Column("decimals", "integer", "Số chữ số thập phân của kết quả (làm tròn nửa lên như hàm ROUND)."),
    Column("points_decimals", "integer", "Số chữ số thập phân làm tròn điểm từng chỉ số (để trống: không làm tròn)."),
    Column("aggregate_decimals", "integer", "Số chữ số thập phân của giá trị trụ cột (từ 0 đến 1)."),
    Column("allow_above_max", "yes_no", "Có = điểm thưởng được làm tổng điểm vượt điểm tối đa.", choices=YES_NO),
)

IDENTITY = SheetSpec("Thông tin chung", "", "the scheme's identity and result rules", (
    Column("key", "code", "Tên thông tin (khóa trong tệp YAML của bộ chỉ số). Không sửa cột này.", 20, required=True),
    Column("value", "text", "Giá trị của thông tin. Ý nghĩa của từng dòng: xem cột meaning.", 60, required=True),
    Column("meaning", "info", "Ý nghĩa của từng thông tin (chỉ để đọc, không được nhập vào bộ chỉ số).", 80),
))
INDICATORS = SheetSpec("Chỉ số", "indicators", "the indicators", INDICATOR_COLUMNS)
GRADES = SheetSpec("Xếp loại", "grades", "the grade bands", (
    Column("label", "text", "Tên mức xếp loại, ví dụ Xuất sắc. Ghi từ mức cao nhất xuống mức thấp nhất.", 20,
           required=True),
    Column("min", "number", "Kết quả từ mức này trở lên (đến dưới mức của dòng trên) được xếp loại này. Dòng cuối "
           "để trống: mọi kết quả thấp hơn.", 12),
))
GROUPS = SheetSpec("Nhóm đơn vị", "groups", "the unit groups", (
    Column("code", "code", "Mã nhóm đơn vị, ví dụ so, nganh-doc (dùng ở cột applies_to của trang «Chỉ số»).", 14,
           required=True),
    Column("name", "text", "Tên nhóm đơn vị, ví dụ Sở, ban, ngành.", 40, required=True),
    Column("ranked", "yes_no", "Có = xếp hạng các đơn vị trong nhóm; Không = chỉ xếp loại, không xếp hạng. Để trống "
           "= Có.", 10, YES_NO),
))
AGGREGATES = SheetSpec("Trụ cột", "aggregates", "the aggregates (pillars)", (
    Column("code", "code", "Mã trụ cột, ví dụ CQS (khác mọi mã chỉ số).", 10, required=True),
    Column("name", "text", "Tên trụ cột, ví dụ Chính quyền số.", 30, required=True),
    Column("of", "codes", "Mã các chỉ số thuộc trụ cột, cách nhau bởi dấu phẩy, ví dụ 1, 2, 3, 4, 5, 7. Giá trị = "
           "tổng điểm / tổng điểm tối đa áp dụng của các chỉ số này.", 30, required=True),
    Column("weight", "number", "Trọng số, từ 0 đến 1: chỉ dùng khi result là weighted (tổng các trọng số bằng 1).", 10),
))

SHEETS: tuple[SheetSpec, ...] = (IDENTITY, INDICATORS, GRADES, GROUPS, AGGREGATES)
"""Every sheet, in workbook order."""
REQUIRED_SHEETS: tuple[SheetSpec, ...] = (IDENTITY, INDICATORS)
BY_LIST: dict[str, SheetSpec] = {s.holds: s for s in SHEETS}


def identity_field(key: str) -> Column | None:
    """The identity field (a row of «Thông tin chung») with this key, if any."""
    return next((f for f in IDENTITY_FIELDS if f.key == key), None)
