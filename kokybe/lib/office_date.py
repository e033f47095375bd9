"""Dates as formal documents write them: "2026 m. gruodžio 7 d." in Lithuanian (the month in the genitive, as the
Lithuanian rules for documents ask), "7 December 2026" in English. Tables and the UI keep 2026-12-07."""

from datetime import date

from django.utils import translation

# Month names in the genitive: "gruodžio 7 d." (of December, the 7th day).
LT_MONTHS = (
    "sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio",
    "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio",
)  # fmt: skip
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def office_date(value: date | None, lang: str | None = None) -> str:
    if value is None:
        return ""
    lang = (lang or translation.get_language() or "lt")[:2]
    if lang == "lt":
        return f"{value.year} m. {LT_MONTHS[value.month - 1]} {value.day} d."
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"
