"""The implementation plan as a PDF for the director: WeasyPrint, A4 landscape, grouped like the screen.

The document is self-contained (inline CSS, system DejaVu fonts), and the fetcher refuses every URL but data:, so
rendering never reaches the network or the file system whatever a title contains.
"""

from django.template.loader import render_to_string

from kokybe.lib.pdf import render_pdf

# WeasyPrint lays out about 50 rows a second; 1,000 actions (about 60 pages) stay well inside a request timeout.
MAX_ACTIONS = 1000


def plan_html(*, org, groups, overall, filters, today, group_label):
    return render_to_string(
        "actions/pdf/plan.html",
        {
            "org": org,
            "groups": groups,
            "overall": overall,
            "filters": filters,
            "today": today,
            "group_label": group_label,
        },
    )


def plan_pdf(*, org, groups, overall, filters, today, group_label):
    return render_pdf(
        plan_html(org=org, groups=groups, overall=overall, filters=filters, today=today, group_label=group_label)
    )
