"""An organisation's outgoing webhooks (director and coordinator): subscribe, see the delivery log, delete."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from orgs.gate import org_view
from orgs.roles import MANAGERS

from . import services
from .forms import WebhookForm
from .models import Delivery, Webhook

LOG_ROWS = 50


@org_view(roles=MANAGERS)
def webhook_list(request):
    form = WebhookForm(request.POST or None)
    secret, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            webhook = services.webhook_create(org=request.org, by=request.user, **form.cleaned_data)
            secret, status, form = webhook.secret, 201, WebhookForm()
        else:
            status = 400
    ctx = {
        "org": request.org,
        "form": form,
        "secret": secret,
        "webhooks": Webhook.objects.for_org(request.org),
        "deliveries": Delivery.objects.for_org(request.org).select_related("webhook")[:LOG_ROWS],
    }
    return render(request, "api/webhooks.html", ctx, status=status)


@org_view(roles=MANAGERS, methods=("POST",))
def webhook_delete(request, pk):
    webhook = get_object_or_404(Webhook.objects.for_org(request.org), pk=pk)
    services.webhook_delete(webhook=webhook, by=request.user)
    messages.success(request, _("The webhook has been deleted."))
    return redirect("webhooks:list", request.org.slug)
