"""The implementation plan as a PDF for the director: WeasyPrint, A4 landscape, grouped like the screen.

The document is self-contained (inline CSS, system DejaVu fonts), and the fetcher refuses every URL but data:, so
rendering never reaches the network or the file system whatever a title contains.
"""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kokybe.lib.pdf import render_pdf

from .plan import GroupBy, PlanFilterForm, group_actions, owner_memberships, plan_actions, prepare_rows, unit_tree

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


def plan_pdf_for(org, params, progress=None):
    """The plan PDF of `org` with the plan page's filters (`params`, a QueryDict): (number of actions, bytes).

    What the plan page's PDF download and its background export share. `progress(step, label)` hears about the three
    steps: collecting the actions, laying out the pages (nearly all the time), writing the file. Raises
    ValidationError past MAX_ACTIONS."""

    def step(n, label):
        if progress is not None:
            progress(n, label)

    step(1, gettext_lazy("Collecting the actions"))
    tree = unit_tree(org)
    form = PlanFilterForm(params or None, org=org, members=list(owner_memberships(org)), tree=tree)
    today = timezone.localdate()
    rows = prepare_rows(form.filter(plan_actions(org), today), org, today)
    if len(rows) > MAX_ACTIONS:
        raise ValidationError(
            _(
                "A PDF can hold at most %(max)s actions (this selection has %(n)s). Narrow the filters, "
                "or download the XLSX file, which holds any number."
            )
            % {"max": MAX_ACTIONS, "n": len(rows)}
        )
    groups, overall = group_actions(rows, form.group_by, tree=tree, today=today)
    html = plan_html(
        org=org,
        groups=groups,
        overall=overall,
        filters=form.applied(),
        today=today,
        group_label=dict(GroupBy.choices)[form.group_by],
    )
    step(2, gettext_lazy("Laying out the pages"))
    content = render_pdf(html, laid_out=lambda pages: step(3, gettext_lazy("Writing the PDF file")))
    return len(rows), content
