# The catalogue's two commands: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run test install messages migrate seed demo-users lint check schema stop-db clean browser-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create the virtualenv and install the pinned packages

messages: install ## compile the Japanese and Korean translations (gettext's msgfmt)
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -q gettext >/dev/null; } \
		|| { echo "Install gettext (apt-get install gettext) to compile the translations."; exit 1; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore='.venv/*' -v 0

migrate: install ## bring the database schema up to date
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py createcachetable

seed: migrate ## load the source articles, reference records and the fictional demo set
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py load_catalogue
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py rebuild_search_index

demo-users: migrate ## (re)create one demo account per staff group and print the logins
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py create_demo_users --url http://$(HOST)/admin/

run: messages seed demo-users ## set up everything and serve the admin at http://$(HOST)/admin/
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py runserver $(HOST)

lint: install ## ruff over the project
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install ## Django's checks and a check that no migration is missing
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

test: lint check messages ## run every test
	DEBUG=1 $(BIN)/pytest -q

browser-test: messages ## only the browser tests (Debian's chromium driven by Playwright)
	DEBUG=1 $(BIN)/pytest -q -m browser

schema: install ## regenerate the committed OpenAPI schema (config/openapi.yaml)
	DEBUG=1 $(BIN)/python manage.py spectacular --api-version v1 --validate --fail-on-warn --file config/openapi.yaml

stop-db: ## stop the embedded PostgreSQL server (when DATABASE_URL is not set)
	$(BIN)/python -m config.embedded_pg stop

clean: stop-db ## remove the virtualenv and the embedded database
	rm -rf $(VENV) var
