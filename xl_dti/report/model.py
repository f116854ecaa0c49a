"""The shape of ``ranking.json`` (what ``xl-dti consolidate`` writes), as the report reads it.

Fields the report does not use are ignored; fields that older consolidations did not write
(group names, last year's result, self-assessed and appraised totals, evidence, appraisal)
are optional. Text is normalised to NFC on the way in.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


Text = Annotated[str, AfterValidator(_nfc)]
Number = Annotated[Decimal, Field(allow_inf_nan=False)]
ResultMode = Literal["points", "percent", "index", "weighted"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class GradeBand(_Record):
    """One grade band: its label and lowest result (``None`` for the lowest band)."""

    label: Text
    min: Number | None = None


class GroupInfo(_Record):
    """A unit group of the scheme, in the scheme's order; ``ranked: false`` groups are evaluated only."""

    code: Text
    name: Text
    ranked: bool = True


class MeasureInfo(_Record):
    """A main index (points) or an aggregate/pillar (a value from 0 to 1) ranked on its own."""

    code: Text
    name: Text
    kind: Literal["main", "aggregate"]
    max: Number


class SchemeInfo(_Record):
    """What the page says about the scheme: title, decision, issuer, bands, groups, measures."""

    title: Text = ""
    issuer: Text = ""
    decision: Text = ""
    max: Number
    decimals: int = Field(default=2, ge=0, le=6)
    points_decimals: int | None = Field(default=None, ge=0, le=6)
    aggregate_decimals: int = Field(default=4, ge=0, le=8)
    grades: list[GradeBand] = Field(default_factory=list)
    groups: list[GroupInfo] = Field(default_factory=list)
    effects: dict[str, Literal["bonus", "penalty"]] = Field(default_factory=dict)
    measures: list[MeasureInfo] = Field(default_factory=list)


class Appraisal(_Record):
    """The appraisal council's finding on one indicator."""

    self_score: Number | None = Field(default=None, alias="self")
    appraised: Number | None = None
    change: Number | None = None
    comment: Text = ""


class UnitEntry(_Record):
    """One evaluated unit: its place, scores, grade, last year's place, measures and evidence.

    ``main_total + bonus - penalty = total`` (``result_note`` says when the total was kept within
    0..applicable max); totals are out of ``applicable_max``, ``result`` is on the scheme's scale.
    """

    group: Text | None = None
    group_name: Text | None = None
    rank: int | None = Field(default=None, ge=1)
    unit_code: Text
    unit_name: Text
    main_total: Number | None = None
    bonus: Number | None = None
    penalty: Number | None = None
    total: Number
    applicable_max: Number
    result: Number | None
    result_note: Text = ""
    grade: Text | None
    status: Literal["ranked", "not_ranked"]
    previous_rank: int | None = Field(default=None, ge=1)
    previous_result: Number | None = None
    rank_change: int | None = None
    change: Text | None = None
    result_change: Number | None = None
    self_total: Number | None = None
    appraised_total: Number | None = None
    self_result: Number | None = None
    measures: dict[str, Number | None] = Field(default_factory=dict)
    indicators: dict[str, Number | None] = Field(default_factory=dict)
    evidence: dict[str, Text] = Field(default_factory=dict)
    appraisal: dict[str, Appraisal] = Field(default_factory=dict)
    not_applicable: list[Text] = Field(default_factory=list)


class MissingUnit(_Record):
    """A registered unit with no accepted file."""

    unit_code: Text
    unit_name: Text
    group: Text | None = None


class Ranking(_Record):
    """The whole ``ranking.json``."""

    scheme: Text
    scheme_version: Text = ""
    year: int = Field(ge=1900, le=2200)
    result_mode: ResultMode
    scheme_info: SchemeInfo
    units: list[UnitEntry]
    missing: list[MissingUnit] = Field(default_factory=list)
    comparison: Text | None = None

    @property
    def points_decimals(self) -> int:
        """Decimals for points (totals, main indices, indicators): the scheme's ``points_decimals`` when
        the file has it, else the result's decimals when the result is points, else 2."""
        info = self.scheme_info
        if info.points_decimals is not None:
            return info.points_decimals
        return info.decimals if self.result_mode == "points" else 2
