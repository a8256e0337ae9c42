"""Actions et tâches: the portal's home page, one per role."""

from relais.accounts.views import home  # noqa: F401  (moved here by the home page's work)
