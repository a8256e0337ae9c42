"""The deployment tests run Relais as separate processes sharing one database:
PostgreSQL only. On SQLite their module is not collected at all."""

import os

collect_ignore_glob = (
    [] if os.environ.get("DATABASE_URL", "").startswith("postgres") else ["test_*.py"]
)
