#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    # A checkout without a SECRET_KEY is a development machine: debug mode, as
    # `make` sets it. A server has its SECRET_KEY, and DEBUG stays off there.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
