"""Stamped workbooks are the workbooks built from scratch, part for part."""

from __future__ import annotations

import functools
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.workbook.protection import hash_password

from tests.conftest import make_scheme
from tests.workbooks import OPTIONS, PASSWORD, SECRET
from xl_dti import load_scheme
from xl_dti.units import Unit
from xl_dti.workbook.build import CompiledScheme, UnwritableText, build_workbook
from xl_dti.workbook.protection import method
from xl_dti.workbook.stamp import Template, compile_template, stamp

UNITS = [
    Unit("so-noi-vu", "Sở Nội vụ", "so"),
    Unit("x&y", 'Sở "Kế hoạch" & <Đầu tư>', "so"),
    Unit("kho-bac", "Kho bạc Nhà nước Hậu Giang — chi nhánh Vị Thanh", "nganh-doc"),
    Unit("f", '=HYPERLINK("http://x","y")', "nganh-doc"),
]


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(("unit", "password"), [(u, PASSWORD) for u in UNITS] + [(UNITS[1], "Mật khẩu dài (SHA-512)")],
                         ids=[u.code for u in UNITS] + ["sha512-password"])
def test_a_stamped_workbook_equals_one_built_from_scratch(unit: Unit, password: str) -> None:
    compiled = CompiledScheme(load_scheme("haugiang-2022-so"))
    template = compile_template(compiled, unit.group, OPTIONS, method(password))
    stamped = stamp(template, unit, OPTIONS.year, compiled.fingerprint, SECRET, password)
    built = build_workbook(compiled, unit, OPTIONS, SECRET, password)
    assert _parts(stamped.data) == _parts(built.data)
    assert (stamped.structure_fingerprint, stamped.signature) == (built.structure_fingerprint, built.signature)


def test_a_name_that_spells_what_the_template_holds_is_written_as_given() -> None:
    """The template's own fingerprint, signature and placeholders inside a unit's name (or its code) are
    that unit's text, not places to stamp into."""
    compiled = CompiledScheme(load_scheme("haugiang-2022-so"))
    template = compile_template(compiled, "so", OPTIONS)
    for unit in (Unit("so-a", f"Sở {template.fingerprint} {template.signature} XLDTIUNITCODETOKEN", "so"),
                 Unit("so-b", "Sở XLDTIUNITNAMETOKENĐ", "so")):
        stamped = stamp(template, unit, OPTIONS.year, compiled.fingerprint, SECRET, PASSWORD)
        built = build_workbook(compiled, unit, OPTIONS, SECRET, PASSWORD)
        assert _parts(stamped.data) == _parts(built.data)
        assert (stamped.structure_fingerprint, stamped.signature) == (built.structure_fingerprint, built.signature)


def test_a_stamped_workbook_opens_with_its_own_protection_and_validation() -> None:
    compiled = CompiledScheme(load_scheme("haugiang-2022-so"))
    unit = UNITS[1]
    stamped = stamp(compile_template(compiled, unit.group, OPTIONS), unit, OPTIONS.year, compiled.fingerprint,
                    SECRET, "other-password")
    workbook = load_workbook(io.BytesIO(stamped.data))
    form = workbook["Chấm điểm"]
    assert form["A2"].value == f"Đơn vị: {unit.name} (mã {unit.code})"
    assert form.protection.sheet and form.protection.password == hash_password("other-password")
    assert workbook.security.workbookPassword == hash_password("other-password")
    built = load_workbook(io.BytesIO(build_workbook(compiled, unit, OPTIONS, SECRET, "other-password").data))
    assert form.protection.password == built["Chấm điểm"].protection.password
    assert len(form.data_validations.dataValidation) == len(built["Chấm điểm"].data_validations.dataValidation)


def test_a_character_xml_forbids_never_reaches_a_file() -> None:
    compiled = CompiledScheme(load_scheme("haugiang-2022-so"))
    template = compile_template(compiled, "so", OPTIONS)
    with pytest.raises(UnwritableText) as caught:  # read_units refuses it; this is the last line of defence
        stamp(template, Unit("so-x", "Sở\vNội vụ", "so"), OPTIONS.year, compiled.fingerprint, SECRET, PASSWORD)
    assert caught.value.problems[0].code == "workbook.illegal_character"


SMALL = make_scheme("""\
    grades:
      - {label: Tốt, min: 8}
      - {label: Chưa đạt}
    indicators:
      - code: "1"
        name: Hạ tầng số
        max: 10
        children:
          - {code: "1.1", name: Máy tính nối mạng, max: 4, rule: ratio, numerator: Số máy nối mạng, denominator: Số máy}
          - {code: "1.2", name: Kế hoạch chuyển đổi số năm, max: 6, rule: yes_no}
""")
TEXT = st.text(st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")), min_size=1, max_size=300)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.one_of(TEXT, st.sampled_from(["XLDTIUNITNAMETOKENĐ", "<a & b>", "Ủy ban nhân dân xã " * 12])),
       code=st.from_regex(r"[a-z0-9][a-z0-9-]{0,60}", fullmatch=True))
def test_any_unit_s_stamped_workbook_equals_one_built_from_scratch(name: str, code: str) -> None:
    """Names of any length and characters (long ones change row heights), on a scheme written here."""
    unit = Unit(code, name.strip() or "x", None)
    stamped = stamp(_small_template(), unit, OPTIONS.year, _SMALL_COMPILED.fingerprint, SECRET, PASSWORD)
    built = build_workbook(_SMALL_COMPILED, unit, OPTIONS, SECRET, PASSWORD)
    assert _parts(stamped.data) == _parts(built.data)
    assert (stamped.structure_fingerprint, stamped.signature) == (built.structure_fingerprint, built.signature)


_SMALL_COMPILED = CompiledScheme(SMALL)


@functools.cache
def _small_template() -> Template:
    return compile_template(_SMALL_COMPILED, None, OPTIONS)
