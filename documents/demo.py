"""Demo documents (kokybe/lib/demo.py): the Klaipėda centre's ten published documents of seed 000.

Which documents it publishes is sourced (shared/seeds/000); their texts are Kokybė's starter templates filled in with
the centre's name, and order numbers and approval dates are illustrative, placed on its real timeline (implementation
plans 2019-03/04, internal audit 2020-02-05, external audits 2020-11-23 and 2021-03-29, certificate 2021-05-14, the
renewal of 2024). Relative to the load day: the health and safety plan is past its review date, the quality policy's
review is due soon, and the quality-of-life concept has a new version in draft. A few staff have confirmed reading.
Everything goes through documents.services, so each step has its activity entry. Idempotent: a document the
organisation already has (same type and title) is left alone.
"""

from datetime import date, timedelta
from functools import cache

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation

from frameworks.models import Indicator
from kokybe.lib.pdf import render_pdf
from orgs.models import Membership, Service
from orgs.roles import Role

from . import library, services
from .models import Document, DocumentSettings, DocumentType, Status

COORDINATOR = "koordinatorius@klaipeda.demo"
DIRECTOR = "direktorius@klaipeda.demo"
UNIT_HEAD = "padalinio.vadovas@klaipeda.demo"
STAFF = "darbuotojas@klaipeda.demo"

STATEMENT_LT = (
    "Klaipėdos miesto šeimos ir vaiko gerovės centras nuo 2021 m. gegužės 14 d. turi **EQUASS Assurance** "
    "sertifikatą. Siekiame, kad mūsų paslaugos gerintų šeimų, vaikų ir moterų gyvenimo kokybę, o paslaugų gavėjai "
    "dalyvautų priimant jiems svarbius sprendimus. Čia skelbiame kokybės sistemos dokumentus, kuriais vadovaujamės."
)
STATEMENT_EN = (
    "Klaipėda City Family and Child Welfare Centre has held the **EQUASS Assurance** certificate since 14 May 2021. "
    "We want our services to improve the quality of life of families, children and women, and the people we serve "
    "to take part in decisions that matter to them. Here we publish the documents of our quality system."
)

# (type code, [(approved on, order number, change summary, replacements in the text)], review, draft change)
# review: "ok" (a "reviewed, no change" keeps it current), "soon" (due within weeks) or "overdue".
PLAN = [
    (
        "quality-policy",
        [
            (date(2019, 5, 20), "V-38", "", ()),
            (
                date(2023, 12, 18),
                "V-112",
                "Atnaujintos vertybės ir atsakomybė po vidaus audito.",
                (("Vertybės: pagarba, atsakomybė", "Vertybės: pagarba, atsakomybė, atvirumas"),),
            ),
        ],
        "soon",
    ),
    (
        "service-users-charter",
        [
            (date(2019, 6, 3), "V-45", "", ()),
            (
                date(2022, 10, 10),
                "V-97",
                "Parengta lengvai skaitoma chartijos versija.",
                (
                    (
                        "Ši chartija skirta visiems",
                        "Ši chartija (taip pat ir lengvai skaitoma jos versija) skirta visiems",
                    ),
                ),
            ),
        ],
        "ok",
    ),
    ("ethics-policy", [(date(2019, 6, 3), "V-46", "", ())], "ok"),
    (
        "recruitment-retention",
        [
            (date(2019, 9, 16), "V-61", "", ()),
            (date(2023, 11, 6), "V-104", "Įvesta mentorystė naujiems darbuotojams.", ()),
        ],
        "ok",
    ),
    (
        "complaints-procedure",
        [
            (date(2019, 6, 3), "V-47", "", ()),
            (
                date(2021, 2, 15),
                "V-15",
                "Pagal išorės audito rekomendaciją sutrumpintas atsakymo terminas.",
                (("ne vėliau kaip per 20 darbo dienų", "ne vėliau kaip per 15 darbo dienų"),),
            ),
        ],
        "ok",
    ),
    ("empowerment-concept", [(date(2019, 11, 25), "V-88", "", ())], "ok"),
    (
        "abuse-prevention",
        [
            (date(2019, 10, 7), "V-70", "", ()),
            (date(2024, 1, 22), "V-8", "Papildyta finansinio piktnaudžiavimo prevencija.", ()),
        ],
        "ok",
    ),
    ("quality-of-life-concept", [(date(2020, 9, 28), "V-74", "", ())], "ok"),
    ("health-safety-plan", [], "overdue"),
]
# The new version of the quality-of-life concept being drafted now.
QOL_DRAFT = (
    "Numatytas matavimas klausimynu WHOQOL-BREF.",
    (("pasirinktu klausimynu", "klausimynu WHOQOL-BREF (26 klausimai, 4 sritys)"),),
)


def _text(code, org, replacements=()):
    text = library.starter_markdown(code, "lt", org)
    for before, after in replacements:
        text = text.replace(before, after)
    return text


@cache
def _certificate_pdf(org_name, services_covered, reference, valid_from, valid_until):
    """The stand-in scan, rendered once per process (tests load the demo many times)."""
    with translation.override("lt"):
        html = render_to_string(
            "documents/pdf/demo_certificate.html",
            {
                "org_name": org_name,
                "services": services_covered,
                "reference": reference,
                "valid_from": valid_from,
                "valid_until": valid_until,
            },
        )
    return render_pdf(html)


