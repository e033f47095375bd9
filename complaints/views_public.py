"""The public intake at /p/<org>/complaints/: no account, a phone is enough, works without JavaScript.

Two forms: the plain one and an easy-read one (short sentences, pictograms, one question a screen, its draft kept in
the session). Abuse: a honeypot field, a per-IP limit on sending and on tracking-code lookups (the IP only in a hashed
cache key), a one-time token on every form so a replayed POST writes nothing, size limits on text and files. Whoever
sends gets a time-stamped receipt with a random tracking code; with it the tracking page shows the entry's status and
its reply once published, nothing else.
"""

import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from kokybe.lib import throttle
from kokybe.lib.forms import add_service_errors
from orgs.models import Organisation, Service

from . import services
from .forms import TEXT_LIMIT, UploadField
from .models import Channel, ComplaintRules, IdentityMode, Kind

HONEYPOT = "website"
ONCE = "once"
DRAFT = "complaints:easy:{org}"
TOKENS = "complaints:tokens"
RECEIPT = "complaints:receipt"

TOO_MANY = gettext_lazy(
    "Too many forms have been sent from this network in a short time. Please wait a few minutes and send it again."
)
REPLAYED = gettext_lazy(
    "This form has already been sent, or it was open too long. Nothing was saved twice: open the form again "
    "if you want to send something new."
)
BAD_CODE = gettext_lazy("No entry has this tracking code. Check the code on your receipt and try again.")


def _limit(kind):
    per_ip = getattr(settings, "COMPLAINT_SUBMISSIONS_PER_IP", 10)
    window = getattr(settings, "COMPLAINT_RATE_WINDOW_SECONDS", 600)
    return per_ip * (3 if kind == "track" else 1), window


def _allow(request, kind):
    limit, window = _limit(kind)
    return throttle.allow(f"complaint-{kind}", [f"ip:{throttle.client_ip(request)}"], limit, window)


def _intake(org_slug):
    org = get_object_or_404(Organisation, slug=org_slug)
    rules = ComplaintRules.objects.filter(org=org, public_intake=True).first()
    if rules is None:
        raise Http404("This organisation takes no complaints here.")
    return org, rules


def _issue_token(request):
    token = secrets.token_urlsafe(16)
    tokens = request.session.get(TOKENS, [])[-19:]
    request.session[TOKENS] = [*tokens, token]
    return token


def _spend_token(request, token):
    """True once for each token this browser was given: a replayed POST finds its token spent."""
    tokens = request.session.get(TOKENS, [])
    if not token or token not in tokens:
        return False
    tokens.remove(token)
    request.session[TOKENS] = tokens
    return True


def _identity_choices(rules):
    choices = [
        (IdentityMode.IDENTIFIED, _("With my name")),
        (IdentityMode.CONFIDENTIAL, _("With my name, but only the people handling it may know who I am")),
    ]
    if rules.accepts_anonymous:
        choices.append((IdentityMode.ANONYMOUS, _("Without my name (anonymous)")))
    return choices


class PublicForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What do you want to send?"), widget=forms.RadioSelect)
    subject = forms.CharField(label=gettext_lazy("In a few words, what is it about?"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Tell us what happened"), widget=forms.Textarea(attrs={"rows": 8}), max_length=TEXT_LIMIT
    )
    service = forms.ModelChoiceField(
        label=gettext_lazy("Which service is it about?"), queryset=Service.objects.none(), required=False
    )
    identity = forms.ChoiceField(label=gettext_lazy("Your name"), widget=forms.RadioSelect)
    name = forms.CharField(label=gettext_lazy("Your name and surname"), max_length=200, required=False)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"), required=False, help_text=gettext_lazy("We send the receipt and the reply here.")
    )
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=64, required=False)
    address = forms.CharField(label=gettext_lazy("Postal address"), max_length=255, required=False)
    upload = UploadField(label=gettext_lazy("A file or a photo (optional)"), required=False)

    def __init__(self, *args, org, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Kind.choices
        self.fields["identity"].choices = _identity_choices(rules)
        self.fields["service"].queryset = Service.objects.for_org(org).active()
        self.fields[HONEYPOT] = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        if data.get("identity") and data["identity"] != IdentityMode.ANONYMOUS:
            if not data.get("name"):
                self.add_error("name", _("Write your name, or choose to send it without your name."))
            if not (data.get("email") or data.get("phone") or data.get("address")):
                self.add_error("email", _("Give an e-mail address, a phone number or a postal address for the reply."))
        return data

    def fields_and_contact(self):
        data = self.cleaned_data
        anonymous = data["identity"] == IdentityMode.ANONYMOUS
        fields = {
            "kind": data["kind"],
            "subject": data["subject"],
            "description": data["description"],
            "service": data.get("service"),
            "identity": data["identity"],
            "channel": Channel.WEB,
        }
        contact = None if anonymous else {k: data.get(k) or "" for k in ("name", "email", "phone", "address")}
        return fields, contact


def _send(request, org, fields, contact, upload=None):
    complaint, code = services.public_submit(org=org, fields=fields, contact=contact, upload=upload)
    request.session[RECEIPT] = {
        "org": org.slug,
        "number": complaint.number,
        "kind": complaint.get_kind_display(),
        "received": timezone.localtime(complaint.received_at).strftime("%Y-%m-%d %H:%M"),
        "code": code,
        "decision_due": complaint.decision_due.isoformat() if complaint.decision_due else "",
        "email": bool(contact and contact.get("email")),
    }
    request.session.pop(DRAFT.format(org=org.pk), None)
    return redirect("complaints_public:receipt", org.slug)


@require_http_methods(["GET", "POST"])
def public_form(request, org_slug):
    org, rules = _intake(org_slug)
    status = 200
    if request.method == "POST":
        form = PublicForm(request.POST, request.FILES, org=org, rules=rules)
        if request.POST.get(HONEYPOT):
            return redirect("complaints_public:form", org.slug)  # said nothing to the bot; stored nothing
        if form.is_valid():
            if not _spend_token(request, request.POST.get(ONCE)):
                form.add_error(None, REPLAYED)
                status = 400
            elif not _allow(request, "send"):
                form.add_error(None, TOO_MANY)
                status = 429
            else:
                fields, contact = form.fields_and_contact()
                try:
                    return _send(request, org, fields, contact, form.cleaned_data.get("upload"))
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    status = 400
        else:
            status = 400
    else:
        form = PublicForm(org=org, rules=rules, initial={"kind": Kind.COMPLAINT, "identity": IdentityMode.IDENTIFIED})
    ctx = {"org": org, "rules": rules, "form": form, "once": _issue_token(request)}
    return render(request, "complaints/public_form.html", ctx, status=status)


# The easy-read form: one question a screen.
EASY_STEPS = ("kind", "text", "identity", "contact", "send")


class EasyKind(forms.Form):
    answer = forms.ChoiceField(widget=forms.RadioSelect, choices=Kind.choices)


class EasyText(forms.Form):
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), max_length=TEXT_LIMIT)


class EasyContact(forms.Form):
    name = forms.CharField(label=gettext_lazy("Your name"), max_length=200)
    phone = forms.CharField(label=gettext_lazy("Your phone number"), max_length=64, required=False)
    email = forms.EmailField(label=gettext_lazy("Your e-mail"), required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("phone") or data.get("email")):
            self.add_error("phone", _("Write a phone number or an e-mail, so we can answer you."))
        return data


def _easy_form(name, data, draft, rules):
    if name == "kind":
        return EasyKind(data, initial={"answer": draft.get("kind")})
    if name == "text":
        return EasyText(data, initial={"answer": draft.get("text")})
    if name == "identity":
        form = EasyKind(data, initial={"answer": draft.get("identity")})
        form.fields["answer"].choices = [
            (IdentityMode.IDENTIFIED, _("Yes. You can tell others my name.")),
            (IdentityMode.CONFIDENTIAL, _("Yes. But keep my name secret.")),
        ] + ([(IdentityMode.ANONYMOUS, _("No. I do not want to give my name."))] if rules.accepts_anonymous else [])
        return form
    return EasyContact(data, initial={k: draft.get(k) for k in ("name", "phone", "email")})


