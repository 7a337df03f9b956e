"""The bad-input catalogue, generated from an endpoint's body schema and a valid example body.

Each entry changes one thing in the example: the JSON itself (malformed, not an object), a
missing required field, or one field's value (wrong type; negative, zero, enormous or too
precise amounts; impossible dates; unknown codes; Chinese, emoji or SQL where only a code or a
number belongs). A field kind without mutations here fails `mutations_of`, so a new kind of
field gets its bad values before it gets an endpoint.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, fields, validate

from core.fields import Money, Rate
from underwriting.premium.schemas import Month

SQL = "'; DROP TABLE buyers; --"
CHINESE = "中华人民共和国"
EMOJI = "💰🚢"
HUGE_NUMBER = 10**30
# What a hostile client sends (a security review's findings): each must be a clear 4xx, never a
# 500, and never stored. Text the databases or spreadsheets cannot hold; money forms that
# Decimal takes but the contract does not; dates where calendar arithmetic overflows.
HOSTILE_TEXT = [("NUL", "a\x00b"), ("a lone surrogate", "a\ud800b"),
                ("a control character", "a\u0001b"), ("a vertical tab", "a\u000bb")]
HOSTILE_MONEY = [("exponent", "1e5"), ("an exponent past any number", "1e999999999"),
                 ("full-width digits", "１００"), ("underscores", "1_000.00"),
                 ("a leading space", " 100"), ("beyond what is exact", "1234567890123456.78")]
HOSTILE_DATES = [("the calendar's first day", "0001-01-01"), ("its last", "9999-12-31")]
HOSTILE_EMAILS = [("NUL", "a\x00b@example.test"), ("310 characters", "a" * 297 + "@example.test"),
                  ("a lone surrogate", "a\ud800@example.test"),
                  ("100,000 characters", "a" * 100_000 + "@example.test")]
HUGE_ID = 99999999999999999999
DEEP = b"[" * 100_000 + b"]" * 100_000


@dataclass(frozen=True)
class Bad:
    what: str
    body: Any = None
    raw: bytes | None = None
    content_type: str = "application/json"
    field: str | None = None  # the field the error names (its top-level key)


def catalogue(schema: Schema, example: dict[str, Any]) -> list[Bad]:
    """Every bad variant of `example` for `schema`."""
    found = [
        Bad("malformed JSON", raw=b'{"amount": "12', field=None),
        Bad("invalid UTF-8", raw=b'{"name": "\xff\xfe"}'),
        Bad("a JSON array", body=[example]),
        Bad("a JSON string", body="amount=12"),
        Bad("JSON null", raw=b"null"),
        Bad("a form instead of JSON", raw=b"amount=12", content_type="application/x-www-form-"
            "urlencoded"),
        Bad("an unknown field", body={**example, "surprise": SQL}, field="surprise"),
        Bad("JSON nested 100,000 deep", raw=DEEP),
        Bad("an object nested 100,000 deep", raw=b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
    ]
    required = [name for name, f in _loadable(schema) if f.required]
    if required:
        found.append(Bad("an empty object", body={}, field=required[0]))
    for name in required:
        found.append(Bad(f"{name} missing", body=_without(example, name), field=name))
    for name, field in _loadable(schema):
        for what, value in mutations_of(field, name):
            found.append(Bad(f"{name}: {what}", body={**example, name: value}, field=name))
        if isinstance(field, fields.Nested) and isinstance(example.get(name), dict):
            found += _nested(field, name, example)
    return found


def _nested(field: fields.Nested, name: str, example: dict[str, Any]) -> list[Bad]:
    inner_schema = field.schema
    inner = example[name]
    found = [Bad(f"{name}: an unknown key", body={**example, name: {**inner, "surprise": 1}},
                 field=name)]
    for inner_name, inner_field in _loadable(inner_schema):
        for what, value in mutations_of(inner_field, inner_name):
            found.append(Bad(f"{name}.{inner_name}: {what}",
                             body={**example, name: {**inner, inner_name: value}}, field=name))
    return found


def _loadable(schema: Schema) -> Iterator[tuple[str, fields.Field[Any]]]:
    for name, field in schema.fields.items():
        if not field.dump_only:
            yield field.data_key or name, field


def _without(example: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in example.items() if k != name}


def mutations_of(field: fields.Field[Any], name: str) -> list[tuple[str, Any]]:
    """(what is wrong, the value) for one field, by its kind."""
    kind = type(field)
    if isinstance(field, Money):
        return _money(field)
    if isinstance(field, Rate):
        return [*HOSTILE_MONEY[:5], ("a JSON number", 5), ("not a number", "five"), ("too precise",
                f"1.{'1' * (field.places + 1)}"), ("below the minimum", str(field.minimum - 1)),
                ("enormous", "9" * 40), ("Chinese", CHINESE)]
    if isinstance(field, Month):
        return [("year 0", "0000-01"), ("year 9999", "9999-12"),
                ("no such month", "2026-13"), ("a day", "2026-03-01"), ("a number", 202603),
                ("Chinese", "二〇二六年三月"), ("emoji", EMOJI), ("SQL", SQL)]
    if isinstance(field, fields.Enum):
        return [("not a choice", "nonsense"), ("Chinese", CHINESE), ("SQL", SQL),
                ("a number", 1)]
    if isinstance(field, fields.Integer):
        return _integer(field)
    if isinstance(field, fields.Email):
        return [("not an email", "not-an-email"), ("emoji", f"{EMOJI}@"), ("a number", 12),
                ("SQL", f"{SQL}@example.test"), *HOSTILE_EMAILS]
    if isinstance(field, fields.Date):
        return [*HOSTILE_DATES, ("no such day", "2026-02-30"), ("another format", "01/03/2026"),
                ("a number", 20260301), ("Chinese", "二〇二六年三月一日"), ("emoji", EMOJI)]
    if isinstance(field, fields.Boolean):
        return [("a word", "yes"), ("Chinese", CHINESE), ("a list", [True])]
    if isinstance(field, fields.String):
        return _string(field, name)
    if isinstance(field, fields.List):
        return [("not a list", "CLF"), ("a list of objects", [{"a": 1}]), ("too long", ["x"] * 300)]
    if isinstance(field, fields.Nested):
        return [("not an object", "x"), ("a list", [])]
    raise AssertionError(f"No bad values for {kind.__name__} ({name}): add them to bad_inputs.py")


def _money(field: Money) -> list[tuple[str, Any]]:
    bad: list[tuple[str, Any]] = [
        ("a JSON number", 12.5), ("not a number", "twelve"), ("NaN", "NaN"),
        ("infinite", "Infinity"), ("too many decimals", "12.345"),
        ("enormous", "99999999999999999999.00"), ("exponent notation", "1E+30"),
        ("Chinese", "一百"), ("emoji", EMOJI), ("SQL", SQL), ("a list", ["1.00"]),
        *HOSTILE_MONEY,
    ]
    if not field.signed:
        bad.append(("negative", "-1.00"))
    if not field.allow_zero:
        bad.append(("zero", "0.00"))
    return bad


def _integer(field: fields.Integer) -> list[tuple[str, Any]]:
    bad: list[tuple[str, Any]] = [("a fraction", 1.5), ("enormous", HUGE_NUMBER),
                                  ("past any id", HUGE_ID),
                                  ("negative", -1), ("Chinese", CHINESE), ("a list", [1])]
    if field.strict:
        bad.append(("a string", "12"))
    return bad


def _string(field: fields.String, name: str) -> list[tuple[str, Any]]:
    bad: list[tuple[str, Any]] = [("a number", 12), ("a list", ["x"]), ("an object", {"a": 1}),
                                  *HOSTILE_TEXT]
    lengths = [v for v in field.validators if isinstance(v, validate.Length)]
    longest = min((v.max for v in lengths if v.max is not None), default=None)
    exact = next((v.equal for v in lengths if v.equal is not None), None)
    if longest is not None:
        bad.append(("too long in Chinese", "字" * (longest + 1)))
    if exact is not None or _constrained(field):
        bad += [("Chinese", CHINESE[: exact or 7]), ("emoji", EMOJI[: exact or 2]),
                ("SQL", SQL[: exact] if exact else SQL)]
    if name == "currency":
        bad += [("an unknown currency", "ABC"), ("not a code", "€")]
    if any(isinstance(v, validate.Length) and (v.min or 0) >= 1 for v in field.validators):
        bad.append(("empty", ""))
    return bad


def _constrained(field: fields.String) -> bool:
    """A code, not free text: it only accepts a pattern or a list of values."""
    return any(isinstance(v, validate.Regexp | validate.OneOf) for v in field.validators)
