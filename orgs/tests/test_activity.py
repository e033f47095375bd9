"""The activity log: entries written by services, the filtered page, and that nobody can change entries."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kokybe.test import assert_constant_queries, client_for
from orgs import activity
from orgs.models import ActivityEntry, Service, Unit
from orgs.roles import Role

pytestmark = pytest.mark.django_db


def log_url(cast, query=""):
    return reverse("orgs:activity", args=[cast.alfa.slug]) + query


def entry(cast, *, by, verb, target, changes=None, days_ago=0):
    e = activity.record(org=cast.alfa, by=by, verb=verb, target=target, changes=changes)
    ActivityEntry.objects.filter(pk=e.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return e


@pytest.fixture
def log(cast):
    entry(cast, by=cast.ona, verb="created", target=cast.alfa_unit, days_ago=10)
    entry(cast, by=cast.jonas, verb="updated", target=cast.alfa_service, changes={"status": ["Teikiama", "Planuojama"]})
    entry(cast, by=cast.jonas, verb="deleted", target=cast.alfa_subunit, days_ago=3)
    activity.record(org=cast.beta, by=cast.petras, verb="created", target=cast.beta_unit)


def test_changed_fields_are_shown_with_translated_names(cast, log):
    response = client_for(cast.ona).get(log_url(cast))
    assert response.status_code == 200
    assert "Būsena" in response.text  # the verbose name of Service.status, not "status"
    assert ">status<" not in response.text
    assert "Planuojama" in response.text


def test_sentences_put_the_title_in_quotes_after_its_kind_not_as_the_verbs_object(cast):
    entry(cast, by=cast.jonas, verb="viewed", target=cast.alfa_service)
    entry(cast, by=cast.ona, verb="status", target=cast.alfa_unit)
    text = " ".join(client_for(cast.ona).get(log_url(cast)).text.split())
    service, unit = str(cast.alfa_service), str(cast.alfa_unit)
    # Not "peržiūrėjo <title in the nominative>": the kind carries the case, the title stands as its name.
    assert f"Jonas Jonaitis peržiūrėjo: paslauga „{service}“" in text
    assert f"Ona Onaitė pakeitė būseną: padalinys „{unit}“" in text
    assert f"peržiūrėjo {service}" not in text


def test_field_names_follow_the_readers_language(cast, log):
    cast.ona.language = "en"
    cast.ona.save()
    response = client_for(cast.ona).get(log_url(cast))
    assert "Status" in response.text and "Būsena" not in response.text


def test_log_shows_only_this_organisation(cast, log):
    response = client_for(cast.jonas).get(log_url(cast))
    assert "Globos skyrius" not in response.text  # Beta's unit
    assert "3 įrašai" in response.text


def test_filter_by_person(cast, log):
    text = client_for(cast.ona).get(log_url(cast, f"?actor={cast.ona.pk}")).text
    assert "Pagalbos vaikams padalinys" in text and "Socialinė priežiūra šeimoms" not in text


def test_filter_by_verb(cast, log):
    text = client_for(cast.ona).get(log_url(cast, "?verb=deleted")).text
    assert "Socialinės priežiūros skyrius" in text and "Socialinė priežiūra šeimoms" not in text


def test_filter_by_object_type(cast, log):
    ct = ContentType.objects.get_for_model(Service)
    text = client_for(cast.ona).get(log_url(cast, f"?target_type={ct.pk}")).text
    assert "Socialinė priežiūra šeimoms" in text and "Socialinės priežiūros skyrius" not in text


def test_filter_by_date_range(cast, log):
    today = timezone.localdate()
    query = f"?date_from={today - timedelta(days=5)}&date_to={today - timedelta(days=1)}"
    text = client_for(cast.ona).get(log_url(cast, query)).text
    assert "1 įrašas" in text and "Socialinės priežiūros skyrius" in text


def test_reversed_date_range_is_an_error(cast, log):
    today = timezone.localdate()
    text = client_for(cast.ona).get(log_url(cast, f"?date_from={today}&date_to={today - timedelta(days=2)}")).text
    assert "Pradžios data negali būti vėlesnė už pabaigos datą." in text


def test_person_filter_offers_only_people_in_this_log(cast, log):
    text = client_for(cast.ona).get(log_url(cast)).text
    assert "Petras Petraitis" not in text
    assert f'<option value="{cast.jonas.pk}">Jonas Jonaitis</option>' in text


def test_another_orgs_person_in_filter_is_rejected(cast, log):
    text = client_for(cast.ona).get(log_url(cast, f"?actor={cast.petras.pk}")).text
    assert "Pasirinkite tinkamą" in text


def test_htmx_gets_only_the_results_fragment(cast, log):
    response = client_for(cast.ona, HX_Request="true").get(log_url(cast, "?verb=deleted"))
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="activity-results"')
    assert "<html" not in response.text and "<form" not in response.text


def test_log_is_paginated_by_50(cast):
    ActivityEntry.objects.bulk_create(
        [ActivityEntry(org=cast.alfa, actor=cast.ona, verb="viewed", target_repr=f"Dokumentas {i}") for i in range(60)]
    )
    client = client_for(cast.ona)
    first = client.get(log_url(cast))
    assert first.text.count("<li><time") == 50
    # The link itself must be "?page=2": a doubled "??page=2" never leaves page 1.
    assert 'href="?page=2"' in first.text and "??" not in first.text
    assert client.get(log_url(cast, "?page=2")).text.count("<li><time") == 10


def test_filters_survive_paging(cast):
    ActivityEntry.objects.bulk_create(
        [ActivityEntry(org=cast.alfa, actor=cast.ona, verb="viewed", target_repr=f"D{i}") for i in range(60)]
    )
    text = client_for(cast.ona).get(log_url(cast, "?verb=viewed")).text
    assert 'href="?verb=viewed&amp;page=2"' in text


def test_no_view_edits_or_deletes_entries(cast):
    from kokybe.tests.test_grid import url_patterns

    org_views = [name for name, route, _ in url_patterns() if name.startswith("orgs:") and "activity" in route]
    assert org_views == ["orgs:activity"]
    assert client_for(cast.ona).post(log_url(cast)).status_code == 405


def test_entries_are_append_only(cast):
    e = activity.record(org=cast.alfa, by=cast.ona, verb="created", target=cast.alfa_unit)
    e.verb = "deleted"
    with pytest.raises(ValidationError):
        e.save()
    with pytest.raises(ValidationError):
        e.delete()


def test_labels_fall_back_to_the_model_for_entries_without_them(cast):
    e = ActivityEntry.objects.create(
        org=cast.alfa,
        actor=cast.ona,
        verb="updated",
        target_type=ContentType.objects.get_for_model(Unit),
        target_id=str(cast.alfa_unit.pk),
        changes={"name": ["A", "B"], "gone": ["1", "2"]},
    )
    from django.utils import translation

    with translation.override("lt"):
        assert [row[0] for row in e.change_rows()] == ["pavadinimas", "gone"]


def test_yes_no_changes_read_in_the_readers_language(cast):
    e = ActivityEntry.objects.create(
        org=cast.alfa,
        actor=cast.ona,
        verb="updated",
        target_type=ContentType.objects.get_for_model(Unit),
        target_id=str(cast.alfa_unit.pk),
        changes={"is_public": ["False", "True"], "name": ["True story", "B"]},
    )
    from django.utils import translation

    with translation.override("lt"):
        assert [row[1:] for row in e.change_rows()] == [("Ne", "Taip"), ("True story", "B")]
    with translation.override("en"):
        assert [row[1:] for row in e.change_rows()][0] == ("No", "Yes")


def test_activity_log_query_count_is_constant(cast):
    client = client_for(cast.ona)
    users = [cast.ona, cast.jonas, cast.rasa]

    def grow(n):
        have = ActivityEntry.objects.for_org(cast.alfa).count()
        for i in range(have, n):
            activity.record(
                org=cast.alfa,
                by=users[i % 3],
                verb="updated",
                target=cast.alfa_service if i % 2 else cast.alfa_unit,
                changes={"name": [f"a{i}", f"b{i}"]},
            )

    def render():
        response = client.get(log_url(cast))
        assert response.status_code == 200

    small, large = assert_constant_queries(render, grow)
    print(f"activity log queries: {small} with 10 entries, {large} with 500")


def test_external_auditor_and_staff_cannot_open_the_log(cast):
    assert client_for(cast.rasa).get(log_url(cast)).status_code == 403
    assert client_for(cast.users[Role.EXTERNAL_AUDITOR]).get(log_url(cast)).status_code == 403
