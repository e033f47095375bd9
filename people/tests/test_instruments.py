"""The instruments page: a manager uploads a licensed instrument's item wording, sees a preview, confirms; a bad file
gets a translated error and writes nothing; the import is logged; the command reads the same files."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from kokybe.test import client_for, urls_for
from orgs.models import ActivityEntry
from people import instruments
from people.models import Instrument

pytestmark = pytest.mark.django_db
url = urls_for("people")


def wording_file(lines=None, name="whoqol.yaml"):
    lines = lines if lines is not None else [f"q{n}: {{text_lt: 'Sugalvotas klausimas {n}'}}" for n in range(1, 27)]
    return SimpleUploadedFile(name, "\n".join(lines).encode(), content_type="application/x-yaml")


def upload(client, cast, file):
    return client.post(url("instruments", cast), {"instrument": "whoqol-bref", "file": file})


def test_a_manager_previews_then_confirms_and_the_import_is_logged(cast):
    client = client_for(cast.jonas)  # the quality coordinator
    preview = upload(client, cast, wording_file())
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Sugalvotas klausimas 26" in page and 'name="confirm"' in page
    assert not Instrument.objects.exists()  # a preview writes nothing

    content = preview.context["confirm"].initial["content"]
    done = client.post(url("instruments", cast), {"instrument": "whoqol-bref", "content": content, "confirm": "1"})
    assert done.status_code == 302
    definition = instruments.for_org(cast.alfa)["whoqol-bref"]
    assert definition["items"][25]["text_lt"] == "Sugalvotas klausimas 26" and not definition["needs_wording"]
    assert definition["items"][2]["reverse"] is True  # the shipped structure and scoring stay
    entry = ActivityEntry.objects.get(org=cast.alfa, verb=ActivityEntry.Verb.IMPORTED)
    assert entry.actor == cast.jonas and "WHOQOL-BREF" in entry.target_repr
    assert "Importuota" in client.get(url("instruments", cast)).content.decode()


@pytest.mark.parametrize(
    "lines, message",
    [
        (["q1: {text_lt: 'tik vienas'}"], "Trūksta formuluočių"),
        ([f"q{n}: {{text_lt: 'x'}}" for n in range(1, 28)], "Nežinomi klausimai: q27"),
        (["q1: [neuždarytas"], "netinkamas YAML"),
        (["- q1", "- q2"], "Faile kiekvienam klausimui"),
        (["q1: {text_lt: ''}"], "q1"),
    ],
)
def test_a_bad_file_gets_a_translated_error_and_writes_nothing(cast, lines, message):
    response = upload(client_for(cast.ona), cast, wording_file(lines))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Instrument.objects.exists() and not ActivityEntry.objects.filter(verb="imported").exists()


def test_a_file_that_is_not_text_is_refused(cast):
    png = SimpleUploadedFile("whoqol.yaml", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png")
    response = upload(client_for(cast.ona), cast, png)
    assert response.status_code == 400 and "YAML" in response.content.decode()
    assert not Instrument.objects.exists()


def test_a_confirm_with_changed_content_is_checked_again(cast):
    response = client_for(cast.ona).post(
        url("instruments", cast), {"instrument": "whoqol-bref", "content": "q1: {text_lt: x}", "confirm": "1"}
    )
    assert response.status_code == 400 and "Trūksta formuluočių" in response.content.decode()
    assert not Instrument.objects.exists()


def test_only_managers_open_the_page(cast):
    assert client_for(cast.rasa).get(url("instruments", cast)).status_code == 403
    page = client_for(cast.ona).get(url("instruments", cast)).content.decode()
    assert "WHOQOL-BREF" in page and "rodomi tik jų numeriai" in page


def test_the_command_and_the_page_share_one_reading(cast, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    path = tmp_path / "whoqol.yaml"
    path.write_text("- q1\n- q2\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_qol_wording", "alfa", "whoqol-bref", str(path))
    path.write_text("\n".join(f"q{n}: {{text_en: 'Made-up item {n}'}}" for n in range(1, 27)), encoding="utf-8")
    call_command("import_qol_wording", "alfa", "whoqol-bref", str(path))
    assert ActivityEntry.objects.get(verb=ActivityEntry.Verb.IMPORTED).actor is None
