"""The EQUASS programme's milestone chain, as seed 000 lived it (DOMAIN.md, "The certification cycle").

Shipped as data (migration 0003 creates the template; a programme may use another). The months after the contract
are those of the Klaipėda centre: contract 2019-01-11, managers' training 2019-02-07, coordinators' training
2019-02-19/20, impact study 2019-11, external audits 2020-11-23 and 2021-03-29, certificate 2021-05-14 (four months
later than the plan's 28th month would be if the pandemic had not moved the audits, so the plan says 22 and 28).
"""

EQUASS_TEMPLATE = "EQUASS Assurance (08.4.1-ESFA-V-421-01-0001)"

# (code, Lithuanian name, English name, months after the contract, the provider record that fills it)
EQUASS_STEPS = [
    ("application", "Paraiška dalyvauti projekte", "Application to join", 0, ""),
    ("contract", "Dalyvavimo sutartis", "Participation contract", 0, ""),
    ("managers-training", "Vadovų mokymai", "Managers' training", 1, ""),
    ("coordinators-training", "EQUASS koordinatorių mokymai", "EQUASS coordinators' training", 2, ""),
    ("consultant-visit", "Konsultanto įvadinis vizitas", "Consultant's introductory visit", 3, ""),
    ("implementation-plan", "Diegimo planas", "Implementation plan", 4, ""),
    ("self-assessment", "Įsivertinimas", "Self-assessment completed", 8, "cycle_completed"),
    ("impact-study-1", "Poveikio vertinimo apklausa (1 etapas)", "Impact study, first round", 10, ""),
    ("internal-audit", "Vidaus auditas", "Internal audit", 16, "internal_audit_closed"),
    ("external-audit", "Išorinis auditas", "External audit", 22, "external_audit_held"),
    ("impact-study-2", "Poveikio vertinimo apklausa (2 etapas)", "Impact study, second round", 26, ""),
    ("certificate", "EQUASS Assurance sertifikatas", "EQUASS Assurance certificate", 28, "certificate_issued"),
    ("progress-report", "Metinė pažangos ataskaita", "Yearly progress report", 40, ""),
    ("renewal", "Sertifikato atnaujinimas", "Certificate renewal", 64, ""),
]


def ensure_equass_template(MilestoneTemplate, MilestoneStep):
    """The template with its steps (models passed in, so a migration can call it with its historical models)."""
    template, created = MilestoneTemplate.objects.get_or_create(
        name=EQUASS_TEMPLATE,
        defaults={
            "description": "Seed 000: application → contract → training → consultant → plan → surveys → "
            "internal audit → external audit → certificate → progress report → renewal."
        },
    )
    if created:
        MilestoneStep.objects.bulk_create(
            MilestoneStep(
                template=template,
                order=order,
                code=code,
                name=name,
                name_en=name_en,
                months_after_contract=months,
                source=source,
            )
            for order, (code, name, name_en, months, source) in enumerate(EQUASS_STEPS, start=1)
        )
    return template