def _approve(document, by, approver, approved_on, order_number, next_review_on=None):
    services.document_submit(document=document, by=by)
    services.document_approve(
        document=document,
        by=approver,
        approved_on=approved_on,
        effective_from=approved_on,
        order_number=order_number,
        next_review_on=next_review_on,
    )


def _versions(document, by, approver, versions, org):
    for number, (approved_on, order_number, summary, replacements) in enumerate(versions, start=1):
        version = document.versions.get() if number == 1 else services.document_new_version(document=document, by=by)
        services.version_save(
            version=version, by=by, body=_text(document.type.code, org, replacements), change_summary=summary
        )
        _approve(document, by, approver, approved_on, order_number)


def _keep_current(document, by, today, days):
    """A "reviewed, no change" dated so that the next review falls `days` after the load day."""
    months = document.type.review_months
    reviewed_on = today - relativedelta(months=months) + timedelta(days=days)
    if document.next_review_on and document.next_review_on > today + timedelta(days=days):
        return
    reviewed_on = max(reviewed_on, document.current_version.effective_from)
    services.document_review(document=document, by=by, note="Peržiūrėta, pakeitimų nereikia.", today=reviewed_on)


def _certificate(ctx, org, by, approver, doc_type):
    covered = tuple(s.name for s in Service.objects.for_org(org))
    document = None
    for reference, valid_from, summary in [
        ("LIT2021-069", date(2021, 5, 14), ""),
        ("LIT2024-112", date(2024, 5, 14), "Atnaujintas sertifikatas po pakartotinės sertifikacijos (iliustracija)."),
    ]:
        valid_until = valid_from + relativedelta(years=3)
        content = _certificate_pdf(org.name, covered, reference, valid_from, valid_until)
        upload = SimpleUploadedFile(f"EQUASS sertifikatas {reference}.pdf", content, content_type="application/pdf")
        if document is None:
            document = services.document_create(
                org=org, by=by, type=doc_type, title=doc_type.name_lt, owner=by, start="file", upload=upload
            )
        else:
            version = services.document_new_version(document=document, by=by)
            services.version_save(version=version, by=by, upload=upload, change_summary=summary)
        _approve(document, by, approver, valid_from, "", next_review_on=valid_until)
    return document


def _link_indicators(document, by):
    codes = document.type.indicator_codes.get("equass-assurance-ws", [])
    indicators = Indicator.objects.filter(
        version__framework__code="equass-assurance-ws", version__org__isnull=True, code__in=codes
    )
    for indicator in indicators:
        services.indicator_link(document=document, by=by, indicator=indicator)


def load(ctx):
    org = ctx.orgs.get("klaipeda")
    if org is None or Document.objects.for_org(org).exists():
        return
    by, approver = ctx.users[COORDINATOR], ctx.users[DIRECTOR]
    today = ctx.today
    settings = DocumentSettings.of(org)
    settings.quality_statement_lt, settings.quality_statement_en = STATEMENT_LT, STATEMENT_EN
    settings.full_clean()
    settings.save()
    types = {t.code: t for t in DocumentType.objects.all()}
    documents = [_certificate(ctx, org, by, approver, types["equass-certificate"])]
    for index, (code, versions, review) in enumerate(PLAN):
        doc_type = types[code]
        document = services.document_create(org=org, by=by, type=doc_type, title=doc_type.name_lt, owner=by)
        if code == "health-safety-plan":
            # The yearly plan was approved 13 months before the load day: its review is a month overdue.
            approved_on = today - relativedelta(months=13)
            services.version_save(version=document.versions.get(), by=by, body=_text(code, org))
            _approve(document, by, approver, approved_on, "V-3")
        else:
            _versions(document, by, approver, versions, org)
            _keep_current(document, by, today, 20 if review == "soon" else 120 + 40 * index)
        document.refresh_from_db()
        documents.append(document)
    for document in documents:
        services.document_publish(document=document, by=by)
        document.refresh_from_db()
        _link_indicators(document, by)
    qol = next(d for d in documents if d.type.code == "quality-of-life-concept")
    summary, replacements = QOL_DRAFT
    draft = services.document_new_version(document=qol, by=by)
    services.version_save(version=draft, by=by, body=_text(qol.type.code, org, replacements), change_summary=summary)
    _acknowledgements(ctx, org, documents)
    ctx.created["documents.Document"] += len(documents)


def _acknowledgements(ctx, org, documents):
    by = ctx.users[COORDINATOR]
    by_code = {d.type.code: d for d in documents}
    insiders = [Role.DIRECTOR, Role.COORDINATOR, Role.UNIT_HEAD, Role.STAFF, Role.INTERNAL_AUDITOR]
    services.audience_set(document=by_code["quality-policy"], by=by, roles=insiders, due_days=14)
    services.audience_set(document=by_code["ethics-policy"], by=by, roles=[Role.UNIT_HEAD, Role.STAFF], due_days=14)
    services.audience_set(document=by_code["abuse-prevention"], by=by, roles=[Role.UNIT_HEAD, Role.STAFF])
    members = {m.user.email: m.user for m in Membership.objects.for_org(org).select_related("user")}
    for code, emails in [
        ("quality-policy", [DIRECTOR, COORDINATOR, UNIT_HEAD]),
        ("ethics-policy", [UNIT_HEAD, STAFF]),
        ("abuse-prevention", [UNIT_HEAD]),
    ]:
        document = by_code[code]
        for email in emails:
            if email in members and document.status != Status.ARCHIVED:
                services.acknowledge(version=document.current_version, by=members[email])
