"""The record contract: the one shape of every fact govextract emits.

The library, the CLI and every sink serialise these models and nothing else. Changing a field means bumping
``SCHEMA_VERSION`` (see docs/records.md).

Offsets are end-exclusive Python string indices into ``PressRelease.text`` (the input exactly as given), so
``text == PressRelease.text[start:end]`` holds for every fact; ``PressRelease`` checks this on validation.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = "1.1"


def _plain_decimal(value: Decimal) -> Decimal:
    # normalize() drops trailing zeros ("58100000000.0" -> 5.81E+10); the JSON serialiser below then writes it
    # back without an exponent, so the stored string is canonical and round-trips exactly.
    return value.normalize() if value.is_finite() else value


ExactDecimal = Annotated[
    Decimal,
    AfterValidator(_plain_decimal),
    PlainSerializer(lambda v: format(v, "f"), return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "pattern": r"^-?\d+(\.\d+)?$"}),
]
"""A Decimal that serialises to JSON as a plain digit string ("58100000000", never "5.81E+10")."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", use_enum_values=False)


class Qualifier(StrEnum):
    """How the text bounds a quantity. One enum for all records."""

    exact = "exact"
    approx = "approx"  # about, around, nearly, approximately
    more_than = "more_than"  # more than, over, above
    less_than = "less_than"  # less than, under, below
    at_least = "at_least"  # at least, no less than, not less than
    at_most = "at_most"  # up to, no more than, not more than


RangeEnd = Literal["low", "high"]
"""Which end of a range ("from 17 to 50%", "5-7 billion tenge") a record is; null when not in a range."""


class Mention(_Record):
    """A stretch of the input text: ``text == PressRelease.text[start:end]``."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    # A check of ``end`` (validated after ``text`` and ``start``), not of the model: pydantic runs a model's
    # "after" validator again on every instance nested in another model (a PressRelease's ~30 mentions, a
    # Target's deadline), a tenth of to_record's time; a field's validators run when the mention is built.
    @field_validator("end")
    @classmethod
    def _ordered(cls, end: int, info: ValidationInfo) -> int:
        text, start = info.data.get("text"), info.data.get("start")
        if text is not None and start is not None and (end < start or end - start != len(text)):
            raise ValueError(f"offsets [{start}, {end}) do not fit text {text!r}")
        return end


class Percentage(Mention):
    value: float
    is_points: bool = False
    qualifier: Qualifier = Qualifier.exact
    range: RangeEnd | None = None


class MoneyAmount(Mention):
    value: ExactDecimal | None = Field(
        description="Amount in units of the currency; null when the text is garbled beyond reading (never a guess)."
    )
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")
    qualifier: Qualifier = Qualifier.exact
    range: RangeEnd | None = None


class Granularity(StrEnum):
    day = "day"
    month = "month"
    quarter = "quarter"
    half = "half"
    year = "year"
    period = "period"


class DateMention(Mention):
    """A date or period. ``value`` is its first day, ``value_end`` its last.

    The last day is called ``value_end`` (not ``end``) because ``end`` is the offset every fact carries.
    Relative mentions ("this year", "July 14") resolve against ``PressRelease.published``; without it they keep
    ``value: null``: never today's date.
    """

    value: date | None
    value_end: date | None = None
    granularity: Granularity


class RegionKind(StrEnum):
    region = "region"
    city = "city"


class Region(_Record):
    """One of Kazakhstan's 17 regions or 3 cities of republican significance; one per region per document."""

    name: str
    iso_code: str = Field(pattern=r"^KZ-[0-9A-Z]{2,3}$")
    iso_code_legacy: str | None = None
    kind: RegionKind
    mentions: list[Mention] = Field(min_length=1)


class PlaceKind(StrEnum):
    city = "city"
    town = "town"
    district = "district"
    village = "village"


class Place(_Record):
    """A settlement or district that is not itself a region; one per place per document."""

    name: str
    kind: PlaceKind
    region_iso: str | None = None
    mentions: list[Mention] = Field(min_length=1)


