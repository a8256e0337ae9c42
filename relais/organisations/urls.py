from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/invite/", views.invite_member, name="invite"),
    path(
        "<int:pk>/members/<int:membership_pk>/deactivate/",
        views.deactivate_member,
        name="deactivate_member",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/resend/",
        views.resend_invitation,
        name="resend_invitation",
    ),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path("<int:pk>/places/new/", views.edit_place, name="add_place"),
    path("<int:pk>/places/<int:place_pk>/edit/", views.edit_place, name="edit_place"),
]
