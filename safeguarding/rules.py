"""The Lithuanian notification duties Kokybė ships, as data.

Copied to an organisation's own rules the first time its safeguarding pages need them, then edited there. The set is
Kokybė's reading of the sources named on each rule, not legal advice: **the organisation's lawyer must check it**
(README, "Safeguarding"). Where a duty is inferred rather than written in a source, the source says so.
"""

from django.utils.translation import gettext_lazy as _

VIOLENCE = ["physical", "psychological", "sexual", "neglect"]
SERIOUS_IN_CARE = ["physical", "sexual", "death", "missing", "neglect"]

# The authorities every organisation starts with (names editable; contacts to be filled in by the organisation).
AUTHORITIES = {
    "vvtait": "Valstybės vaiko teisių apsaugos ir įvaikinimo tarnybos teritorinis skyrius",
    "police": "Policija (112; teritorinis policijos komisariatas)",
    "municipality": "Savivaldybės administracija",
    "sppd": "Socialinių paslaugų priežiūros departamentas (SPPD)",
    "founder": "Steigėjas",
    "vdai": "Valstybinė duomenų apsaugos inspekcija (VDAI)",
    "funder": "Finansuotojas",
}

CHILD_CONTENT = (
    "Vaiko pseudoniminė nuoroda ir amžius; kas įvyko ir kada sužinota; kas įtariamas; kokių skubių apsaugos "
    "priemonių imtasi; kas praneša ir kaip su juo susisiekti."
)

RULES = [
    {
        "code": "child-violence-vvtait",
        "authority_kind": "vvtait",
        "event_types": [*VIOLENCE, "missing", "self_harm"],
        "age_groups": ["child"],
        "clock": "immediately",
        "amount": 0,
        "channel": "Telefonu ir el. paštu (po darbo valandų – 112)",
        "content": CHILD_CONTENT,
        "source": "LR civilinis kodeksas, 3.250 str.; Vaiko teisių apsaugos pagrindų įstatymas (2018 m. pakeitimai): "
        "pranešti nedelsiant",
    },
    {
        "code": "child-violence-police",
        "authority_kind": "police",
        "event_types": [*VIOLENCE, "missing"],
        "age_groups": ["child"],
        "clock": "immediately",
        "amount": 0,
        "channel": "112 arba teritorinis policijos komisariatas",
        "content": CHILD_CONTENT,
        "source": "LR civilinis kodeksas, 3.250 str.; Vaiko teisių apsaugos pagrindų įstatymas: pranešti nedelsiant",
    },
    {
        "code": "adult-violence-police",
        "authority_kind": "police",
        "event_types": ["physical", "sexual", "psychological"],
        "age_groups": ["adult", "older", "unknown"],
        "clock": "immediately",
        "amount": 0,
        "channel": "112 arba teritorinis policijos komisariatas",
        "content": "Kas įvyko, kada ir kur; nukentėjusio asmens nuoroda; kas įtariamas; kokių priemonių imtasi.",
        "source": "Apsaugos nuo smurto artimoje aplinkoje įstatymas (išvesta: keisti pagal teisininko išvadą)",
    },
    {
        "code": "staff-alleged-police",
        "authority_kind": "police",
        "event_types": [*VIOLENCE, "financial"],
        "alleged": ["staff"],
        "clock": "immediately",
        "amount": 0,
        "channel": "Teritorinis policijos komisariatas",
        "content": "Įtariamas darbuotojo nusikaltimas: kas įvyko, kada, kokių priemonių imtasi (darbuotojo nušalinimas).",
        "source": "Išvesta iš BK ir darbo tvarkos (tikrina teisininkas)",
    },
    {
        "code": "staff-alleged-founder",
        "authority_kind": "founder",
        "event_types": [*VIOLENCE, "financial"],
        "alleged": ["staff"],
        "clock": "working_days",
        "amount": 1,
        "channel": "Raštu (el. paštu)",
        "content": "Įvykio santrauka be asmens duomenų; kokių priemonių imtasi; kas pranešta policijai.",
        "source": "Išvesta: steigėjo informavimas apie įtariamą darbuotojo nusikaltimą (tikrina teisininkas)",
    },
    {
        "code": "care-serious-sppd",
        "authority_kind": "sppd",
        "event_types": SERIOUS_IN_CARE,
        "settings": ["licensed_care"],
        "clock": "working_days",
        "amount": 1,
        "channel": "El. paštu",
        "content": "Įvykio santrauka be asmens duomenų; pasekmės paslaugos gavėjui; kokių priemonių imtasi.",
        "source": "Socialinės globos normos (2024 m. redakcija); SPPD priežiūra (išvesta, tikrina teisininkas)",
    },
    {
        "code": "care-serious-founder",
        "authority_kind": "founder",
        "event_types": ["death", "sexual", "missing"],
        "settings": ["licensed_care"],
        "clock": "working_days",
        "amount": 1,
        "channel": "Raštu (el. paštu)",
        "content": "Įvykio santrauka be asmens duomenų; kokių priemonių imtasi.",
        "source": "Išvesta: steigėjo informavimas apie sunkius įvykius globoje (tikrina teisininkas)",
    },
    {
        "code": "financial-founder",
        "authority_kind": "founder",
        "event_types": ["financial"],
        "clock": "working_days",
        "amount": 3,
        "channel": "Raštu (el. paštu)",
        "content": "Kieno lėšos, suma, laikotarpis, kaip nustatyta, sutikrinimo nuoroda; kokių priemonių imtasi.",
        "source": "Išvesta: finansinio piktnaudžiavimo prevencijos tvarka (tikrina teisininkas)",
    },
    {
        "code": "death-police",
        "authority_kind": "police",
        "event_types": ["death"],
        "clock": "immediately",
        "amount": 0,
        "channel": "112",
        "content": "Kur ir kada rastas asmuo; kas buvo šalia; kokių veiksmų imtasi.",
        "source": "Išvesta: netikėta mirtis globos įstaigoje (tikrina teisininkas)",
    },
    {
        "code": "data-breach-vdai",
        "authority_kind": "vdai",
        "event_types": ["data_breach"],
        "clock": "hours",
        "amount": 72,
        "channel": "VDAI pranešimo forma (www.vdai.lrv.lt)",
        "content": "Pažeidimo pobūdis, duomenų subjektų ir įrašų kategorijos bei skaičius, tikėtinos pasekmės, "
        "priemonės, duomenų apsaugos pareigūno kontaktai.",
        "source": "BDAR (Reglamentas (ES) 2016/679), 33 str.: ne vėliau kaip per 72 valandas",
    },
]

# Shown on the rules page, translated: what the list is and is not.
DISCLAIMER = _(
    "This rule set is Kokybė's reading of the sources named on each rule, not legal advice. The organisation's "
    "lawyer must check it before it is relied on."
)
