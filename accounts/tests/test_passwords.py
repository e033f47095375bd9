"""The password policy: at least 12 characters (ASVS 2.1.1), said in Lithuanian."""

from django.urls import reverse

from kokybe.test import PASSWORD


def _change(client, new):
    return client.post(
        reverse("accounts:password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )


def test_a_password_of_eleven_characters_is_refused_in_lithuanian_and_nothing_changes(client, cast):
    client.force_login(cast.rasa)
    response = _change(client, "Kelias-2026")  # 11 characters
    assert response.status_code == 200
    assert "Šis slaptažodis per trumpas: jame turi būti bent 12 simbolių." in response.content.decode()
    cast.rasa.refresh_from_db()
    assert cast.rasa.check_password(PASSWORD)


def test_a_password_of_twelve_characters_is_accepted(client, cast):
    client.force_login(cast.rasa)
    response = _change(client, "Keliai-2026!")  # 12 characters
    assert response["Location"] == reverse("accounts:password_change_done")
    cast.rasa.refresh_from_db()
    assert cast.rasa.check_password("Keliai-2026!")


def test_the_form_says_how_long_a_password_must_be(client, cast):
    client.force_login(cast.rasa)
    html = client.get(reverse("accounts:password_change")).content.decode()
    assert "Bent 12 simbolių." in html


def test_the_policy_holds_on_every_form_that_sets_a_password(cast):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password("Trumpas-1", cast.rasa)
    except ValidationError as error:
        assert error.error_list[0].code == "password_too_short"
    else:
        raise AssertionError("a nine-character password was accepted")
