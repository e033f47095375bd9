"""A NUL character in an address or an API body is refused with a translated 400, on SQLite and PostgreSQL alike.

PostgreSQL refuses NUL in any text parameter: before the refusal at the door, `?q=%00` on a list filter and the
API's `?kind=%00` ended as server errors there (Schemathesis found the second).
"""

import pytest

from actions.models import ImprovementAction
from api.tests.helpers import ApiClient, make_token


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["q=%00", "q=ab%00cd", "status=%00&type=x"])
@pytest.mark.parametrize("page", ["/o/alfa/documents/", "/o/alfa/complaints/"])
def test_a_page_filter_with_nul_is_refused_in_lithuanian(client, cast, page, query):
    client.force_login(cast.rasa)
    response = client.get(f"{page}?{query}")
    assert response.status_code == 400
    assert "neleistinas" in response.content.decode()


@pytest.mark.django_db
def test_an_ordinary_filter_still_works(client, cast):
    client.force_login(cast.rasa)
    assert client.get("/o/alfa/documents/?q=%2500tvarka").status_code == 200
    assert client.get("/o/alfa/complaints/?q=%2500skundas").status_code == 200


@pytest.mark.django_db
def test_the_api_refuses_nul_in_a_query_as_a_problem(cast):
    jonas = ApiClient(make_token(cast.jonas, cast.alfa))
    response = jonas.client.get("/api/v1/orgs/alfa/evidence?kind=%C3%A3%00x", headers=jonas.headers)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


@pytest.mark.django_db
def test_the_api_refuses_nul_in_a_body_and_writes_nothing(cast):
    jonas = ApiClient(make_token(cast.jonas, cast.alfa))
    before = ImprovementAction.objects.count()
    response = jonas.post("/api/v1/orgs/alfa/actions", {"title": "Veiksmas\u0000"})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert ImprovementAction.objects.count() == before
