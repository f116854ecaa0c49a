"""Mutated honest packages: every file gets exactly one outcome, nothing crashes, the round completes.

Mutations of three kinds, as a damaged download, a careless tool or an attacker would make them:
bytes (flipped, cut, inserted), entries (dropped, copied under another name, renamed, added with
an active content type) and XML (fragments inserted at tag boundaries, spans cut out).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.returned import Kit, make_kit
from tests.test_worksheet import FRAGMENTS, _boundaries
from xl_dti.consolidation.package import Limits
from xl_dti.consolidation.reading import RoundContext, read_returned
from xl_dti.consolidation.run import consolidate
from xl_dti.consolidation.xml_parts import check_well_formed
from xl_dti.messages import CATALOGUE

Mutation = Callable[[random.Random, bytes], bytes]


def _package(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _flip(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1:]


def _cut(rng: random.Random, data: bytes) -> bytes:
    return data[:rng.randrange(len(data))]


def _insert_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data))
    return data[:at] + rng.randbytes(rng.randrange(1, 64)) + data[at:]


def _entries(edit: Callable[[random.Random, dict[str, bytes]], None]) -> Mutation:
    def mutate(rng: random.Random, data: bytes) -> bytes:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                parts = {n: archive.read(n) for n in archive.namelist()}
        except Exception:  # an earlier mutation broke the zip: nothing to edit inside
            return data
        if not parts:
            return data
        edit(rng, parts)
        return _package(parts)
    return mutate


def _drop(rng: random.Random, parts: dict[str, bytes]) -> None:
    del parts[rng.choice(sorted(parts))]


def _copy(rng: random.Random, parts: dict[str, bytes]) -> None:
    name = rng.choice(sorted(parts))
    parts[name.replace(".xml", "2.xml") if ".xml" in name else name + "2"] = parts[name]


def _rename(rng: random.Random, parts: dict[str, bytes]) -> None:
    name = rng.choice(sorted(parts))
    parts[name.swapcase() if rng.random() < 0.5 else "x/" + name] = parts.pop(name)


def _active(rng: random.Random, parts: dict[str, bytes]) -> None:
    name = rng.choice(["xl/vbaProject.bin", "xl/activeX/activeX1.xml", "xl/embeddings/oleObject1.bin",
                       "xl/externalLinks/externalLink1.xml", "Basic/Standard/Module1.xml", "mimetype"])
    parts[name] = b"<x/>" if name.endswith(".xml") else b"application/vnd.oasis.opendocument.spreadsheet"


def _xml(rng: random.Random, parts: dict[str, bytes]) -> None:
    name = rng.choice(sorted(n for n in parts if n.endswith((".xml", ".rels"))))
    data = parts[name]
    points = _boundaries(data) or [0]
    at = rng.choice(points)
    if rng.random() < 0.7:
        parts[name] = data[:at] + rng.choice(FRAGMENTS) + data[at:]
    else:
        parts[name] = data[:at] + data[rng.choice([p for p in points if p >= at]):]


MUTATIONS: list[Mutation] = [_flip, _cut, _insert_bytes, _entries(_drop), _entries(_copy), _entries(_rename),
                             _entries(_active), _entries(_xml), _entries(_xml), _entries(_xml)]


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Kit:
    return make_kit(tmp_path_factory.mktemp("round"))


@pytest.fixture(scope="module")
def honest(kit: Kit) -> bytes:
    return kit.filled(kit.work / "honest.xlsx").read_bytes()


def _mutated(honest: bytes, seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    data = honest
    for _ in range(count):
        data = rng.choice(MUTATIONS)(rng, data) if data else data
    return data


@pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")  # the honest package's repr
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(st.integers(0, 2**32), st.integers(1, 3))
def test_a_mutated_package_gets_one_verdict_and_a_message(kit: Kit, honest: bytes, seed: int, count: int) -> None:
    data = _mutated(honest, seed, count)
    reading = read_returned(data, "mutated.xlsx", RoundContext(kit.scheme, kit.registry, Limits()))
    assert reading.verdict in ("read", "rejected", "quarantined")
    if reading.verdict != "read":
        assert any(p.severity == "error" for p in reading.problems)
    for problem in reading.problems:
        assert problem.code in CATALOGUE and str(problem)


def test_a_round_of_mutated_files_completes_with_well_formed_outputs(kit: Kit, honest: bytes, tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "honest.xlsx").write_bytes(honest)
    for seed in range(24):
        (folder / f"mutated-{seed:02}.xlsx").write_bytes(_mutated(honest, seed, 1 + seed % 3))
    out = tmp_path / "out"
    run = consolidate(kit.scheme, folder, kit.registry, out, jobs=2)
    names = sorted(o.reading.name for o in run.outcomes)
    assert names == sorted(p.name for p in folder.iterdir()), "one outcome per file"
    assert {o.reading.name: o.outcome for o in run.outcomes}["honest.xlsx"] in ("accepted", "superseded", "duplicate")
    with zipfile.ZipFile(out / "master.xlsx") as master:
        for name in master.namelist():
            if name.endswith((".xml", ".rels")):
                check_well_formed(master.read(name), name)
    for name in ("ranking.json", "manifest.json"):
        json.loads((out / name).read_text(encoding="utf-8"))


def test_mutations_do_change_the_outcome(kit: Kit, honest: bytes) -> None:
    """The property tests mean something: many mutated files are refused, each with a code."""
    context = RoundContext(kit.scheme, kit.registry, Limits())
    verdicts = [read_returned(_mutated(honest, seed, 2), "m.xlsx", context).verdict for seed in range(40)]
    assert verdicts.count("rejected") >= 10
