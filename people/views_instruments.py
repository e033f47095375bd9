"""The instruments page: which quality-of-life instruments the organisation may use, and the import of a licensed
instrument's item wording (WHOQOL-BREF) that the organisation holds — upload, preview, confirm. The managers run the
organisation's quality system (orgs.roles.MANAGERS), as they do its questionnaires and result definitions; item
wording names nobody. The page and `manage.py import_qol_wording` share people.instruments.import_file."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from orgs.gate import org_view
from orgs.roles import MANAGERS

from . import instruments
from .forms import WordingConfirmForm, WordingUploadForm
from .models import Instrument


def _rows(org):
    imported = {row.code: row for row in Instrument.objects.for_org(org).select_related("imported_by")}
    rows = []
    for code, definition in instruments.shipped().items():
        rows.append(
            {
                "code": code,
                "name": instruments.name(definition),
                "items": len(definition.get("items", ())),
                "needs_wording": bool(definition.get("needs_wording")),
                "imported": imported.get(code),
            }
        )
    return rows


@org_view(roles=MANAGERS)
def instrument_list(request):
    preview = None
    confirm = None
    if request.method == "POST" and "confirm" in request.POST:
        confirm = WordingConfirmForm(request.POST)
        if confirm.is_valid():
            code = confirm.cleaned_data["instrument"]
            instrument = instruments.import_file(
                org=request.org, code=code, content=confirm.cleaned_data["content"].encode(), by=request.user
            )
            messages.success(
                request,
                _("The wording of %(instrument)s is imported: %(n)s items.")
                % {"instrument": instruments.name(instrument.definition), "n": len(instrument.definition["items"])},
            )
            return redirect("people:instruments", request.org.slug)
        upload = WordingUploadForm()
    else:
        upload = WordingUploadForm(request.POST or None, request.FILES or None)
        if upload.is_valid():
            definition = upload.cleaned_data["definition"]
            preview = {
                "name": instruments.name(definition),
                "items": [
                    (item["id"].upper(), item.get("text_lt", ""), item.get("text_en", ""))
                    for item in definition["items"]
                ],
            }
            confirm = WordingConfirmForm(
                initial={"instrument": upload.cleaned_data["instrument"], "content": upload.cleaned_data["file"]}
            )
    context = {"rows": _rows(request.org), "upload": upload, "preview": preview, "confirm": confirm}
    status = 400 if request.method == "POST" and preview is None else 200
    return render(request, "people/instruments.html", context, status=status)
