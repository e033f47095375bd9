"""An individual plan as a document the person keeps: DOCX and PDF, in the standard or the easy-read form (large
type, short sentences, one goal a block, no table). Names the person by reference only: whoever prints it may write
the name in by hand."""

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kokybe.lib import docx, pdf

from .models import GAS_LEVELS


def _context(plan, easy):
    goals = list(plan.goals.all())
    reviews = list(plan.reviews.prefetch_related("levels").order_by("reviewed_on", "pk"))
    latest = reviews[-1] if reviews else None
    reached = {lv.goal_id: lv.level for lv in latest.levels.all()} if latest else {}
    return {
        "plan": plan,
        "person": plan.service_user,
        "org": plan.org,
        "goals": [(goal, goal.level_texts(), reached.get(goal.pk)) for goal in goals],
        "latest": latest,
        "staff": list(plan.staff.all()),
        "easy": easy,
    }


def _title(plan, easy):
    if easy:
        return _("My plan")
    return _("Individual plan %(reference)s, version %(version)s") % {
        "reference": plan.service_user.reference,
        "version": plan.version,
    }


def plan_pdf(plan, *, easy, lang):
    context = _context(plan, easy) | {"title": _title(plan, easy), "levels": GAS_LEVELS}
    return pdf.render_pdf(render_to_string("people/pdf/plan.html", context))


def plan_docx(plan, *, easy, lang):
    from docx.shared import Pt

    context = _context(plan, easy)
    doc = docx.document(title=_title(plan, easy), lang=lang)
    if easy:
        doc.styles["Normal"].font.size = Pt(16)
    doc.add_heading(_title(plan, easy), level=1)
    doc.add_paragraph(
        _("Reference: %(reference)s. From %(start)s; we look at it again on %(review)s.")
        % {
            "reference": plan.service_user.reference,
            "start": plan.starts_on.isoformat(),
            "review": plan.review_on.isoformat(),
        }
    )
    for index, (goal, levels, reached) in enumerate(context["goals"], start=1):
        if easy:
            doc.add_heading(_("Goal %(n)s: %(goal)s") % {"n": index, "goal": goal.title}, level=2)
            doc.add_paragraph(_("It is good when: %(text)s") % {"text": goal.level_0})
            if goal.level_plus1:
                doc.add_paragraph(_("Even better when: %(text)s") % {"text": goal.level_plus1})
            continue
        doc.add_heading(_("Goal %(n)s: %(goal)s") % {"n": index, "goal": goal.title}, level=2)
        doc.add_paragraph(
            _("Domain: %(domain)s. Weight: %(weight)s. Level now: %(baseline)s.")
            % {"domain": goal.get_domain_display(), "weight": goal.weight, "baseline": goal.baseline}
        )
        rows = [(f"{level:+d}" if level else "0", text or "—") for level, text in levels]
        docx.table(doc, [_("Level"), _("What it looks like")], rows)
        if reached is not None:
            doc.add_paragraph(_("Level reached at the last review: %(level)s") % {"level": f"{reached:+d}"})
    return docx.save(doc)
