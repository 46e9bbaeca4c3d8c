"""Practice time zone and daylight-saving rules: local wall-clock time <-> UTC instants (zoneinfo).

Policy (what the calendar does around daylight-saving changes):

* Appointments are stored as UTC instants plus the practice time zone; working hours, blockouts and
  recurring series are local wall-clock times, converted day by day. A weekly 9:00 AM visit therefore
  stays at 9:00 AM local on both sides of a change, and nothing moves when the clocks do.
* Spring forward: a local time inside the skipped hour (2:00-2:59 AM in the US) does not exist; booking
  it is refused with a message that names the first valid time. Nothing is silently moved.
* Fall back: a local time in the repeated hour (1:00-1:59 AM in the US) happens twice. The ``fold``
  attribute of the naive datetime decides: fold=0 (Python's default) is the FIRST occurrence (still
  daylight time), fold=1 the second (standard time). Callers who mean the second pass fold=1.
* Boundaries of working hours and blockouts that fall in a gap start at the end of the gap; in a
  repeated hour an interval's start takes the first occurrence and its end the second (the widest).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontdesk.domain.time_entry import format_time
from frontdesk.errors import ValidationError

DEFAULT_TIME_ZONE = "America/New_York"
# Appointments outside these years are typing mistakes (01/01/0001, 12/31/9999), not bookings.
MIN_YEAR = 1970
MAX_YEAR = 2199


def utc_now() -> datetime:
    """The current instant (aware, UTC); the one clock the scheduling services read (tests patch it)."""
    return datetime.now(UTC)


def practice_now(tz: ZoneInfo) -> datetime:
    """The current instant as the practice's wall clock shows it (aware, in ``tz``), whatever the workstation's zone."""
    return utc_now().astimezone(tz)


def practice_today(tz: ZoneInfo) -> date:
    """Today's date at the practice (its time zone), never the workstation's."""
    return practice_now(tz).date()


class PracticeClock:
    """The practice's clock for code that shows or defaults dates (the UI keeps one per open practice).

    ``now()`` and ``today()`` read :func:`utc_now` (so a frozen test clock moves it too) in ``tz``.
    """

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz

    def now(self) -> datetime:
        return practice_now(self.tz)

    def today(self) -> date:
        return practice_today(self.tz)


@functools.lru_cache(maxsize=32)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone(name: str, field: str = "time_zone") -> ZoneInfo:
    """The ZoneInfo for an IANA name such as 'America/Chicago'; a clear error for anything else."""
    text = (name or "").strip() if isinstance(name, str) else ""
    if not text or text.startswith(("/", ".")) or ".." in text or len(text) > 64:
        raise ValidationError(field, "Time zone must be an IANA name such as America/New_York.")
    try:
        return _zone(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValidationError(field, f"Unknown time zone {text!r}; use a name such as America/New_York.") from None


def _describe(local: datetime) -> str:
    return local.strftime("%m/%d/%Y ") + format_time(local)


def check_year(value: date | datetime, field: str) -> None:
    """Refuse dates no practice books (year 1, year 9999, ...) before any arithmetic overflows."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(field, f"The year {value.year} is not a valid appointment year "
                                     f"({MIN_YEAR}-{MAX_YEAR}); check the date.")


def is_nonexistent(local: datetime, tz: ZoneInfo) -> bool:
    """True for a wall-clock time skipped by a spring-forward change (e.g. 2:30 AM that day)."""
    aware = local.replace(tzinfo=tz)
    round_trip = aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return round_trip != local.replace(tzinfo=None, fold=0)


def is_ambiguous(local: datetime, tz: ZoneInfo) -> bool:
    """True for a wall-clock time that happens twice on a fall-back day (e.g. 1:30 AM that day)."""
    naive = local.replace(tzinfo=None)
    return (naive.replace(fold=0, tzinfo=tz).utcoffset() != naive.replace(fold=1, tzinfo=tz).utcoffset()
            and not is_nonexistent(naive, tz))


def to_utc(value: datetime, tz: ZoneInfo, field: str = "start") -> datetime:
    """A booking time as a UTC instant.

    Naive values are wall-clock times in ``tz``: a time skipped by spring-forward is refused, a repeated
    fall-back time follows its ``fold`` (0 = first occurrence). Aware values are converted as they are.
    """
    if not isinstance(value, datetime):
        raise ValidationError(field, "Choose a date and a time.")
    check_year(value, field)
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    if is_nonexistent(value, tz):
        gap_end = first_valid_after(value, tz)
        raise ValidationError(field, f"{_describe(value)} does not exist in {tz.key}: the clocks jump forward "
                                     f"for daylight saving time that night. Choose {_describe(gap_end)[11:]} or later.")
    return value.replace(tzinfo=tz).astimezone(UTC)


def first_valid_after(local: datetime, tz: ZoneInfo) -> datetime:
    """The first existing wall-clock minute at or after ``local`` (the end of a spring-forward gap)."""
    candidate = local.replace(tzinfo=None, fold=0, second=0, microsecond=0)
    for _ in range(24 * 60):  # gaps are an hour (at most a day in odd historic zones)
        if not is_nonexistent(candidate, tz):
            break
        candidate += timedelta(minutes=1)
    return candidate


def to_local(instant: datetime, tz: ZoneInfo) -> datetime:
    """A stored UTC instant as an aware wall-clock time in the practice time zone."""
    return instant.astimezone(tz)


def wall_to_utc(day: date, at: time, tz: ZoneInfo, *, edge: str = "start") -> datetime:
    """An interval boundary (working hours, blockouts) as UTC, never refusing.

    A boundary inside a spring-forward gap moves to the end of the gap. In a repeated fall-back hour a
    start takes the first occurrence and an end (``edge='end'``) the second, so no working time is lost.
    """
    naive = datetime.combine(day, at)
    if is_nonexistent(naive, tz):
        naive = first_valid_after(naive, tz)
    fold = 1 if edge == "end" and is_ambiguous(naive, tz) else 0
    return naive.replace(fold=fold, tzinfo=tz).astimezone(UTC)


def day_bounds_utc(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[local midnight, next local midnight) of ``day`` as UTC instants (23 or 25 hours on change days)."""
    return wall_to_utc(day, time(0), tz), wall_to_utc(day + timedelta(days=1), time(0), tz)


def local_date(instant: datetime, tz: ZoneInfo) -> date:
    """The practice-local calendar date of a UTC instant."""
    return instant.astimezone(tz).date()


def minutes_between(start: datetime, end: datetime) -> int:
    """Real elapsed minutes between two aware instants (a 1:00-3:00 AM visit on spring-forward day is 60)."""
    return int((end - start).total_seconds() // 60)
