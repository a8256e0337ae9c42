# Relais: `make run` serves the demo portal, `make test` runs every check.
# Both bootstrap a virtual environment in .venv from the pinned requirements.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DEBUG ?= 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test check lint assets messages lock clean bench

$(STAMP): requirements.lock pyproject.toml
	@scripts/need-debian-packages.sh python3-venv gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

var:
	mkdir -p var/mail

run: $(STAMP) var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py compilemessages --ignore .venv --ignore node_modules >/dev/null
	$(PY) manage.py load_demo
	$(PY) manage.py run_relais

check: $(STAMP) var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py compilemessages --ignore .venv --ignore node_modules >/dev/null
	DEBUG=0 HTTPS=1 SECRET_KEY=check-deploy-$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=') \
		ALLOWED_HOSTS=relais.example.org $(PY) manage.py check --deploy --fail-level WARNING

test: check
	@scripts/need-debian-packages.sh chromium
	$(VENV)/bin/pytest -p no:cacheprovider -n 2 --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The matching benchmark (not part of `test`): SQLite, then PostgreSQL at
# DATABASE_URL or 127.0.0.1:5432 if reachable; data sets in databases of their
# own (VAR_DIR/bench/, relais_bench_<size>). Results: docs/benchmarks.md.
bench: $(STAMP) var
	$(PY) -m bench.run

# Extract new strings into the French and Dutch catalogues (translate, then `make test`).
messages: $(STAMP)
	$(PY) manage.py makemessages -l fr -l nl --ignore .venv --ignore node_modules --ignore var --no-obsolete

# Front-end assets come from npm, pinned in package.json, and are committed.
assets:
	npm ci --no-audit --no-fund
	mkdir -p relais/static/vendor/bootstrap relais/static/vendor/htmx relais/static/vendor/chartjs tests/browser/vendor
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map relais/static/vendor/bootstrap/
	cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map relais/static/vendor/bootstrap/
	cp node_modules/bootstrap/LICENSE relais/static/vendor/bootstrap/LICENSE
	cp node_modules/htmx.org/dist/htmx.min.js relais/static/vendor/htmx/
	cp node_modules/htmx.org/LICENSE relais/static/vendor/htmx/LICENSE
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map node_modules/chart.js/LICENSE.md relais/static/vendor/chartjs/
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/browser/vendor/

# Re-pin the Python dependencies after changing pyproject.toml.
lock: $(STAMP)
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	$(VENV)/bin/pip freeze --exclude-editable --exclude relais | sort -f > requirements.lock

clean:
	rm -rf $(VENV) var/static var/test-*.sqlite3
