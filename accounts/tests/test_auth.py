import re

import pytest
from django.core import mail
from django.urls import reverse

from kokybe.test import PASSWORD, make_user, pass_second_factor

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _link(body):
    return re.search(r"https?://\S+", body).group(0)


def test_login_page_is_a_plain_form_that_works_without_javascript(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="post" action="{LOGIN}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "hx-" not in html.split("<main", 1)[1]
    assert reverse("accounts:password_reset") in html


def test_login_page_renders_in_lithuanian_by_default(client):
    html = client.get(LOGIN).content.decode()
    assert "Prisijungimas prie sistemos „Kokybė“" in html
    assert "El. pašto adresas" in html
    assert "Pamiršote slaptažodį?" in html


def test_login_with_right_password_signs_in_and_goes_home(client, cast):
    response = client.post(LOGIN, {"username": "Jonas@Alfa.test", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("root:home")
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_login_honours_next(client, cast):
    target = reverse("orgs:dashboard", args=[cast.alfa.slug])
    response = client.post(LOGIN, {"username": "jonas@alfa.test", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_wrong_password_is_refused_with_a_translated_error(client, cast):
    response = client.post(LOGIN, {"username": "jonas@alfa.test", "password": "wrong"})
    assert response.status_code == 200
    assert "Neteisingas el. pašto adresas arba slaptažodis." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_wrong_password_error_in_english(client, cast):
    client.cookies["django_language"] = "en"
    response = client.post(LOGIN, {"username": "nobody@alfa.test", "password": "wrong"})
    assert "The e-mail address or the password is wrong." in response.content.decode()


def test_logout_by_post_signs_out(client, cast):
    client.force_login(cast.jonas)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_logout_by_get_is_refused(client, cast):
    client.force_login(cast.jonas)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


@pytest.mark.parametrize(
    ("language", "subject"),
    [("lt", "Naujo slaptažodžio nustatymas sistemoje „Kokybė“"), ("en", "Set a new password for Kokybė")],
)
def test_password_reset_mail_is_in_the_users_language(client, settings, language, subject):
    settings.SITE_URL = "https://kokybe.example"
    make_user("lina@alfa.test", "Lina Linaitė", language=language)
    client.cookies["django_language"] = "en" if language == "lt" else "lt"  # the page's language must not matter
    response = client.post(reverse("accounts:password_reset"), {"email": "Lina@alfa.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lina@alfa.test"]
    assert message.subject == subject
    assert _link(message.body).startswith("https://kokybe.example/accounts/password/reset/")


def test_password_reset_link_sets_a_new_password(client):
    user = make_user("lina@alfa.test", "Lina Linaitė", language="en")
    client.post(reverse("accounts:password_reset"), {"email": "lina@alfa.test"})
    path = _link(mail.outbox[0].body).split("8000", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Naujo slaptažodžio nustatymas" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "Naujas-slaptazodis-2026"
    response = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new)
    # The link works once.
    assert "Šia nuoroda pasinaudoti nebegalima" in client.get(path, follow=True).content.decode()


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@alfa.test"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_with_a_bad_link_explains_it(client):
    url = reverse("accounts:password_reset_confirm", args=["MQ", "made-up-token"])
    html = client.get(url).content.decode()
    assert "Šia nuoroda pasinaudoti nebegalima" in html


def test_change_password_keeps_the_person_signed_in(client, cast):
    client.force_login(cast.rasa)
    new = "Kitas-slaptazodis-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    cast.rasa.refresh_from_db()
    assert cast.rasa.check_password(new)
    assert client.get(reverse("accounts:password_change_done")).status_code == 200


def test_change_password_with_a_wrong_old_password_is_refused(client, cast):
    client.force_login(cast.rasa)
    new = "Kitas-slaptazodis-2026"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 200
    assert "Blogai įvestas senas slaptažodis" in response.content.decode()
    cast.rasa.refresh_from_db()
    assert cast.rasa.check_password(PASSWORD)


def test_change_password_needs_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_profile_renders_in_lithuanian(client, cast):
    client.force_login(cast.rasa)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "<h1>Profilis</h1>" in html
    assert "Vardas ir pavardė" in html
    assert "rasa@alfa.test" in html


def test_saving_language_switches_the_interface_at_once(client, cast):
    client.force_login(cast.rasa)
    response = client.post(reverse("accounts:profile"), {"full_name": "Rasa R.", "language": "en"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Profile</h1>" in html
    assert "Your profile has been saved." in html
    cast.rasa.refresh_from_db()
    assert (cast.rasa.full_name, cast.rasa.language) == ("Rasa R.", "en")
    # Kept for the login page after logging out.
    assert client.cookies["django_language"].value == "en"


def test_profile_refuses_an_unknown_language(client, cast):
    client.force_login(cast.rasa)
    response = client.post(reverse("accounts:profile"), {"full_name": "Rasa", "language": "de"})
    assert response.status_code == 200
    cast.rasa.refresh_from_db()
    assert cast.rasa.language == "lt"


def test_superuser_adds_a_person_in_admin(client):
    from accounts.models import User

    admin = User.objects.create_superuser("admin@kokybe.test", PASSWORD)
    client.force_login(admin)
    pass_second_factor(client, admin)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nauja@alfa.test",
            "full_name": "Nauja Narė",
            "language": "lt",
            "usable_password": "true",
            "password1": "Labai-geras-2026",
            "password2": "Labai-geras-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="nauja@alfa.test").check_password("Labai-geras-2026")
    assert client.get(reverse("admin:accounts_invitation_changelist")).status_code == 200
