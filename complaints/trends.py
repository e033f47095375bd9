"""The register's figures: per year (three years side by side), per period (the computed KPIs), and the XLSX.

Everything here is counts and shares: no names, no contact details, no free text. Rates per 100 service users count
the organisation's pseudonymous service users (people.ServiceUser) who received a service at some time in the period;
the services' own yearly numbers are not kept (one source of the denominator, and it is the one the results app and
safeguarding use too).
"""

from collections import Counter
from datetime import date, datetime, time, timedelta
from statistics import median

from django.db.models import Q
from django.utils.translation import gettext as _

from kokybe import surfaces
from kokybe.lib import xlsx
from kokybe.lib.workdays import VILNIUS
from people.models import ServiceUser

from .deadlines import days_taken
from .models import Category, Channel, Complaint, Conclusion, Kind

YEARS = 3
# A figure counted from fewer entries than this is not published (the public page): too few to stay anonymous.
PUBLIC_MINIMUM = 5
JUDGED = (Conclusion.UPHELD, Conclusion.PARTLY, Conclusion.NOT_UPHELD)


def _bounds(first, last):
    start = datetime.combine(first, time.min, tzinfo=VILNIUS)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=VILNIUS)
    return start, end


def entries(org, first, last):
    """The period's entries as plain rows (one query, plus one for their categories)."""
    start, end = _bounds(first, last)
    rows = list(
        Complaint.objects.for_org(org)
        .filter(received_at__gte=start, received_at__lt=end)
        .values(
            "pk",
            "kind",
            "channel",
            "received_at",
            "decision_due",
            "decided_on",
            "conclusion",
            "root_cause__name",
            "service__name",
            "status",
            "severity",
        )
    )
    top = {}
    for category in Category.objects.for_org(org).select_related("parent"):
        top[category.pk] = category.parent.name if category.parent_id else category.name
    through = Complaint.categories.through.objects.filter(complaint_id__in=[r["pk"] for r in rows])
    cats = {}
    for complaint_id, category_id in through.values_list("complaint_id", "category_id"):
        cats.setdefault(complaint_id, set()).add(top.get(category_id, ""))
    for row in rows:
        row["received_on"] = row["received_at"].astimezone(VILNIUS).date()
        row["categories"] = sorted(cats.get(row["pk"], ()))
    return rows


def service_users(org, first, last):
    """Service users who received a service at some time between `first` and `last`."""
    return (
        ServiceUser.objects.for_org(org)
        .filter(started__lte=last)
        .filter(Q(ended__isnull=True) | Q(ended__gte=first))
        .count()
    )


def figures(rows, users=None):
    """The period's figures from its rows; shares are percentages, None where there is nothing to count."""
    kinds = Counter(r["kind"] for r in rows)
    complaints = [r for r in rows if r["kind"] == Kind.COMPLAINT]
    with_term = [r for r in rows if r["kind"] != Kind.COMPLIMENT and r["decided_on"] and r["decision_due"]]
    on_time = sum(1 for r in with_term if r["decided_on"] <= r["decision_due"])
    judged = [r for r in complaints if r["conclusion"] in JUDGED]
    upheld = sum(1 for r in judged if r["conclusion"] in (Conclusion.UPHELD, Conclusion.PARTLY))
    days = [days_taken(r["received_on"], r["decided_on"]) for r in with_term]
    return {
        "total": len(rows),
        "kinds": {k: kinds.get(k, 0) for k in Kind.values},
        "channels": Counter(r["channel"] for r in rows),
        "categories": Counter(c for r in complaints for c in r["categories"]),
        "services": Counter(r["service__name"] or "" for r in complaints),
        "root_causes": Counter(r["root_cause__name"] for r in complaints if r["root_cause__name"]),
        "decided": len(with_term),
        "on_time": on_time,
        "on_time_share": round(100 * on_time / len(with_term), 1) if with_term else None,
        "judged": len(judged),
        "upheld": upheld,
        "upheld_share": round(100 * upheld / len(judged), 1) if judged else None,
        "median_days": median(days) if days else None,
        "users": users,
        "per_100": round(100 * kinds.get(Kind.COMPLAINT, 0) / users, 1) if users else None,
    }


def year_figures(org, year):
    first, last = date(year, 1, 1), date(year, 12, 31)
    return figures(entries(org, first, last), service_users(org, first, last))


