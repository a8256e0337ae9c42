"""Extract new strings, fill their French and Dutch translations, compile.

    .venv/bin/python scripts/translate.py translations.json [more.json ...]

Each JSON file maps a msgid to its translations: ``{"Seats left": {"fr": "Places
restantes", "nl": "Resterende plaatsen"}}``; a plural msgid maps to lists
(``{"fr": ["1 place", "%(n)s places"], ...}``); a msgid with a context is written
``"context\\u0004msgid"``. Entries already translated are overwritten, unknown
msgids are reported. Several sessions may run it at once: a lock serialises
them, since each run rewrites the whole catalogue.
"""

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LANGUAGES = ("fr", "nl")
IGNORE = ("--ignore", ".venv", "--ignore", "node_modules", "--ignore", "var")
IGNORE_MORE = ("--ignore", "tests", "--ignore", "bench")


def manage(*args: str) -> None:
    env = {**os.environ, "DEBUG": "1"}
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def extract() -> None:
    manage(
        "makemessages", *(f"-l{lang}" for lang in LANGUAGES), *IGNORE, *IGNORE_MORE, "--no-obsolete"
    )


def fill(entries: dict) -> list[str]:
    unknown = set(entries)
    for lang in LANGUAGES:
        path = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
        with path.open("rb") as file:
            catalog = read_po(file)
        for key, translations in entries.items():
            context, _, msgid = key.rpartition("\x04")
            message = catalog.get(msgid, context=context or None)
            if message is None or lang not in translations:
                continue
            unknown.discard(key)
            value = translations[lang]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
        with path.open("wb") as file:
            write_po(file, catalog, width=79)
        # Babel writes "Project-Id-Version: <project> <version>" with an empty version.
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("Project-Id-Version:  ", "Project-Id-Version: "), "utf-8")
    return sorted(unknown)


def main(files: list[str]) -> int:
    entries: dict = {}
    for name in files:
        entries.update(json.loads(Path(name).read_text(encoding="utf-8")))
    with (ROOT / "locale" / ".translate.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        extract()
        unknown = fill(entries)
        extract()  # back to gettext's own layout, so diffs stay small
        manage("compilemessages", *IGNORE)
    for key in unknown:
        print(f"not in the catalogue: {key!r}", file=sys.stderr)
    for lang in LANGUAGES:
        po = ROOT / "locale" / lang / "LC_MESSAGES" / "django.po"
        subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)], check=True)  # noqa: S603, S607
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
