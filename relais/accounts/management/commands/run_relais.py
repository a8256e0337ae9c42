"""`make run`: the web server and a Huey consumer together, stopped together."""

import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start the development server on 127.0.0.1:8000 with a background worker."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        worker = subprocess.Popen([*manage, "run_huey", "--quiet"])  # noqa: S603
        self.stdout.write(self.style.SUCCESS(f"Relais: http://{addrport}/  (Ctrl+C to stop)"))
        try:
            subprocess.run([*manage, "runserver", addrport], check=False)  # noqa: S603
        except KeyboardInterrupt:
            pass
        finally:
            worker.send_signal(signal.SIGINT)
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                worker.kill()
