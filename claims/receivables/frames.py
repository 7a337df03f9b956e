"""The ledger's figures on DataFrames (pure pandas and numpy: no database). Days are whole
numbers (days since 1970-01-01), money integer hundredths (int64), never float.

- Ageing: each line's days past due at `as_of` (as_of − due date) puts it in a bucket:
  not due (0 or less), 1-30, 31-60, 61-90, over 90.
- Deadline warnings: an invoice's MEP expiry or notification deadline from today to 14 days
  ahead. Both dates are the indemnity engine's (`mep_expiry`, `notification_deadline`): a fixed
  number of days after the due date under the policy's terms, which `DeadlineOffsets` asks the
  engine for once and applies to every line.
- Terms over MCT: payment terms (due − invoice date) longer than the maximum credit period.
- After a stop: delivered on or after the day cover for new deliveries to the buyer stopped
  (its `stop` day, when it has one), or when its limit had ended (`ended`, decided outside).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import pandas as pd

from claims.indemnity import Invoice, mep_expiry, notification_deadline
from underwriting.policies.terms import PolicyTerms

BUCKETS = ("not_due", "1-30", "31-60", "61-90", "over_90")
_EDGES = [0, 30, 60, 90]  # the last day past due of each bucket but the last
WARN_WITHIN = 14
"""Days ahead that an MEP expiry or a notification deadline is warned about."""
MEP_EXPIRY, NOTIFICATION_DEADLINE = "mep_expiry", "notification_deadline"
TERMS_OVER_MCT, AFTER_STOP = "terms_over_mct", "after_stop"
DEADLINE_KINDS = (MEP_EXPIRY, NOTIFICATION_DEADLINE)
KINDS = (MEP_EXPIRY, NOTIFICATION_DEADLINE, TERMS_OVER_MCT, AFTER_STOP)
LINE_COLUMNS = ["buyer_id", "invoice_number", "invoice_day", "delivery_day", "due_day", "amount"]
WARNING_COLUMNS = ["buyer_id", "kind", "invoice_number", "due_day", "days_left"]
EPOCH = dt.date(1970, 1, 1)


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def day_of(number: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(number))


def day_numbers(column: pd.Series) -> np.ndarray:
    """Dates as the driver hands them over (SQLite: ISO text, which numpy parses at once;
    PostgreSQL: dates, which pandas converts faster) as days."""
    values = column.to_numpy()
    if len(values) and isinstance(values[0], str):
        days: np.ndarray = np.array(values, dtype="datetime64[D]").astype(np.int64)
    else:
        days = pd.to_datetime(column).to_numpy(dtype="datetime64[D]").astype(np.int64)
    return days


@dataclass(frozen=True)
class DeadlineOffsets:
    """Days from an invoice's due date to its MEP expiry and to its notification deadline,
    and the maximum credit period, under one version of the policy's terms."""

    mep_expiry: int
    notification_deadline: int
    max_credit_days: int

    @classmethod
    def of(cls, terms: PolicyTerms) -> DeadlineOffsets:
        due = dt.date(2000, 1, 1)
        probe = Invoice(number="-", invoice_date=due, delivery_date=due, due_date=due,
                        amount=Decimal(1))
        return cls((mep_expiry(probe, terms) - due).days,
                   (notification_deadline(probe, terms) - due).days,
                   terms.max_credit_period_days)


def ageing(lines: pd.DataFrame, as_of: int) -> pd.DataFrame:
    """Per buyer (the index), the open balance and the amount in each bucket (int64)."""
    bucket = np.digitize(as_of - lines["due_day"].to_numpy(), _EDGES, right=True)
    summed = (lines.assign(bucket=bucket).groupby(["buyer_id", "bucket"])["amount"].sum()
              .unstack(fill_value=0).reindex(columns=range(len(BUCKETS)), fill_value=0))
    summed.columns = list(BUCKETS)
    summed["open_balance"] = summed[list(BUCKETS)].sum(axis=1)
    return summed.astype("int64")


def oldest_lapsed(lines: pd.DataFrame, as_of: int, offsets: DeadlineOffsets) -> pd.Series:
    """Per buyer with one, the line (its index) whose MEP expired first before `as_of`: a line
    in the ledger is unpaid, so from that day cover for new deliveries to the buyer stopped."""
    passed = lines[lines["due_day"] + offsets.mep_expiry < as_of]
    return passed.groupby("buyer_id")["due_day"].idxmin()


def warnings(
    lines: pd.DataFrame, as_of: int, offsets: DeadlineOffsets, stop: pd.Series,
    ended: np.ndarray, notified: np.ndarray | None = None,
) -> pd.DataFrame:
    """Every warning on every line: (buyer_id, kind, invoice_number, due_day, days_left).
    `stop` is each buyer's stop day (buyers without one absent); `ended` marks the lines
    delivered when the buyer's limit had ended; `notified` the lines whose overdue was
    notified already, which have no deadline left to meet. `due_day` is the day the warning
    is about."""
    waiting = lines if notified is None else lines[~notified]
    found = [_deadline(waiting, as_of, waiting["due_day"] + offsets.mep_expiry, MEP_EXPIRY),
             _deadline(waiting, as_of, waiting["due_day"] + offsets.notification_deadline,
                       NOTIFICATION_DEADLINE)]
    over = lines[(lines["due_day"] - lines["invoice_day"]) > offsets.max_credit_days]
    found.append(_of(over, TERMS_OVER_MCT, over["due_day"]))
    stopped = lines["delivery_day"] >= lines["buyer_id"].map(stop).fillna(np.iinfo(np.int64).max)
    after = lines[stopped.to_numpy() | ended]
    found.append(_of(after, AFTER_STOP, after["due_day"]))
    frame = pd.concat([part for part in found if not part.empty] or [found[0]],
                      ignore_index=True)
    # by buyer, day and kind; lines of a day in the ledger's order (a stable sort on numbers)
    order = np.lexsort((frame["kind"].map({kind: n for n, kind in enumerate(KINDS)}).to_numpy(),
                        frame["due_day"].to_numpy(), frame["buyer_id"].to_numpy()))
    return frame.iloc[order].reset_index(drop=True)


def _deadline(lines: pd.DataFrame, as_of: int, day: pd.Series, kind: str) -> pd.DataFrame:
    left = day - as_of
    near = (left >= 0) & (left <= WARN_WITHIN)
    return _of(lines[near], kind, day[near], left[near])


def _of(lines: pd.DataFrame, kind: str, day: pd.Series,
        left: pd.Series | None = None) -> pd.DataFrame:
    return pd.DataFrame({
        "buyer_id": lines["buyer_id"].to_numpy(), "kind": kind,
        "invoice_number": lines["invoice_number"].to_numpy(),
        "due_day": day.to_numpy(dtype=np.int64),
        "days_left": (left.to_numpy(dtype=np.int64) if left is not None
                      else np.full(len(lines), -1, dtype=np.int64))},
        columns=WARNING_COLUMNS)
