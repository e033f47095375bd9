"""The evidence interface other apps use (documents/evidence.py)."""

import pytest

from documents import evidence, services
from documents.tests import factories
from frameworks.tests.factories import make_version

pytestmark = pytest.mark.django_db


def test_for_indicators_follows_the_version_in_force_unless_pinned(cast):
    indicators = list(make_version(code="doc-ev").indicators.all()[:2])
    document = factories.approved(cast)
    first = document.current_version
    services.indicator_link(document=document, by=cast.jonas, indicator=indicators[0])
    services.indicator_link(document=document, by=cast.jonas, indicator=indicators[1], version=first)
    version = services.document_new_version(document=document, by=cast.jonas)
    services.version_save(version=version, by=cast.jonas, body="Nauja")
    services.document_submit(document=document, by=cast.jonas)
    services.document_approve(
        document=document, by=cast.ona, approved_on=factories.APPROVED_ON, effective_from=factories.APPROVED_ON
    )
    found = evidence.for_indicators(cast.alfa, [i.pk for i in indicators])
    [floating] = found[indicators[0].pk]
    [pinned] = found[indicators[1].pk]
    assert floating.version.number == 2 and floating.in_force and not floating.pinned
    assert pinned.version.number == 1 and pinned.pinned and not pinned.in_force
    assert pinned.url.endswith("/v/1/")
    assert evidence.for_indicators(cast.beta, [i.pk for i in indicators]) == {}


def test_download_response_serves_text_as_pdf_and_files_as_they_are(cast):
    text = factories.approved(cast).current_version
    response = evidence.download_response(text)
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    upload = factories.pdf_upload("Sertifikatas.pdf")
    stored = factories.approved(cast, type_code="equass-certificate", start="file", upload=upload).current_version
    response = evidence.download_response(stored)
    assert "Sertifikatas.pdf" in response["Content-Disposition"]