def _easy_steps(draft):
    return [s for s in EASY_STEPS if not (s == "contact" and draft.get("identity") == IdentityMode.ANONYMOUS)]


@require_http_methods(["GET", "POST"])
def public_easy(request, org_slug, step):
    org, rules = _intake(org_slug)
    key = DRAFT.format(org=org.pk)
    draft = dict(request.session.get(key, {}))
    steps = _easy_steps(draft)
    if not 1 <= step <= len(steps):
        return redirect("complaints_public:easy", org.slug, 1)
    name = steps[step - 1]
    back = reverse("complaints_public:easy", args=[org.slug, step - 1]) if step > 1 else ""
    ctx = {"org": org, "rules": rules, "step": step, "total": len(steps), "name": name, "back_url": back}
    status = 200
    if name == "send":
        ctx["draft"] = draft
        ctx["ready"] = all(draft.get(k) for k in ("kind", "text", "identity"))
        if request.method == "POST":
            if request.POST.get(HONEYPOT):
                return redirect("complaints_public:easy", org.slug, 1)
            if not ctx["ready"]:
                return redirect("complaints_public:easy", org.slug, 1)
            if not _spend_token(request, request.POST.get(ONCE)):
                ctx["error"], status = REPLAYED, 400
            elif not _allow(request, "send"):
                ctx["error"], status = TOO_MANY, 429
            else:
                anonymous = draft["identity"] == IdentityMode.ANONYMOUS
                text = draft["text"]
                fields = {
                    "kind": draft["kind"],
                    "subject": " ".join(text.split())[:80],
                    "description": text,
                    "identity": draft["identity"],
                    "channel": Channel.EASY_READ,
                }
                contact = None if anonymous else {k: draft.get(k, "") for k in ("name", "phone", "email")}
                return _send(request, org, fields, contact)
        ctx["once"] = _issue_token(request)
        return render(request, "complaints/public_easy_send.html", ctx, status=status)
    form = _easy_form(name, request.POST if request.method == "POST" else None, draft, rules)
    if request.method == "POST":
        if request.POST.get(HONEYPOT):
            return redirect("complaints_public:easy", org.slug, 1)
        if request.POST.get("go") == "back" and back:
            return redirect(back)
        if form.is_valid():
            if name == "contact":
                draft.update({k: form.cleaned_data.get(k) or "" for k in ("name", "phone", "email")})
            else:
                draft[name] = form.cleaned_data["answer"]
            request.session[key] = draft
            return redirect("complaints_public:easy", org.slug, min(step + 1, len(_easy_steps(draft))))
        status = 400
    ctx["form"] = form
    return render(request, "complaints/public_easy.html", ctx, status=status)


@require_GET
def public_receipt(request, org_slug):
    org, rules = _intake(org_slug)
    receipt = request.session.get(RECEIPT)
    if not receipt or receipt.get("org") != org.slug:
        return redirect("complaints_public:form", org.slug)
    return render(request, "complaints/public_receipt.html", {"org": org, "rules": rules, "receipt": receipt})


class TrackForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Tracking code"), max_length=40)


@require_http_methods(["GET", "POST"])
def public_track(request, org_slug):
    """Status and published reply by tracking code (a POST: the code never lands in an address or a log)."""
    org, rules = _intake(org_slug)
    form = TrackForm(request.POST or None)
    complaint, status = None, 200
    if request.method == "POST" and form.is_valid():
        if not _allow(request, "track"):
            form.add_error(None, TOO_MANY)
            status = 429
        else:
            complaint = services.find_by_code(org, form.cleaned_data["code"])
            if complaint is None:
                form.add_error("code", BAD_CODE)
                status = 404
    ctx = {"org": org, "rules": rules, "form": form, "c": complaint}
    return render(request, "complaints/public_track.html", ctx, status=status)
