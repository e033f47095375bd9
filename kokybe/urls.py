from django.contrib import admin
from django.urls import include, path

from kokybe import views

handler400 = "kokybe.views.bad_request"
handler403 = "kokybe.views.permission_denied"
handler404 = "kokybe.views.page_not_found"
handler500 = "kokybe.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("healthz/", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("programmes/apply/", include("programmes.urls_public")),  # a provider applies to join a programme, no login
    path("programmes/", include("programmes.urls")),
    path("o/<slug:org_slug>/", include("orgs.urls")),
    path("o/<slug:org_slug>/invitations/", include("accounts.urls_org")),
    path("o/<slug:org_slug>/security/", include("accounts.urls_security")),
    path("o/<slug:org_slug>/actions/calendar/", include("work.urls")),
    path("o/<slug:org_slug>/actions/", include("actions.urls")),
    path("o/<slug:org_slug>/frameworks/", include("frameworks.urls")),
    path("o/<slug:org_slug>/documents/", include("documents.urls")),
    path("o/<slug:org_slug>/complaints/", include("complaints.urls")),
    path("p/<slug:org_slug>/complaints/", include("complaints.urls_public")),  # complaints from anyone, no login
    path("p/<slug:org_slug>/", include("documents.urls_public")),  # the public quality page: no login
    path("o/<slug:org_slug>/assessments/", include("assessments.urls")),
    path("o/<slug:org_slug>/audits/", include("audits.urls")),
    path("o/<slug:org_slug>/surveys/", include("surveys.urls")),
    path("o/<slug:org_slug>/people/", include("people.urls")),
    path("o/<slug:org_slug>/programmes/", include("programmes.urls_org")),
    path("o/<slug:org_slug>/safeguarding/", include("safeguarding.urls")),
    path("o/<slug:org_slug>/exports/", include("exports.urls")),
    path("o/<slug:org_slug>/results/", include("results.urls")),
    path("o/<slug:org_slug>/competence/", include("competence.urls")),
    path("s/", include("surveys.urls_public")),  # survey respondents: open links and personal tokens, no login
    path("programmes/<int:programme_pk>/surveys/", include("surveys.urls_programme")),
    path("programmes/<int:programme_pk>/api-tokens/", include("api.urls_programme")),  # a programme's API tokens
    path("api/v1/", include("api.urls_v1")),  # the REST API: tokens or the session, not the pages' gate
    path("me/api-tokens/", include("api.urls")),
    path("o/<slug:org_slug>/webhooks/", include("api.urls_org")),
    path("", include("work.urls_root")),  # /me/… (My work, notifications) and the secret calendar feed
    path("", include("orgs.urls_root")),
]
