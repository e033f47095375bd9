"""The demo loader: the Klaipėda centre's ten documents of seed 000, in sensible states; idempotent."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from documents.models import Acknowledgement, Document, Status
from kokybe.lib.demo import DemoContext, load_all

pytestmark = pytest.mark.django_db

SEED_000_ORDER = [
    "EQUASS sertifikatas",
    "Kokybės politika",
    "Paslaugų gavėjų chartija",
    "Etikos ir gerovės užtikrinimo politika",
    "Darbuotojų samdymo ir išsaugojimo tvarka",
    "Skundų nagrinėjimo tvarka",
    "Paslaugų gavėjų įgalinimo koncepcija",
    "Fizinio ir psichologinio smurto prieš paslaugų gavėjus ir finansinio piktnaudžiavimo jų atžvilgiu prevencijos "
    "procedūrų aprašas",
    "Paslaugų gavėjų gyvenimo kokybės koncepcija",
    "Saugos ir sveikatos užtikrinimo priemonių planas",
]


@pytest.fixture
def demo():
    return load_all(DemoContext())


def test_klaipeda_publishes_the_ten_documents_in_the_order_of_its_page(demo):
    cache.clear()
    response = Client().get(reverse("quality:page", args=["klaipeda"]))
    assert [d.title for d in response.context["documents"]] == SEED_000_ORDER
    text = response.content.decode()
    assert "įsakymu Nr. V-15" in text and "EQUASS Assurance" in text


def test_states_one_past_review_one_in_draft_the_rest_in_force(demo):
    org = demo.orgs["klaipeda"]
    documents = list(Document.objects.for_org(org).select_related("type"))
    overdue = [d.type.code for d in documents if d.review_state(demo.today) == "overdue"]
    assert overdue == ["health-safety-plan"]
    assert [d.type.code for d in documents if d.status == Status.DRAFT] == ["quality-of-life-concept"]
    assert sum(d.status == Status.PUBLISHED for d in documents) == 9
    complaints = next(d for d in documents if d.type.code == "complaints-procedure")
    assert complaints.versions.count() == 2 and "15 darbo dienų" in complaints.current_version.body


def test_some_staff_have_confirmed_reading(demo):
    assert Acknowledgement.objects.filter(org=demo.orgs["klaipeda"]).count() >= 5


def test_loading_twice_changes_nothing(demo):
    before = Document.objects.count(), Acknowledgement.objects.count()
    load_all(DemoContext())
    assert (Document.objects.count(), Acknowledgement.objects.count()) == before
