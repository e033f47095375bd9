"""Survey campaigns inside an organisation: list, create, distribute (link, QR code, e-mail), paper entry."""

from io import BytesIO

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kokybe.lib import downloads
from kokybe.lib.forms import add_service_errors
from orgs.gate import org_view
from orgs.roles import CONTRIBUTORS, INSIDERS, MANAGERS
from orgs.services import form_save

from . import services
from .analysis import load_questions
from .answering import ResponseForm
from .forms import CampaignForm, InviteForm, PaperForm, version_choices
from .models import Campaign, Channel, Invitation, Response
from .views_instruments import printed_questionnaire


def _campaign(request, pk):
    queryset = Campaign.objects.for_org(request.org).select_related("version__instrument", "programme_campaign")
    return get_object_or_404(queryset, pk=pk)


def _count(model, **extra):
    rows = model.objects.filter(campaign=OuterRef("pk"), **extra).values("campaign").annotate(n=Count("*")).values("n")
    return Subquery(rows, output_field=IntegerField())


def public_link(request, campaign):
    """The open link as this page's visitor reaches the site (settings.SITE_URL is for mail, where no request is)."""
    return request.build_absolute_uri(campaign.public_url())


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_list(request):
    campaigns = (
        Campaign.objects.for_org(request.org)
        .select_related("version__instrument", "programme_campaign__programme")
        .annotate(n_responses=_count(Response), n_invited=_count(Invitation))
    )
    ctx = {"org": request.org, "campaigns": list(campaigns), "can_manage": request.membership.role in MANAGERS}
    return render(request, "surveys/list.html", ctx)


@org_view(roles=MANAGERS)
def campaign_create(request):
    initial = {}
    version = version_choices(request.org).filter(pk=request.GET.get("version") or 0).first()
    if version is not None:
        initial = {"version": version, "title": f"{version.instrument.title} {request.GET.get('year', '')}".strip()}
    form = CampaignForm(request.POST or None, org=request.org, initial=initial)
    if form.is_valid():
        data = dict(form.cleaned_data)
        services_, units = data.pop("services"), data.pop("units")
        try:
            campaign = services.campaign_create(
                org=request.org, by=request.user, services=services_, units=units, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The survey has been created. Open it when you are ready to collect answers."))
            return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"org": request.org, "form": form})


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    invitations = Invitation.objects.filter(campaign=campaign).aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(used=True))
    )
    role = request.membership.role
    ctx = {
        "org": request.org,
        "campaign": campaign,
        "responses": Response.objects.filter(campaign=campaign).count(),
        "invited": invitations["invited"],
        "answered_by_invitation": invitations["answered"],
        "public_link": public_link(request, campaign),
        "finished": campaign.is_closed(),
        "services": list(campaign.services.all()),
        "units": list(campaign.units.all()),
        "can_manage": role in MANAGERS,
        "can_enter_paper": role in CONTRIBUTORS,
        "transitions": services.TRANSITIONS.get(campaign.status, ()) if role in MANAGERS else (),
        "collecting": campaign.is_collecting(),
        "invite_form": InviteForm() if role in MANAGERS else None,
    }
    return render(request, "surveys/detail.html", ctx)


