"""The scorecard's input frame, read from the buyer database with the driver's fast paths.

Payment experience (overdue notifications and claims on a buyer, across all insureds) lives in
a higher layer; it reaches the grade through `experience_sources`, functions that the claims
package registers, so that this package never imports it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from buyers_db.models import STATEMENT_FIELDS
from buyers_db.reference import country_risks, sector_risk

ExperienceSource = Callable[[Session, dt.date], pd.DataFrame]
experience_sources: list[ExperienceSource] = []
"""Each returns a frame indexed by buyer id with `overdue_count` and/or `claim_count`."""

_BUYERS = "SELECT id, country, sector, founded_year, employees FROM buyers WHERE 1 = 1"
_STATEMENTS = (
    "SELECT buyer_id, fiscal_year, period_end, " + ", ".join(STATEMENT_FIELDS)  # noqa: S608
    + " FROM financial_statements WHERE period_end <= '{as_of}'"
)
_EVENTS = (
    "SELECT buyer_id, "
    "SUM(CASE WHEN type = 'insolvency' THEN 1 ELSE 0 END) AS insolvency, "
    "SUM(CASE WHEN type = 'ceased_trading' THEN 1 ELSE 0 END) AS ceased_trading, "
    "SUM(CASE WHEN type = 'litigation' THEN 1 ELSE 0 END) AS litigation_count "
    "FROM legal_events WHERE date <= '{as_of}'"
)


def read_frame(
    session: Session,
    as_of: dt.date,
    buyer_ids: Sequence[int] | None = None,
    *,
    id_range: tuple[int, int] | None = None,
    experience: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per buyer (all, `buyer_ids`, or ids in `id_range`, lowest included, highest not),
    in the columns the scorecard reads. `experience` is `read_experience`'s frame when the
    caller read it already (a cluster's workers get it from the run that started them)."""
    where, day = id_filter(buyer_ids, id_range), as_of.isoformat()
    buyers = read_rows(session, _BUYERS + where("id"),
                       ["id", "country", "sector", "founded_year", "employees"],
                       dtype={"country": str, "sector": str}).set_index("id")
    statements = _latest(read_rows(
        session, _STATEMENTS.format(as_of=day) + where("buyer_id"),
        ["buyer_id", "fiscal_year", "period_end", *STATEMENT_FIELDS]))
    events = read_rows(
        session, _EVENTS.format(as_of=day) + where("buyer_id") + " GROUP BY buyer_id",
        ["buyer_id", "insolvency", "ceased_trading", "litigation_count"])
    frame = buyers.join(statements, how="left").join(events.set_index("buyer_id"), how="left")
    if experience is None:
        experience = read_experience(session, as_of)
    return _features(frame, as_of, experience)


def id_filter(
    buyer_ids: Sequence[int] | None, id_range: tuple[int, int] | None = None
) -> Callable[[str], str]:
    """The condition, ` AND ...` on a column of buyer ids, that keeps `buyer_ids` or the ids
    in `id_range` (lowest included, highest not); nothing for all buyers."""
    if id_range is not None:
        low, high = int(id_range[0]), int(id_range[1])
        return lambda column: f" AND {column} >= {low} AND {column} < {high}"
    if buyer_ids is None:
        return lambda column: ""
    listed = ",".join(str(int(i)) for i in buyer_ids) or "NULL"
    return lambda column: f" AND {column} IN ({listed})"


def read_rows(
    session: Session, query: str, columns: list[str], dtype: dict[str, type] | None = None,
    *, exact_floats: bool = False,
) -> pd.DataFrame:
    """Rows through the raw driver: COPY on PostgreSQL, fetchall on SQLite (docs: architecture).
    `dtype` names the columns that are not numbers. With `exact_floats`, a float stored reads
    back as the very same float (slower), for values compared with new ones."""
    raw: Any = session.connection().connection.driver_connection
    if session.get_bind().dialect.name == "postgresql":
        buffer = io.BytesIO()
        with raw.cursor() as cursor, cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
            for block in copy:
                buffer.write(block)
        buffer.seek(0)
        return pd.read_csv(buffer, names=columns, header=None, dtype=dtype,
                           float_precision="round_trip" if exact_floats else None)
    cursor = raw.execute(query)
    return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)


def _latest(statements: pd.DataFrame) -> pd.DataFrame:
    latest = statements.sort_values(["buyer_id", "fiscal_year"]).drop_duplicates(
        "buyer_id", keep="last"
    )
    return latest.set_index("buyer_id").drop(columns="fiscal_year")


def read_experience(session: Session, as_of: dt.date) -> pd.DataFrame:
    """Payment experience of every buyer that has any, from the registered sources."""
    if not experience_sources:  # unwired, a grade would silently ignore payment experience
        raise LookupError("No source of payment experience is connected: wire the application.")
    frames = [source(session, as_of) for source in experience_sources]
    return pd.concat(frames).fillna(0).groupby(level=0).sum()


def _features(frame: pd.DataFrame, as_of: dt.date, experience: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for name in STATEMENT_FIELDS:
        out[name] = pd.to_numeric(frame[name], errors="coerce").astype(float)
    period_end = pd.to_datetime(frame["period_end"], errors="coerce")
    days = (pd.Timestamp(as_of) - period_end).dt.days
    out["statement_age_months"] = days / 30.4375
    crc = {code: risk.crc for code, risk in country_risks().items()}
    out["country_crc"] = frame["country"].map(crc).astype(float)
    sectors = {code: sector_risk(code) for code in frame["sector"].dropna().unique()}
    out["sector_risk"] = frame["sector"].map(sectors).astype(float)
    out["age_years"] = as_of.year - pd.to_numeric(frame["founded_year"], errors="coerce")
    out["employees"] = pd.to_numeric(frame["employees"], errors="coerce").astype(float)
    for name in ("insolvency", "ceased_trading"):
        out[name] = pd.to_numeric(frame[name], errors="coerce").fillna(0) > 0
    litigation = pd.to_numeric(frame["litigation_count"], errors="coerce")
    out["litigation_count"] = litigation.fillna(0).astype(np.int64)
    for name in ("overdue_count", "claim_count"):
        column = experience[name] if name in experience else pd.Series(dtype=float)
        out[name] = column.reindex(out.index).fillna(0).astype(np.int64)
    return out
