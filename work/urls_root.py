"""A person's own pages across organisations (views.py), outside /o/<org>/."""

from django.urls import path

from . import views

app_name = "me"
urlpatterns = [
    path("me/work/", views.my_work, name="work"),
    path("me/notifications/", views.notification_list, name="notifications"),
    path("me/notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path("me/notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("me/calendar-feed/", views.calendar_feed, name="calendar_feed"),
    path("me/calendar-feed/new/", views.calendar_feed_regenerate, name="calendar_feed_regenerate"),
    path("me/calendar-feed/revoke/", views.calendar_feed_revoke, name="calendar_feed_revoke"),
    # Public by secret: calendar programs fetch it without signing in.
    path("calendar/<str:token>.ics", views.ical_feed, name="ical"),
]
