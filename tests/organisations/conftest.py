import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Personas get a password each; the real hasher would make these tests slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