def overview(org, this_year):
    """Three years side by side, oldest first, with the rows of each table the trends page shows."""
    years = list(range(this_year - YEARS + 1, this_year + 1))
    per_year = {year: year_figures(org, year) for year in years}

    def table(key, labels=None):
        names = set()
        for f in per_year.values():
            names |= set(f[key])
        rows = [
            ((labels or {}).get(name, name) or _("Not given"), [per_year[y][key].get(name, 0) for y in years])
            for name in names
        ]
        return sorted(rows, key=lambda r: (-sum(r[1]), str(r[0])))

    tables = {
        "kind_rows": [(label, [per_year[y]["kinds"][value] for y in years]) for value, label in Kind.choices],
        "channel_rows": table("channels", dict(Channel.choices)),
        "category_rows": table("categories"),
        "service_rows": table("services"),
        "cause_rows": table("root_causes")[:5],
    }
    top = max([v for rows in tables.values() for _label, values in rows for v in values] or [0]) or 1
    return {"years": years, "per_year": [per_year[y] for y in years], "chart_top": top, **tables}


def workbook(org, this_year):
    from openpyxl import Workbook

    data = overview(org, this_year)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Figures")[:31]
    xlsx.header(ws, [_("Figure"), *data["years"]])
    per_year = data["per_year"]
    for label, key in (
        (_("Entries"), "total"),
        (_("Complaints per 100 service users"), "per_100"),
        (_("Decided on time, %"), "on_time_share"),
        (_("Median working days to decision"), "median_days"),
        (_("Upheld or partly upheld, %"), "upheld_share"),
    ):
        xlsx.append(ws, [label, *[f[key] for f in per_year]])
    for title, rows in (
        (_("Kind"), data["kind_rows"]),
        (_("Channel"), data["channel_rows"]),
        (_("Category"), data["category_rows"]),
        (_("Service"), data["service_rows"]),
        (_("Root cause"), data["cause_rows"]),
    ):
        xlsx.append(ws, [])
        xlsx.append(ws, [title])
        for label, values in rows:
            xlsx.append(ws, [str(label), *values])
    xlsx.fit_widths(ws)
    # One row per entry, without the person: no names, contacts, texts or people concerned.
    register = wb.create_sheet(_("Register")[:31])
    xlsx.header(
        register,
        [_("Number"), _("Kind"), _("Channel"), _("Received"), _("Service"), _("Categories"), _("Severity"),
         _("Decision due"), _("Decided on"), _("On time"), _("Conclusion"), _("Root cause")],
    )  # fmt: skip
    first = date(data["years"][0], 1, 1)
    queryset = (
        Complaint.objects.for_org(org)
        .filter(received_at__gte=_bounds(first, first)[0])
        .select_related("service", "root_cause")
        .prefetch_related("categories")
        .order_by("received_at")
    )
    for c in queryset:
        on_time = c.decided_in_time()
        xlsx.append(
            register,
            [
                c.number,
                c.get_kind_display(),
                c.get_channel_display(),
                c.received_on,
                c.service.name if c.service else "",
                ", ".join(cat.name for cat in c.categories.all()),
                c.get_severity_display(),
                c.decision_due,
                c.decided_on,
                "" if on_time is None else (_("Yes") if on_time else _("No")),
                c.get_conclusion_display(),
                c.root_cause.name if c.root_cause else "",
            ],
        )
    xlsx.fit_widths(register)
    return xlsx.save(wb)


# The computed KPIs (kokybe.surfaces.result_sources): one figure of a period each.


def _measure(org, first, last, what):
    rows = entries(org, first, last)
    if what == "per_100":
        users = service_users(org, first, last)
        complaints = sum(1 for r in rows if r["kind"] == Kind.COMPLAINT)
        if not users:
            return None
        return surfaces.Measure(round(100 * complaints / users, 2), complaints, users, complaints)
    f = figures(rows)
    if what == "on_time":
        if not f["decided"]:
            return None
        return surfaces.Measure(f["on_time_share"], f["on_time"], f["decided"], f["decided"])
    if what == "upheld":
        if not f["judged"]:
            return None
        return surfaces.Measure(f["upheld_share"], f["upheld"], f["judged"], f["judged"])
    if what == "median_days":
        if f["median_days"] is None:
            return None
        return surfaces.Measure(float(f["median_days"]), records=f["decided"])
    raise ValueError(what)


def per_100(org, first, last):
    return _measure(org, first, last, "per_100")


def on_time(org, first, last):
    return _measure(org, first, last, "on_time")


def upheld(org, first, last):
    return _measure(org, first, last, "upheld")


def median_days(org, first, last):
    return _measure(org, first, last, "median_days")
