from django.urls import path

from . import views

app_name = "invitations"
urlpatterns = [
    path("", views.invitation_list, name="list"),
    path("<int:pk>/resend/", views.invitation_resend, name="resend"),
    path("<int:pk>/revoke/", views.invitation_revoke, name="revoke"),
]
