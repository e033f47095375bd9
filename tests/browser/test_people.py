"""Person-centred outcomes in a real browser, on a tablet: the key worker writes a plan with three goals, hands the
tablet to the person, who answers the easy-read quality-of-life questionnaire by touch only, then records the
review and reads the GAS T-score. axe-core runs on every page they visit."""

from datetime import date, timedelta

import pytest

from kokybe.lib.demo import DemoContext
from people.models import Measurement, Plan, ServiceUser

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}
KEY_WORKER = "darbuotojas@klaipeda.demo"


@pytest.fixture
def person(transactional_db):
    from orgs import demo as orgs_demo

    ctx = DemoContext()
    orgs_demo.load(ctx)
    org = ctx.orgs["klaipeda"]
    return ServiceUser.objects.create(
        org=org,
        started=ctx.today - timedelta(days=30),
        age_group="adult",
        key_worker=ctx.users[KEY_WORKER],
        consent_on=ctx.today - timedelta(days=30),
        consent_form="self",
    )


GOALS = [
    ("Savarankiškai apsipirkti", "social_inclusion", "Kartą per savaitę apsiperka pats"),
    ("Palaikyti ryšį su seserimi", "interpersonal_relations", "Kas savaitę paskambina"),
    ("Daugiau judėti", "physical_wellbeing", "Pasivaikšto tris kartus per savaitę"),
]


def go(page, locator):
    """Tap what leads to another page, and wait for it."""
    with page.expect_navigation():
        locator.tap()


def test_key_worker_plans_the_person_answers_by_touch_and_the_review_computes_t(
    person, new_context, login, assert_no_axe_violations
):
    tablet = new_context(viewport=TABLET, has_touch=True, is_mobile=True).new_page()
    login(tablet, KEY_WORKER, "demo")
    tablet.goto(f"/o/{person.org.slug}/people/")  # a staff member lands on My work, outside the organisation
    assert_no_axe_violations(tablet)
    go(tablet, tablet.get_by_role("link", name=person.reference))
    assert_no_axe_violations(tablet)

    # The plan: three goals, each with its domain and the expected level in plain words.
    go(tablet, tablet.get_by_role("link", name="Sudaryti planą"))
    assert_no_axe_violations(tablet)
    review_on = (date.today() + timedelta(days=180)).isoformat()
    tablet.locator("#id_review_on").fill(review_on)
    for i, (title, domain, expected) in enumerate(GOALS):
        tablet.locator(f"#id_form-{i}-title").fill(title)
        tablet.locator(f"#id_form-{i}-domain").select_option(domain)
        tablet.locator(f"#id_form-{i}-level_0").fill(expected)
        tablet.locator(f"#id_form-{i}-level_plus1").fill(expected + " ir daugiau")
    go(tablet, tablet.get_by_role("button", name="Išsaugoti planą"))
    tablet.wait_for_url("**/plans/1/")
    assert_no_axe_violations(tablet)
    plan = Plan.objects.get(service_user=person)
    assert [g.title for g in plan.goals.all()] == [g[0] for g in GOALS]

    # The person answers the easy-read questionnaire: one question a screen, a face, "Next" — touch only.
    go(tablet, tablet.get_by_role("link", name="Atgal į asmens puslapį"))
    go(tablet, tablet.get_by_role("link", name="lengvai suprantama forma planšetėje").first)
    assert_no_axe_violations(tablet)
    for step in range(16):
        tablet.locator("label.face").nth(2 if step % 2 else 1).tap()
        assert tablet.locator("input[type=radio]:checked").count() == 1
        go(tablet, tablet.get_by_role("button", name="Toliau"))
    assert_no_axe_violations(tablet)
    go(tablet, tablet.get_by_role("button", name="Išsaugoti mano atsakymus"))
    tablet.wait_for_url(f"**/people/{person.reference}/")
    measurement = Measurement.objects.get(service_user=person)
    assert measurement.version == "easy" and measurement.scores["rights"] == 75
    assert tablet.locator("svg.qol-chart").is_visible()
    assert tablet.evaluate("() => document.documentElement.scrollWidth") <= TABLET["width"]
    assert_no_axe_violations(tablet)

    # The review: every goal one level above the expected one → T ≈ 63.7.
    go(tablet, tablet.locator("a[href$='/plans/1/']").first)
    go(tablet, tablet.get_by_role("link", name="Įrašyti peržiūrą"))
    assert_no_axe_violations(tablet)
    for goal in plan.goals.all():
        tablet.locator(f"label[for='id_goal_{goal.pk}_3']").tap()
    go(tablet, tablet.get_by_role("button", name="Išsaugoti peržiūrą"))
    tablet.wait_for_url("**/plans/1/")
    assert "63,7" in tablet.locator("tfoot").inner_text()
    assert "ρ = 0.3" in tablet.locator("main").inner_text()
    assert_no_axe_violations(tablet)
