"""Nothing leaves through the programme endpoints that participants did not share with that programme: every GET
operation read with every programme role's token, looking for values a provider did not share, values of another
programme, and figures about fewer than 5 providers."""

from datetime import date

import pytest
from django.test.utils import override_settings

from api.tests.grid import PROGRAMME_API_GRID
from api.tests.helpers import ApiClient
from api.tests.programme_helpers import make_programme_token, programme_people, shared_world
from orgs.models import Organisation
from programmes.models import Contribution, Programme, ProgrammeIndicator, ProgrammeParticipation, Wave
from programmes.tests.factories import cast_programme, make_programme

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1"
OTHER_ORG = "Kitos programos centras-LEAK1"
OTHER_CONTRACT = "KITA-SUT-LEAK2"
OTHER_WAVE = "Kitos programos banga-LEAK3"
OTHER_INDICATOR = "Kitos programos rodiklis-LEAK4"
NOTES = "Vidinės koordinatoriaus pastabos-LEAK5"


def _bodies(cast, programme):
    """Every GET operation of the programme API, as each programme role reads it: {(role, path): text}."""
    out = {}
    for role, user in programme_people(cast).items():
        client = ApiClient(make_programme_token(user, programme, name=f"leak {role}"))
        for (_method, template), route in PROGRAMME_API_GRID.items():
            path = PREFIX + template.format(programme_id=programme.pk, **route.kwargs(cast))
            response = client.get(path, page_size=200)
            out[(role, path)] = (response.status_code, response.content.decode())
    return out


def _other_programme(cast):
    """Another programme with its own participant, wave, contract and indicator: none of it may appear."""
    other_org = Organisation.objects.create(name=OTHER_ORG, slug="kita")
    other = make_programme(cast.beta, code="KITA-0001", coordinators=[cast.jonas], participants=[other_org])
    wave = Wave.objects.create(programme=other, name=OTHER_WAVE)
    other.participations.update(contract_number=OTHER_CONTRACT, wave=wave)
    indicator = ProgrammeIndicator.objects.create(
        programme=other, code="kitas", name=OTHER_INDICATOR, unit="vnt.", target=5, deadline=date(2026, 12, 31)
    )
    Contribution.objects.create(
        indicator=indicator, participation=other.participations.get(), month=date(2024, 1, 1), value=777
    )
    # Beta takes part in both programmes: its participation in the other one stays there.
    ProgrammeParticipation.objects.create(programme=other, org=cast.beta, joined_on=date(2024, 1, 1), notes=NOTES)
    return other


@override_settings(API_RATE_LIMIT=(1_000_000, 60))
def test_no_operation_shows_what_a_provider_did_not_share(cast):
    programme = cast_programme(cast)
    _cycle, cert = shared_world(cast)
    Programme.objects.filter(pk=programme.pk).update(
        shares_readiness=False, shares_certificate=False, shares_indicators=False
    )
    programme.refresh_from_db()
    ProgrammeParticipation.objects.filter(programme=programme).update(notes=NOTES)
    Contribution.objects.create(
        indicator=programme.indicators.get(),
        participation=programme.participations.get(org=cast.alfa),
        month=date(2024, 1, 1),
        value=12345,
    )
    read = 0
    for (role, path), (status, body) in _bodies(cast, programme).items():
        for secret in (cert.reference, "2024-05-14", NOTES, "12345", '"percent"', "principle"):
            assert secret not in body, f"{role} read {secret!r} at {path}"
        read += status == 200
    assert read >= 10  # the reads reached the endpoints, not only their gates


@override_settings(API_RATE_LIMIT=(1_000_000, 60))
def test_no_operation_shows_another_programme_s_data(cast):
    programme = cast_programme(cast)
    _other_programme(cast)
    read = 0
    for (role, path), (status, body) in _bodies(cast, programme).items():
        for secret in (OTHER_ORG, OTHER_CONTRACT, OTHER_WAVE, OTHER_INDICATOR, NOTES, "777", "KITA-0001"):
            assert secret not in body, f"{role} read {secret!r} at {path}"
        read += status == 200
    assert read >= 10


def test_suppressed_figures_stay_suppressed(cast):
    """Four providers in one municipality, five in another: the four have no value in the disaggregation; a
    benchmark over four providers has no figures and no count."""
    programme = cast_programme(cast)
    indicator = ProgrammeIndicator.objects.create(
        programme=programme,
        code="visits",
        name="Vizitai",
        unit="vnt.",
        target=100,
        deadline=date(2026, 12, 31),
        dimensions=["help_type"],
    )
    orgs = Organisation.objects.bulk_create(
        [Organisation(name=f"Utenos centras {i}", slug=f"u-{i}", municipality="Utenos r. sav.") for i in range(5)]
        + [Organisation(name=f"Zarasų centras {i}", slug=f"z-{i}", municipality="Zarasų r. sav.") for i in range(4)]
    )
    parts = ProgrammeParticipation.objects.bulk_create(
        ProgrammeParticipation(programme=programme, org=o, joined_on=date(2024, 1, 1)) for o in orgs
    )
    for i, part in enumerate(parts):
        Contribution.objects.create(
            indicator=indicator,
            participation=part,
            month=date(2024, 1, 1),
            value=1001 + i,
            help_type="nursing" if i < 4 else "care",
        )
    for role in ("coordinator", "funder"):
        user = programme_people(cast)[role]
        client = ApiClient(make_programme_token(user, programme, name=f"s {role}"))
        body = client.get(f"{PREFIX}/programmes/{programme.pk}/indicators").json()
        visits = next(i for i in body["results"] if i["code"] == "visits")
        groups = {d["dimension"]: {g["group"]: g for g in d["groups"]} for d in visits["disaggregation"]}
        assert groups["Savivaldybė"]["Utenos r. sav."] == {
            "group": "Utenos r. sav.",
            "value": sum(1001 + i for i in range(5)),
            "suppressed": False,
        }
        assert groups["Savivaldybė"]["Zarasų r. sav."] == {"group": "Zarasų r. sav.", "value": None, "suppressed": True}
        assert groups["Paslaugos rūšis"]["Slauga"]["suppressed"] is True  # nursing: 4 providers
        assert groups["Paslaugos rūšis"]["Globa"]["suppressed"] is False  # care: 5 providers
        zarasai = sum(1001 + i for i in range(5, 9))
        nursing = sum(1001 + i for i in range(4))
        text = client.get(f"{PREFIX}/programmes/{programme.pk}/indicators").text
        assert str(zarasai) not in text and str(nursing) not in text

    # A benchmark over four providers: nothing but its label and that it is hidden.
    small = ProgrammeIndicator.objects.create(
        programme=programme, code="small", name="Mažas", unit="vnt.", target=10, deadline=date(2026, 12, 31)
    )
    for part in parts[:4]:
        Contribution.objects.create(indicator=small, participation=part, month=date(2024, 1, 1), value=7)
    funder = ApiClient(make_programme_token(programme_people(cast)["funder"], programme, name="b"))
    rows = [r for g in funder.get(f"{PREFIX}/programmes/{programme.pk}/benchmarks").json()["groups"] for r in g["rows"]]
    row = next(r for r in rows if r["label"].startswith("Mažas"))
    assert row == {
        "label": row["label"],
        "providers": None,
        "suppressed": True,
        "low": None,
        "median": None,
        "high": None,
    }
    assert next(r for r in rows if r["label"].startswith("Vizitai"))["suppressed"] is False
