"""Sheet and workbook protection that Excel verifies, for any password a secretariat may type.

Excel's legacy 16-bit verifier (MS-XLS 2.2.9) reads at most 15 characters of a single-byte code
page: a password of printable ASCII up to 15 characters keeps it (fast, and every spreadsheet
application reads it). Any other password is protected by the ISO method of MS-OFFCRYPTO
2.4.2.4: SHA-512 over a 16-byte salt and the UTF-16LE password, iterated ``SPIN_COUNT`` times
(H0 = H(salt + password); Hn = H(Hn-1 + n as 4 little-endian bytes)). The salt is given by the
caller (derived from the round's secret), so the same inputs give the same file.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.worksheet import Worksheet

ALGORITHM = "SHA-512"
SPIN_COUNT = 100_000
SALT_BYTES = 16
LEGACY_LENGTH = 15


@dataclass(frozen=True)
class Protection:
    """How one password is stored: a legacy 4-digit hash, or the SHA-512 hash with its salt."""

    legacy: str | None = None
    hash_value: str = ""
    salt_value: str = ""
    spin_count: int = SPIN_COUNT



def legacy_hash(password: str) -> str | None:
    """The legacy verifier as 4 hex digits, or ``None`` when it cannot represent the password."""
    if not 0 < len(password) <= LEGACY_LENGTH or not all(" " <= c <= "~" for c in password):
        return None
    verifier = 0
    for byte in reversed([len(password), *password.encode("ascii")]):
        verifier = (((verifier >> 14) & 1) | ((verifier << 1) & 0x7FFF)) ^ byte
    return f"{verifier ^ 0xCE4B:04X}"


@functools.lru_cache(maxsize=64)  # one --password for a whole round is hashed once
def protection_for(password: str, salt: bytes) -> Protection:
    """How ``password`` is stored: legacy when it can be, else SHA-512 with ``salt`` (16 bytes)."""
    legacy = legacy_hash(password)
    if legacy is not None:
        return Protection(legacy=legacy)
    digest = hashlib.sha512(salt + password.encode("utf-16-le")).digest()
    for iterator in range(SPIN_COUNT):
        digest = hashlib.sha512(digest + iterator.to_bytes(4, "little")).digest()
    return Protection(hash_value=base64.b64encode(digest).decode("ascii"),
                      salt_value=base64.b64encode(salt).decode("ascii"))


def method(password: str) -> str:
    """``legacy`` or ``sha512``: how ``password`` is stored."""
    return "sha512" if legacy_hash(password) is None else "legacy"


def derive_salt(secret: str) -> bytes:
    """A 16-byte salt derived from a secret: the same round gives the same files."""
    return hashlib.sha256(b"xl-dti protection salt\0" + secret.encode("utf-8")).digest()[:SALT_BYTES]


DEFAULT_SALT = derive_salt("")
"""The salt of workbooks built outside a registry's round (tests, the demo's examples)."""


def protect(workbook: Workbook, sheets: list[Worksheet], password: str, salt: bytes) -> None:
    """Lock ``sheets`` and the workbook's structure with ``password``."""
    stored = protection_for(password, salt)
    for sheet in sheets:
        sheet.protection.sheet = True
        if stored.legacy is not None:
            sheet.protection.set_password(stored.legacy, already_hashed=True)
        else:
            sheet.protection.algorithmName, sheet.protection.spinCount = ALGORITHM, stored.spin_count
            sheet.protection.hashValue, sheet.protection.saltValue = stored.hash_value, stored.salt_value
    security = WorkbookProtection(lockStructure=True)
    if stored.legacy is not None:
        security.set_workbook_password(stored.legacy, already_hashed=True)
    else:
        security.workbookAlgorithmName, security.workbookSpinCount = ALGORITHM, stored.spin_count
        security.workbookHashValue, security.workbookSaltValue = stored.hash_value, stored.salt_value
    workbook.security = security
