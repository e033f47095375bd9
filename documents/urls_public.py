"""The public quality page, mounted at /p/<org_slug>/: no login; only public, published documents."""

from django.urls import path

from . import views_public

app_name = "quality"

urlpatterns = [
    path("", views_public.quality_page, name="page"),
    path("d/<uuid:uuid>/", views_public.public_document, name="document"),
    path("d/<uuid:uuid>/pdf/", views_public.public_pdf, name="pdf"),
    path("d/<uuid:uuid>/file/", views_public.public_file, name="file"),
]
