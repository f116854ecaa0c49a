"""The secretariat's registry of generated workbooks: files, hashes, passwords and signing secrets.

The registry is kept by the secretariat and never sent to units. Every unit's secret and default
password derive from one master secret, so generating again into the same folder reproduces the
same workbooks (a corrected units list does not invalidate files already sent).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from xl_dti.atomic import write_text_atomic
from xl_dti.errors import Problem, XlDtiError
from xl_dti.workbook.build import RoundOptions

REGISTRY_NAME = "registry.json"
FORMAT = 1


class RegistryError(XlDtiError, ValueError):
    """A registry file that cannot be used for this run."""


@dataclass
class RegistryUnit:
    """What the registry keeps about one unit's workbook."""

    code: str
    name: str
    group: str | None
    file: str
    sha256: str
    structure_fingerprint: str
    signature: str
    password: str
    secret: str
    predecessors: list[str] = field(default_factory=list)


@dataclass
class Registry:
    """All the generated workbooks of one scheme and year."""

    scheme_id: str
    scheme_version: str
    scheme_fingerprint: str
    year: int
    master_secret: str
    formulas: str = "native"
    xl_dti_version: str = ""
    generated: str = ""
    deadline: str = ""
    contact: str = ""
    units: dict[str, RegistryUnit] = field(default_factory=dict)

    def unit_secret(self, code: str) -> str:
        """The unit's signing secret (hex), derived from the master secret."""
        return self._derive(f"secret:{code}").hex()

    def unit_password(self, code: str) -> str:
        """The unit's default protection password (12 letters and digits)."""
        return base64.b32encode(self._derive(f"password:{code}")).decode("ascii")[:12].lower()

    def _derive(self, label: str) -> bytes:
        return hmac.new(bytes.fromhex(self.master_secret), label.encode("utf-8"), hashlib.sha256).digest()

    def round_options(self) -> RoundOptions:
        """What every workbook of this round was built with (to rebuild one exactly)."""
        generated = datetime.strptime(self.generated, "%Y-%m-%dT%H:%M:%S")
        salt = self._derive("protection-salt")[:16]
        return RoundOptions(self.year, self.deadline, self.contact, generated, self.formulas, salt)

    def to_json(self) -> str:
        """The registry as JSON text (stable key order)."""
        data: dict[str, Any] = {"format": FORMAT, "warning": "SECRET: keep this file; never send it to units.",
                                **asdict(self)}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def save(self, path: Path) -> None:
        """Write the registry atomically."""
        write_text_atomic(path, self.to_json())


def new_registry(scheme_id: str, scheme_version: str, scheme_fingerprint: str, year: int) -> Registry:
    """A fresh registry with a new random master secret."""
    return Registry(scheme_id, scheme_version, scheme_fingerprint, year, secrets.token_hex(32))


def load_registry(path: Path) -> Registry:
    """Read a registry file.

    Raises:
        RegistryError: the file is missing, not JSON, or not a registry.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        units = {code: RegistryUnit(**unit) for code, unit in data.pop("units").items()}
        data.pop("format", None)
        data.pop("warning", None)
        return Registry(**data, units=units)
    except FileNotFoundError:
        raise RegistryError([Problem("file.not_found", str(path))]) from None
    except (OSError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise RegistryError([Problem("registry.unreadable", str(path), {"detail": exc})]) from None
