"""Demo organisations, units, services and people (loaded by `manage.py load_demo`, see kokybe/lib/demo.py).

The two providers, their units and services are the real ones of the seed pages (shared/seeds/000, 001): the six
services of the Klaipėda centre are the six of its EQUASS application, worded as there. Company codes, addresses and
contacts are not in the seeds and are left empty rather than invented. The people are fictional.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, Service, Unit
from .roles import Role

PASSWORD = "demo"  # demo accounts only

ORGS = [
    {
        "slug": "klaipeda",
        "name": "Klaipėdos miesto šeimos ir vaiko gerovės centras",
        "short_name": "Klaipėdos ŠVGC",
        "legal_form": Organisation.LegalForm.BUDGET,
        "municipality": "Klaipėdos m. sav.",
    },
    {
        # The seed does not name its legal form; municipal social-service centres are budget institutions.
        "slug": "visaginas",
        "name": "Visagino socialinių paslaugų centras",
        "short_name": "Visagino SPC",
        "legal_form": Organisation.LegalForm.BUDGET,
        "municipality": "Visagino sav.",
    },
    {
        "slug": "valakupiai",
        "name": "VšĮ Valakupių reabilitacijos centras",
        "short_name": "Valakupių RC",
        "legal_form": Organisation.LegalForm.PUBLIC,
        "municipality": "Vilniaus m. sav.",
    },
    {
        # Seed 001: "Projekto vykdytojas – Europos socialinio fondo agentūra" (project 07-003-P-0001).
        "slug": "esfa",
        "name": "Europos socialinio fondo agentūra",
        "short_name": "ESFA",
        "legal_form": Organisation.LegalForm.BUDGET,
        "municipality": "Vilniaus m. sav.",
    },
]

# (name, sub-units) per organisation, in the order the seed lists them.
UNITS = {
    "klaipeda": [
        ("Pagalbos šeimoms padalinys", []),
        (
            "Pagalbos vaikams padalinys (Globos centras)",
            ["Socialinės priežiūros ir globos skyrius", "Darbo su globėjais (rūpintojais) ir įvaikintojais skyrius"],
        ),
        ("Pagalbos moterims padalinys", []),
    ],
    "visaginas": [("Socialinės globos senyvo amžiaus žmonėms ir suaugusiems asmenims su negalia skyrius", [])],
}

_WOMEN = "moterims, moterims su vaikais, nukentėjusiems nuo smurto artimoje aplinkoje, prekybos žmonėmis, prostitucijos"
_CHILDREN = (
    "vaikams iš socialinę riziką patiriančių šeimų (dėl vaiko nepriežiūros šeimoje), vaikams, likusiems be tėvų "
    "globos, ar netekusiems globėjų, bei vaikams su negalia"
)
_ELDERLY = "senyvo amžiaus žmonėms ir suaugusiems asmenims su negalia"

# (name, target group, unit) — seed 000 items 1–6 and seed 001.
SERVICES = {
    "klaipeda": [
        (
            "Socialinių įgūdžių ugdymo ir palaikymo paslauga",
            "socialinę riziką patiriančioms šeimoms",
            "Pagalbos šeimoms padalinys",
        ),
        ("Intensyvios krizių įveikimo pagalbos paslauga", _CHILDREN, "Socialinės priežiūros ir globos skyrius"),
        ("Trumpalaikės socialinės globos paslauga", _CHILDREN, "Socialinės priežiūros ir globos skyrius"),
        (
            "Pagalbos globėjams (rūpintojams) ir įvaikintojams ir budintiems globotojams paslauga",
            "globėjams (rūpintojams) ir įvaikintojams ir budintiems globotojams",
            "Darbo su globėjais (rūpintojais) ir įvaikintojais skyrius",
        ),
        ("Psichosocialinės pagalbos paslauga", _WOMEN, "Pagalbos moterims padalinys"),
        (
            "Apgyvendinimo krizių centre paslauga (nuo 2020 12 01 – intensyvi krizių įveikimo pagalba)",
            _WOMEN,
            "Pagalbos moterims padalinys",
        ),
    ],
    "visaginas": [
        (
            "Ilgalaikė socialinė globa",
            _ELDERLY,
            "Socialinės globos senyvo amžiaus žmonėms ir suaugusiems asmenims su negalia skyrius",
        ),
        (
            "Trumpalaikė socialinė globa",
            _ELDERLY,
            "Socialinės globos senyvo amžiaus žmonėms ir suaugusiems asmenims su negalia skyrius",
        ),
    ],
}

PROGRAMME_COORDINATOR = _("Programme coordinator")
SUPERUSER = _("Superuser (Django admin)")


@dataclass(frozen=True)
class Person:
    email: str
    full_name: str
    # (org slug, role, position, unit name or "")
    memberships: tuple = ()
    title: object = None  # shown in the login table instead of the membership role (platform roles)
    superuser: bool = False


def _in(org, role, position, unit=""):
    return ((org, role, position, unit),)


PEOPLE = [
    Person(
        "koordinatorius@klaipeda.demo", "Giedrė Jankauskienė", _in("klaipeda", Role.COORDINATOR, "EQUASS koordinatorė")
    ),
    Person("direktorius@klaipeda.demo", "Aušra Kazlauskienė", _in("klaipeda", Role.DIRECTOR, "Direktorė")),
    Person(
        "padalinio.vadovas@klaipeda.demo",
        "Tomas Petrauskas",
        _in("klaipeda", Role.UNIT_HEAD, "Padalinio vadovas", "Pagalbos šeimoms padalinys"),
    ),
    Person(
        "darbuotojas@klaipeda.demo",
        "Laura Stankevičienė",
        _in("klaipeda", Role.STAFF, "Socialinė darbuotoja", "Pagalbos moterims padalinys"),
    ),
    # A consultant advises several providers: one person, two memberships.
    Person(
        "konsultantas@klaipeda.demo",
        "Rūta Žukauskienė",
        _in("klaipeda", Role.CONSULTANT, "EQUASS konsultantė")
        + _in("visaginas", Role.CONSULTANT, "EQUASS konsultantė"),
    ),
    Person(
        "vidaus.auditorius@klaipeda.demo",
        "Vytautas Butkus",
        _in("klaipeda", Role.INTERNAL_AUDITOR, "Vidaus auditorius"),
    ),
    Person(
        "isores.auditorius@klaipeda.demo",
        "Andrius Navickas",
        _in("klaipeda", Role.EXTERNAL_AUDITOR, "Licencijuotas EQUASS auditorius"),
    ),
    Person("stebetojas@klaipeda.demo", "Jurgita Paulauskienė", _in("klaipeda", Role.VIEWER, "Steigėjo atstovė")),
    Person("direktorius@visaginas.demo", "Irena Vasiliauskienė", _in("visaginas", Role.DIRECTOR, "Direktorė")),
    Person(
        "koordinatorius@visaginas.demo",
        "Kristina Markevičienė",
        _in("visaginas", Role.COORDINATOR, "EQUASS koordinatorė"),
    ),
    # Programme coordinators: staff of the organisation running the programme; programmes/demo.py links them.
    Person(
        "programa@valakupiai.demo",
        "Inga Balčiūnienė",
        _in("valakupiai", Role.STAFF, "Projekto vadovė"),
        title=PROGRAMME_COORDINATOR,
    ),
    Person(
        "programa@esfa.demo",
        "Mindaugas Urbonas",
        _in("esfa", Role.STAFF, "Projekto vadovas"),
        title=PROGRAMME_COORDINATOR,
    ),
    Person("admin@kokybe.demo", "Platformos administratorius", title=SUPERUSER, superuser=True),
]

EXTERNAL_AUDITOR_DAYS = 60  # the external auditor's access ends by itself this many days after the load


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: object  # lazy translated label
    organisation: str


def _logins():
    short = {o["slug"]: o["short_name"] for o in ORGS}
    out = []
    for p in PEOPLE:
        role = p.title or Role(p.memberships[0][1]).label
        out.append(DemoLogin(p.email, PASSWORD, role, ", ".join(short[m[0]] for m in p.memberships) or "—"))
    return out


# The table `load_demo` prints and the README copies.
DEMO_LOGINS = _logins()


def login_table():
    """DEMO_LOGINS as a Markdown table in the active language (readable in a terminal, pasteable in the README)."""
    rows = [(_("E-mail"), _("Password"), _("Role"), _("Organisation"))]
    rows += [(x.email, x.password, x.role, x.organisation) for x in DEMO_LOGINS]
    rows = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]

    def line(cells):
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(rows[0]), line(["-" * w for w in widths]), *(line(r) for r in rows[1:])])


def load(ctx):
    for data in ORGS:
        fields = {k: v for k, v in data.items() if k != "slug"}
        ctx.orgs[data["slug"]] = ctx.ensure(Organisation, slug=data["slug"], defaults=fields)
    for person in PEOPLE:
        ctx.users[person.email] = _user(ctx, person)
    units = {}
    for slug, tree in UNITS.items():
        org, by = ctx.orgs[slug], _coordinator(ctx, slug)
        for order, (name, children) in enumerate(tree, start=1):
            parent = ctx.ensure(Unit, org=org, parent=None, name=name, defaults={"order": order}, log=(org, by))
            units[slug, name] = parent
            for child_order, child in enumerate(children, start=1):
                units[slug, child] = ctx.ensure(
                    Unit, org=org, parent=parent, name=child, defaults={"order": child_order}, log=(org, by)
                )
    for slug, services in SERVICES.items():
        org, by = ctx.orgs[slug], _coordinator(ctx, slug)
        for order, (name, target_group, unit) in enumerate(services, start=1):
            defaults = {"target_group": target_group, "unit": units[slug, unit], "order": order}
            ctx.ensure(Service, org=org, name=name, defaults=defaults, log=(org, by))
    for person in PEOPLE:
        for slug, role, position, unit in person.memberships:
            defaults = {"role": role, "position": position, "unit": units[slug, unit] if unit else None}
            if role == Role.EXTERNAL_AUDITOR:
                defaults["access_until"] = ctx.today + timedelta(days=EXTERNAL_AUDITOR_DAYS)
            ctx.ensure(Membership, org=ctx.orgs[slug], user=ctx.users[person.email], defaults=defaults)


def _user(ctx, person):
    users = get_user_model().objects  # orgs never imports accounts: the user model comes from the setting
    user = users.filter(email=person.email).first()
    if user is None:
        create = users.create_superuser if person.superuser else users.create_user
        user = create(person.email, PASSWORD, full_name=person.full_name, language="lt")
        ctx.created[users.model._meta.label] += 1
    return user


def _coordinator(ctx, slug):
    return ctx.users[f"koordinatorius@{slug}.demo"]
