"""The reply letter, from the organisation's editable template, as DOCX and PDF in the organisation's name.

The template is plain text with `$placeholders` (string.Template: a stray `$` or an unknown name stays as written,
nothing is evaluated). The addressee is written in the dative, word by word (kokybe.lib.lithuanian), as a Lithuanian
letter addresses a person ("Onai Petraitienei"); an anonymous entry's letter has no addressee.
"""

from string import Template

from django.template.loader import render_to_string
from django.utils import timezone, translation

from kokybe.lib import docx as docx_lib
from kokybe.lib import lithuanian
from kokybe.lib import pdf as pdf_lib
from kokybe.lib.dates import formal_date

from .models import ComplaintRules

DEFAULT_TEMPLATE = """Dėl jūsų $kind_genitive, gauto $received, nr. $number

Gavome jūsų $kind_accusative „$subject“ ir jį išnagrinėjome.

Sprendimas: $conclusion.

$reply

$remedy

Jei nesutinkate su šiuo sprendimu, galite jį skųsti įstaigos steigėjui arba teismui įstatymų nustatyta tvarka.

Pagarbiai
$signatory
$organisation"""

KIND_CASES = {
    # kind → (genitive, accusative): "Dėl jūsų skundo", "Gavome jūsų skundą"
    "complaint": ("skundo", "skundą"),
    "request": ("prašymo", "prašymą"),
    "compliment": ("padėkos", "padėką"),
}


def addressee(contact):
    if contact is None or not contact.name.strip():
        return ""
    return " ".join(lithuanian.dative(word) for word in contact.name.split())


def text(complaint, contact=None, signatory=""):
    """The letter's body as plain text, in Lithuanian (the language the organisation writes its letters in)."""
    rules = ComplaintRules.of(complaint.org)
    genitive, accusative = KIND_CASES.get(complaint.kind, KIND_CASES["complaint"])
    with translation.override("lt"):
        values = {
            "number": complaint.number,
            "received": formal_date(complaint.received_on, "lt"),
            "kind": complaint.get_kind_display().lower(),
            "kind_genitive": genitive,
            "kind_accusative": accusative,
            "subject": complaint.subject,
            "conclusion": (complaint.get_conclusion_display() or "").lower(),
            "reply": complaint.reply,
            "remedy": complaint.remedy,
            "organisation": complaint.org.name,
            "person": addressee(contact),
            "signatory": signatory or (complaint.owner.full_name if complaint.owner else ""),
        }
    body = Template(rules.reply_template.strip() or DEFAULT_TEMPLATE).safe_substitute(values)
    # Blank placeholders leave empty paragraphs: keep one blank line between paragraphs.
    paragraphs = [p.strip() for p in body.split("\n\n")]
    return [p for p in paragraphs if p]


def _context(complaint, contact):
    org = complaint.org
    return {
        "org": org,
        "c": complaint,
        "contact": contact if contact is not None and not contact.is_empty() else None,
        "to": addressee(contact),
        "today": formal_date(timezone.localdate(), "lt"),
        "paragraphs": text(complaint, contact),
    }


def docx(complaint, contact=None):
    ctx = _context(complaint, contact)
    org = complaint.org
    doc = docx_lib.document(title=f"{complaint.number} – {org.name}", lang="lt")
    head = doc.add_paragraph()
    head.add_run(org.name).bold = True
    details = " · ".join(
        x for x in (org.address, org.phone, org.email, org.company_code and f"Kodas {org.company_code}") if x
    )
    if details:
        doc.add_paragraph(details)
    if ctx["to"]:
        doc.add_paragraph(ctx["to"])
        for line in (contact.address, contact.email):
            if line:
                doc.add_paragraph(line)
    doc.add_paragraph(f"{ctx['today']} Nr. {complaint.number}")
    for paragraph in ctx["paragraphs"]:
        for i, line in enumerate(paragraph.split("\n")):
            if i == 0 and paragraph is ctx["paragraphs"][0]:
                doc.add_paragraph().add_run(line).bold = True
            else:
                doc.add_paragraph(line)
    return docx_lib.save(doc)


def pdf(complaint, contact=None):
    with translation.override("lt"):
        html = render_to_string("complaints/letter_pdf.html", _context(complaint, contact))
    return pdf_lib.render_pdf(html)
