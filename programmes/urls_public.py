"""A programme's public application page, mounted at /programmes/apply/ (views_public.py): no login."""

from django.urls import path

from . import views_public

app_name = "programmes_public"
urlpatterns = [
    path("<slug:slug>/", views_public.apply, name="apply"),
    path("<slug:slug>/sent/", views_public.sent, name="sent"),
]
