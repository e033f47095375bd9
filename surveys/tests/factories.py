"""Survey test data on the shared cast (kokybe/test.py): a small questionnaire with every question type."""

from datetime import timedelta

from django.utils import timezone

from kokybe.test import url
from surveys import library, services
from surveys.models import Answer, Campaign, CampaignStatus, Channel, Response

TEST_YAML = """
format: 1
instrument:
  code: test-survey
  title_lt: Bandomoji apklausa
  title_en: Test survey
  audience: service_users
  easy_read_available: true
version:
  label: "1"
  intro_lt: Įžanga
  intro_en: Introduction
scales:
  agree5:
    - {label_lt: Visiškai nesutinku, label_en: Strongly disagree}
    - {label_lt: Nesutinku, label_en: Disagree}
    - {label_lt: "Nei sutinku, nei nesutinku", label_en: Neither agree nor disagree}
    - {label_lt: Sutinku, label_en: Agree}
    - {label_lt: Visiškai sutinku, label_en: Strongly agree}
sections:
  - title_lt: Pagrindinė dalis
    title_en: Main part
    questions:
      - {code: rate, type: likert, scale: agree5, required: true, text_lt: Esu patenkintas paslaugomis., text_en: I am satisfied with the services., principles: ["6"], indicators: ["6.3.1"], easy_text_lt: Man čia patinka., easy_text_en: I like it here., pictogram: home}
      - {code: used, type: yes_no, text_lt: "Ar teikėte skundą?", text_en: "Have you complained?", easy_text_lt: "Ar skundeisi?", easy_text_en: "Did you complain?", pictogram: talk}
      - {code: followup, type: likert, scale: agree5, required: true, text_lt: Skundas išnagrinėtas gerai., text_en: The complaint was handled well., show_if: {question: used, answers: [yes]}, principles: ["3"], easy_text_lt: Skundą išsprendė gerai., easy_text_en: They handled it well.}
      - {code: nps, type: recommend, text_lt: "Ar rekomenduotumėte?", text_en: "Would you recommend us?"}
      - {code: role, type: single, text_lt: "Kas jūs esate?", text_en: "Who are you?", easy_text_lt: "Kas tu esi?", easy_text_en: "Who are you?", options: [{code: user, label_lt: Paslaugų gavėjas, label_en: Service user}, {code: family, label_lt: Artimasis, label_en: Family member}]}
      - {code: areas, type: multiple, text_lt: "Kas patinka?", text_en: "What do you like?", options: [{code: food, label_lt: Maistas, label_en: Food}, {code: staff, label_lt: Darbuotojai, label_en: Staff}, {code: rooms, label_lt: Kambariai, label_en: Rooms}]}
      - {code: years, type: number, min: 0, max: 50, text_lt: "Kiek metų lankotės?", text_en: "How many years have you come here?"}
      - {code: comment, type: text, text_lt: "Ką pagerinti?", text_en: "What should we improve?", easy_text_lt: "Ką pakeisti?", easy_text_en: "What should change?"}
"""


def make_version(yaml_text=TEST_YAML, org=None):
    return library.import_instrument(yaml_text, org=org).version


def make_campaign(org, version, *, by=None, status=CampaignStatus.OPEN, **fields):
    today = timezone.localdate()
    fields.setdefault("title", "Paslaugų gavėjų apklausa")
    fields.setdefault("starts_on", today - timedelta(days=5))
    fields.setdefault("ends_on", today + timedelta(days=30))
    campaign = services.campaign_create(org=org, version=version, by=by, **fields)
    Campaign.objects.filter(pk=campaign.pk).update(status=status)
    campaign.status = status
    return campaign


def add_response(campaign, answers, *, channel=Channel.WEB, on=None, service=None, unit=None, group=""):
    """answers: {question code: value | choice code | [codes] | text}."""
    questions = {q.code: q for q in campaign.version.questions.all()}
    response = Response.objects.create(
        org=campaign.org,
        campaign=campaign,
        submitted_on=on or timezone.localdate(),
        channel=channel,
        service=service,
        unit=unit,
        group=group,
    )
    rows = []
    for code, value in answers.items():
        q = questions[code]
        values = value if isinstance(value, list) else [value]
        for v in values:
            if isinstance(v, str) and q.type == "text":
                rows.append(Answer(text=v))
            elif isinstance(v, str):
                rows.append(Answer(choice=v))
            else:
                rows.append(Answer(value=float(v)))
            rows[-1].question = q
    for row in rows:
        row.org, row.campaign, row.response = campaign.org, campaign, response
    Answer.objects.bulk_create(rows)
    return response


def campaign_url(name, campaign, **kwargs):
    return url(f"surveys:{name}", campaign.org, pk=campaign.pk, **kwargs)


def version_url(name, version, *args):
    """The address of an instrument version's page (the builder, the previews) in Alfa."""
    return url(f"surveys:{name}", "alfa", version.pk, *args)