class Role(StrEnum):
    president = "president"
    prime_minister = "prime_minister"
    first_deputy_prime_minister = "first_deputy_prime_minister"
    deputy_prime_minister = "deputy_prime_minister"
    minister = "minister"
    vice_minister = "vice_minister"
    akim = "akim"
    deputy_akim = "deputy_akim"
    chairman = "chairman"
    head = "head"
    ambassador = "ambassador"
    senator = "senator"
    mp = "mp"
    other = "other"


class Official(_Record):
    """A person in public office, linked across all mentions in one document."""

    name: str = Field(description="Fullest form of the name in the document")
    canonical_name: str | None = Field(default=None, description="From the officials gazetteer when linked")
    surname: str | None = None
    given_name: str | None = None
    patronymic: str | None = None
    title: str | None = Field(default=None, description="As written nearest the first full mention")
    role: Role = Role.other
    organization: str | None = None
    region_iso: str | None = None
    mentions: list[Mention] = Field(min_length=1)


class TargetAction(StrEnum):
    build = "build"
    open = "open"
    create = "create"
    increase = "increase"
    reduce = "reduce"
    cover = "cover"
    provide = "provide"
    modernise = "modernise"
    other = "other"


class Target(Mention):
    """A planned quantity with its deadline; ``text`` covers the number and its unit phrase."""

    value: float
    is_percentage: bool = False
    unit: str | None = None
    action: TargetAction = TargetAction.other
    year: int | None = None
    deadline: DateMention | None = None
    baseline: float | None = None
    qualifier: Qualifier = Qualifier.exact
    range: RangeEnd | None = None
    sentence_start: int = Field(ge=0)
    sentence_end: int = Field(ge=0)


class Extractor(_Record):
    """What produced a record: re-running with a different fingerprint may give different facts."""

    name: Literal["govextract"] = "govextract"
    version: str
    fingerprint: str = Field(description="Hash of the pipeline config, pattern files and model weights")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class PressRelease(_Record):
    record: Literal["press_release"] = "press_release"
    schema_version: str = SCHEMA_VERSION
    extractor: Extractor
    doc_id: str
    source: str | None = None
    title: str | None = None
    published: date | None = None
    text: str
    text_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    officials: list[Official] = Field(default_factory=list)
    regions: list[Region] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    percentages: list[Percentage] = Field(default_factory=list)
    amounts: list[MoneyAmount] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)

    def mentions(self) -> list[Mention]:
        """Every stretch of text this record points at, for checking and highlighting."""
        found: list[Mention] = [*self.percentages, *self.amounts, *self.targets, *self.dates]
        found += [t.deadline for t in self.targets if t.deadline is not None]
        for linked in (*self.officials, *self.regions, *self.places):
            found += linked.mentions
        return found

    @model_validator(mode="after")
    def _traceable(self) -> Self:
        if self.text_sha256 != sha256_text(self.text):
            raise ValueError("text_sha256 is not the SHA-256 of text")
        for m in self.mentions():
            if self.text[m.start : m.end] != m.text:
                raise ValueError(f"{m.text!r} is not at [{m.start}, {m.end}) of the text")
        return self


class ErrorKind(StrEnum):
    unreadable = "unreadable"
    not_utf8 = "not_utf8"
    empty = "empty"
    invalid_json = "invalid_json"
    too_large = "too_large"
    unsupported_language = "unsupported_language"
    component_failed = "component_failed"
    duplicate_id = "duplicate_id"
    not_stored = "not_stored"  # the output refused the document (PostgreSQL refuses NUL characters in text)


class ExtractionError(_Record):
    """A document that gave no records, and why. Shared by the library, the CLI and every sink."""

    record: Literal["error"] = "error"
    schema_version: str = SCHEMA_VERSION
    doc_id: str | None = None
    source: str | None = None
    line: int | None = Field(default=None, ge=1, description="1-based line of a JSONL input")
    kind: ErrorKind
    message: str


def json_schema() -> dict[str, object]:
    """JSON Schema of the two line types govextract writes."""
    from pydantic.json_schema import models_json_schema

    _, schema = models_json_schema(
        [(PressRelease, "serialization"), (ExtractionError, "serialization")],
        title="govextract records",
    )
    return schema
