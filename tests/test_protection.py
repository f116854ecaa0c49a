"""Any password a secretariat may type protects the workbooks in a way Excel verifies.

The hashes are checked against the specifications, computed here independently of the writer:
the legacy verifier of MS-XLS 2.2.9 (only for what it can represent: up to 15 single-byte
characters) and the SHA-512 method of MS-OFFCRYPTO 2.4.2.4. LibreOffice then unprotects every
sheet with the password, and refuses a wrong one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.lo_typing import UNO_SESSION
from tests.ooxml import problems
from tests.tools import locate, needs
from xl_dti import load_scheme
from xl_dti.generate import generate
from xl_dti.units import Unit

UNITS = [Unit("so-noi-vu", "Sở Nội vụ", "so"), Unit("kho-bac", "Kho bạc Nhà nước", "nganh-doc")]

PASSWORDS = [
    ("short-ascii", "mat-khau", "legacy"),
    ("fifteen", "abcdefghijklmn5", "legacy"),
    ("sixteen", "abcdefghijklmno6", "sha"),
    ("twenty-two", "secretariat-pass-20245", "sha"),
    ("vietnamese-short", "Mật khẩu", "sha"),
    ("vietnamese-long", "Văn phòng Ủy ban nhân dân tỉnh Hậu Giang năm 2024", "sha"),
    ("symbols", "~*?<&>\"' là ký tự", "sha"),
]


def _legacy(password: str) -> str:
    """MS-XLS 2.2.9: the bytes (length first) folded from the last one, each step a 15-bit rotate and xor."""
    verifier = 0
    for byte in [len(password), *password.encode("ascii")][::-1]:
        high = 1 if verifier & 0x4000 else 0
        verifier = (high | ((verifier * 2) & 0x7FFF)) ^ byte
    return format(verifier ^ 0xCE4B, "04X")


def _sha512(password: str, salt: bytes, spins: int) -> str:
    """MS-OFFCRYPTO 2.4.2.4: H0 = SHA-512(salt + UTF-16LE password); Hn = SHA-512(Hn-1 + LE32(n))."""
    digest = hashlib.sha512(salt + password.encode("utf-16-le")).digest()
    for n in range(spins):
        digest = hashlib.sha512(digest + n.to_bytes(4, "little")).digest()
    return base64.b64encode(digest).decode()


def _protections(path: Path) -> list[dict[str, str]]:
    """The attributes of every sheetProtection and workbookProtection, 'workbook' prefixes dropped."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8")
            for element in re.findall(r"<(?:\w+:)?(?:sheetProtection|workbookProtection)\b[^>]*>", text):
                attributes = dict(re.findall(r'(\w+)="([^"]*)"', element))
                found.append({re.sub(r"^workbook(?=[A-Z])", "", k).lower(): v for k, v in attributes.items()})
    return found


@pytest.mark.parametrize(("password", "method"), [p[1:] for p in PASSWORDS], ids=[p[0] for p in PASSWORDS])
def test_the_stored_hash_is_the_one_excel_computes(tmp_path: Path, password: str, method: str) -> None:
    report = generate(load_scheme("haugiang-2022-so"), UNITS, tmp_path, year=2022, password=password)
    for path in report.files:
        protections = _protections(path)
        assert len(protections) == 5 + 1  # five sheets and the workbook's structure
        for stored in protections:
            if method == "legacy":
                assert stored["password"] == _legacy(password)
                assert "hashvalue" not in stored
            else:
                assert "password" not in stored, "the legacy verifier cannot represent this password"
                assert stored["algorithmname"] == "SHA-512"
                salt = base64.b64decode(stored["saltvalue"])
                assert len(salt) == 16
                assert stored["hashvalue"] == _sha512(password, salt, int(stored["spincount"]))
        assert problems(path) == []


def test_the_protection_is_the_same_on_a_second_run(tmp_path: Path) -> None:
    password = PASSWORDS[-2][1]
    first = generate(load_scheme("haugiang-2022-so"), UNITS, tmp_path, year=2022, password=password)
    data = [p.read_bytes() for p in first.files]
    second = generate(load_scheme("haugiang-2022-so"), UNITS, tmp_path, year=2022, password=password)
    assert [p.read_bytes() for p in second.files] == data


UNPROTECT = UNO_SESSION + r"""
program, profile, pipe, path, passwords = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])

def work(desktop):
    hidden = PropertyValue(Name="Hidden", Value=True)
    results = {}
    for password in passwords:
        document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0, (hidden,))
        sheets = document.Sheets
        states = []
        for i in range(sheets.Count):
            sheet = sheets.getByIndex(i)
            try:
                sheet.unprotect(password)
            except Exception:
                pass
            states.append(sheet.isProtected())
        results[password] = states
        document.close(True)
    print(json.dumps(results))

with_desktop(program, profile, pipe, work)
"""


@needs("libreoffice", "uno")
@pytest.mark.slow
@pytest.mark.parametrize(("password", "method"), [p[1:] for p in PASSWORDS if p[0] in ("short-ascii", "twenty-two",
                                                                                       "vietnamese-long")])
def test_libreoffice_unprotects_with_the_password_and_only_with_it(tmp_path: Path, password: str,
                                                                    method: str) -> None:
    python = locate("uno")
    report = generate(load_scheme("haugiang-2022-so"), UNITS[:1], tmp_path / "out", year=2022, password=password)
    done = subprocess.run(
        [python, "-c", UNPROTECT, "soffice", (tmp_path / "profile").as_uri(), f"xl-dti-{tmp_path.name}",
         str(report.files[0]), json.dumps(["wrong password", password])],
        capture_output=True, text=True, timeout=300, check=False,
    )
    results = json.loads(done.stdout.strip().splitlines()[-1])
    assert results["wrong password"] == [True] * 5
    assert results[password] == [False] * 5  # (LibreOffice does not read the workbook's structure lock)
