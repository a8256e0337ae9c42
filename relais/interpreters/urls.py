from django.urls import path

from . import views

app_name = "interpreters"

urlpatterns = [
    path("", views.interpreter_list, name="list"),
    path("me/", views.my_profile, name="me"),
    path("me/calendar/new/", views.new_calendar_address, name="new_calendar_address"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("me/windows/add/", views.add_my_window, name="add_my_window"),
    path("me/windows/<int:pk>/remove/", views.remove_my_window, name="remove_my_window"),
    path("me/absences/add/", views.add_my_absence, name="add_my_absence"),
    path("me/absences/<int:pk>/remove/", views.remove_my_absence, name="remove_my_absence"),
    path("open/<int:user_pk>/", views.open_profile, name="open_profile"),
    path("<int:pk>/", views.interpreter_detail, name="detail"),
    path("<int:pk>/languages/add/", views.add_language, name="add_language"),
    path(
        "<int:pk>/languages/<int:language_pk>/remove/",
        views.remove_language,
        name="remove_language",
    ),
    path("<int:pk>/windows/add/", views.add_window, name="add_window"),
    path("<int:pk>/windows/<int:window_pk>/remove/", views.remove_window, name="remove_window"),
    path("<int:pk>/absences/add/", views.add_absence, name="add_absence"),
    path("<int:pk>/absences/<int:absence_pk>/remove/", views.remove_absence, name="remove_absence"),
]
