"""The sessions page and a director's reset of a member's lost second factor, in a real browser with axe-core.

Rasa is logged in on two browsers; from the first she signs the second out. Ona, the director (with an app, past
the second step), resets the second factor Rasa lost, giving a reason.
"""

import pytest
from django_otp.oath import TOTP

from accounts.models import AuthenticatorApp
from kokybe.test import PASSWORD, make_cast

from .helpers import path_of

pytestmark = pytest.mark.browser


def test_a_person_signs_out_another_browser(new_context, login, assert_no_axe_violations):
    cast = make_cast()
    desk, phone = new_context().new_page(), new_context().new_page()
    login(desk, cast.rasa.email, PASSWORD)
    login(phone, cast.rasa.email, PASSWORD)

    desk.goto("/accounts/profile/")
    desk.get_by_role("link", name="Peržiūrėti sesijas").click()
    assert path_of(desk) == "/accounts/sessions/"
    assert desk.get_by_role("heading", name="Kur esate prisijungę").is_visible()
    assert desk.get_by_text("(ši sesija)").count() == 1
    assert_no_axe_violations(desk)
    with desk.expect_navigation():
        desk.get_by_role("button", name="Atjungti šią sesiją").first.click()
    assert desk.get_by_text("Ta sesija atjungta").is_visible()
    assert desk.get_by_text("Kitur neprisijungta.").is_visible()

    phone.goto("/accounts/profile/")
    assert path_of(phone) == "/accounts/login/"


def test_a_director_resets_a_members_lost_second_factor(new_context, login, assert_no_axe_violations):
    cast = make_cast()
    AuthenticatorApp.objects.create(user=cast.rasa, name="Telefonas", confirmed=True)
    app = AuthenticatorApp.objects.create(user=cast.ona, name="Telefonas", confirmed=True)
    page = new_context().new_page()
    login(page, cast.ona.email, PASSWORD)
    page.get_by_label("Kodas").fill(f"{TOTP(app.bin_key).token():06d}")
    with page.expect_navigation():
        page.get_by_role("button", name="Tęsti").click()

    page.goto("/o/alfa/security/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Panaikinti antrąjį veiksnį: Rasa Rasaitė").click()
    assert page.get_by_role("heading", name="Panaikinti antrąjį veiksnį: Rasa Rasaitė").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Kodėl").fill("Pametė telefoną; paskambinau žinomu numeriu")
    with page.expect_navigation():
        page.get_by_role("button", name="Panaikinti antrąjį veiksnį").click()
    assert path_of(page) == "/o/alfa/security/"
    assert page.get_by_text("dabar jungiasi tik slaptažodžiu").is_visible()
    assert not AuthenticatorApp.objects.filter(user=cast.rasa).exists()
