class CoordinatorAdminMixin:
    """The back office of an area is open to coordinators as well as administrators."""

    def _allowed(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.is_coordinator)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request, *args):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request)
