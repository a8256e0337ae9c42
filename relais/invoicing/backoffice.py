"""The operations team's invoicing pages."""

urlpatterns = []
