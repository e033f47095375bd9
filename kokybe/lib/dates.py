"""Dates as formal documents write them. Tables and the UI write `2026-12-07`; an approval stamp, minutes or a
letter write the Lithuanian office form "2026 m. gruodžio 7 d." (the month in the genitive) or, in English,
"7 December 2026". Templates use the `formal_date` filter (`{% load formal %}`).

Django's own month names cannot do this: in Lithuanian its "F" format gives the nominative ("gruodis"), and "E" the
genitive only in some locales' formats.
"""

from datetime import date, datetime

from django.utils import timezone, translation

LT_MONTHS_GENITIVE = (
    "sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio",
    "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio",
)  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def formal_date(value: date | datetime | None, lang: str | None = None) -> str:
    """The date in the active (or given) language's formal form; "" for no date."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    lang = (lang or translation.get_language() or "lt")[:2]
    if lang == "lt":
        return f"{value.year} m. {LT_MONTHS_GENITIVE[value.month - 1]} {value.day} d."
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"


VILNIUS = "Europe/Vilnius"


def local_day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[start, end) moments of the Europe/Vilnius days `first`..`last`: what a computed result (kokybe.surfaces
    result_sources) counts a timestamp by, whatever TIME_ZONE the server runs in. Filter with `__gte` start and
    `__lt` end: a record at 23:30 UTC on 31 March is on 1 April in Vilnius."""
    from datetime import time, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(VILNIUS)
    return (
        datetime.combine(first, time.min, tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )


def local_date(moment: datetime) -> date:
    """The Europe/Vilnius date of an aware moment."""
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(VILNIUS)).date()
