import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing strength is Django's business; these tests check what people see, quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