@org_view(roles=MANAGERS)
def campaign_edit(request, pk):
    campaign = _campaign(request, pk)
    has_responses = Response.objects.filter(campaign=campaign).exists()
    form = CampaignForm(request.POST or None, instance=campaign, org=request.org, has_responses=has_responses)
    if form.is_valid():
        try:
            with form.guard(by=request.user):
                form_save(form=form, org=request.org, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect(campaign)
    return render(request, "surveys/campaign_form.html", {"org": request.org, "form": form, "campaign": campaign})


@org_view(roles=MANAGERS, methods=("POST",))
def campaign_status(request, pk):
    campaign = _campaign(request, pk)
    try:
        services.campaign_transition(campaign=campaign, to=request.POST.get("to", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The survey is now “%(status)s”.") % {"status": campaign.get_status_display()})
    return redirect(campaign)


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_print(request, pk, easy=False):
    """The survey's questionnaire to print: its own questions plus the "about you" questions the paper-entry screen
    asks."""
    campaign = _campaign(request, pk)
    return printed_questionnaire(version=campaign.version, easy=easy, org=request.org, campaign=campaign)


def _qr_name(campaign, ext):
    return downloads.filename(campaign.title, _("QR code"), ext=ext)


def _qr(url, factory=None):
    return qrcode.make(url, box_size=10, border=4, **({"image_factory": factory} if factory else {}))


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_qr_png(request, pk):
    campaign = _campaign(request, pk)
    buffer = BytesIO()
    _qr(public_link(request, campaign)).save(buffer, format="PNG")
    if request.GET.get("download"):
        return downloads.attachment(buffer.getvalue(), _qr_name(campaign, "png"))
    return HttpResponse(buffer.getvalue(), content_type="image/png")


@org_view(roles=INSIDERS, methods=("GET",))
def campaign_qr_svg(request, pk):
    campaign = _campaign(request, pk)
    image = _qr(public_link(request, campaign), qrcode.image.svg.SvgPathImage)
    if request.GET.get("download"):
        return downloads.attachment(image.to_string(encoding="unicode"), _qr_name(campaign, "svg"))
    return HttpResponse(image.to_string(encoding="unicode"), content_type="image/svg+xml")


@org_view(roles=MANAGERS)
def campaign_invite(request, pk):
    campaign = _campaign(request, pk)
    form = InviteForm(request.POST or None)
    if form.is_valid():
        valid, invalid = services.parse_addresses(form.cleaned_data["addresses"])
        if invalid:
            form.add_error(
                "addresses", _("These are not e-mail addresses: %(list)s") % {"list": ", ".join(invalid[:20])}
            )
        elif not valid:
            form.add_error("addresses", _("Paste at least one e-mail address."))
        else:
            try:
                made, skipped = services.invitations_send(
                    campaign=campaign, addresses=valid, language=form.cleaned_data["language"], by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                text = ngettext("%(n)s invitation sent.", "%(n)s invitations sent.", len(made)) % {"n": len(made)}
                if skipped:
                    text += " " + ngettext(
                        "%(n)s address had been invited already.",
                        "%(n)s addresses had been invited already.",
                        len(skipped),
                    ) % {"n": len(skipped)}
                messages.success(request, text)
                return redirect(campaign)
    return render(request, "surveys/invite.html", {"org": request.org, "campaign": campaign, "form": form})


@org_view(roles=MANAGERS, methods=("POST",))
def campaign_remind(request, pk):
    campaign = _campaign(request, pk)
    try:
        n = services.invitations_remind(campaign=campaign, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if n:
            messages.success(request, ngettext("%(n)s reminder sent.", "%(n)s reminders sent.", n) % {"n": n})
        else:
            messages.info(request, _("Nobody needs a reminder: everyone invited has answered or had three."))
    return redirect(campaign)


@org_view(roles=CONTRIBUTORS)
def paper_entry(request, pk):
    """Staff type in a questionnaire filled in on paper: the same form, stored with the paper channel."""
    campaign = _campaign(request, pk)
    questions = load_questions([campaign.version_id])
    data = request.POST or None
    meta = PaperForm(data, initial={"submitted_on": min(campaign.ends_on, timezone.localdate())})
    form = ResponseForm(
        data,
        campaign=campaign,
        questions=questions,
        services=list(campaign.services.select_related("unit")),
        units=list(campaign.units.all()),
        honeypot=False,
    )
    if request.method == "POST" and meta.is_valid() and form.is_valid():
        service, unit, group = form.about()
        try:
            services.response_submit(
                campaign=campaign,
                rows=form.answers(),
                channel=Channel.PAPER,
                service=service,
                unit=unit,
                group=group,
                on=meta.cleaned_data["submitted_on"],
                by=request.user,
            )
        except services.NotCollecting:
            messages.error(request, _("Paper questionnaires can be entered only while the survey is open."))
        except ValidationError as exc:
            add_service_errors(meta, exc)
        else:
            messages.success(request, _("The paper questionnaire has been saved. You can enter the next one."))
            return redirect("surveys:paper", request.org.slug, campaign.pk)
    ctx = {"org": request.org, "campaign": campaign, "form": form, "meta": meta, "sections": form.sections()}
    return render(request, "surveys/paper.html", ctx)
