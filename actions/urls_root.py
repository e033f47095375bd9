"""A person's own pages across organisations (views_work.py), outside /o/<org>/."""

from django.urls import path

from . import views_work

app_name = "me"
urlpatterns = [
    path("me/work/", views_work.my_work, name="work"),
    path("me/notifications/", views_work.notification_list, name="notifications"),
    path("me/notifications/<int:pk>/read/", views_work.notification_read, name="notification_read"),
    path("me/notifications/read-all/", views_work.notifications_read_all, name="notifications_read_all"),
    path("me/calendar-feed/", views_work.calendar_feed, name="calendar_feed"),
    path("me/calendar-feed/new/", views_work.calendar_feed_regenerate, name="calendar_feed_regenerate"),
    path("me/calendar-feed/revoke/", views_work.calendar_feed_revoke, name="calendar_feed_revoke"),
    # Public by secret: calendar programs fetch it without signing in.
    path("calendar/<str:token>.ics", views_work.ical_feed, name="ical"),
]
