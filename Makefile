# The catalogue's two commands: `make run` and `make test`. Everything else helps them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: run worker test install messages migrate seed demo-users lint check compose-check schema stop-db clean bench-access-copy browser-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	# Tests validate IIIF manifests with iiif-prezi3, whose Pillow cap (<=12) is for
	# an image helper the tests do not call: installed beside the pinned Pillow.
	$(BIN)/pip install --quiet --no-deps iiif-prezi3==3.1.1
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

run: messages seed demo-users ## set up everything, start a job worker and serve the admin at http://$(HOST)/admin/
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py procrastinate worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=$${DEBUG-1} SECOND_FACTOR_DEMO_BYPASS=$${SECOND_FACTOR_DEMO_BYPASS-1} \
		$(BIN)/python manage.py runserver $(HOST)

worker: migrate ## run a background job worker alone (access copies, derivatives, fixity)
	DEBUG=$${DEBUG-1} $(BIN)/python manage.py procrastinate worker

lint: install ## ruff over the project
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: install ## Django's checks and a check that no migration is missing
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

compose-check: install ## docker-compose.yml and the Dockerfile hold what a deployment needs
	$(BIN)/python -m config.compose_check

test: lint check messages ## run every test
	DEBUG=1 $(BIN)/pytest -q

browser-test: messages ## only the browser tests (Debian's chromium driven by Playwright)
	DEBUG=1 $(BIN)/pytest -q -m browser

schema: install ## regenerate the committed OpenAPI schema (config/openapi.yaml)
	DEBUG=1 $(BIN)/python manage.py spectacular --api-version v1 --validate --fail-on-warn --file config/openapi.yaml

bench-access-copy: install ## time an access copy of a generated 2-hour recording (and 30 min)
	DEBUG=1 $(BIN)/python bench/access_copy_bench.py

stop-db: ## stop the embedded PostgreSQL server (when DATABASE_URL is not set)
	$(BIN)/python -m config.embedded_pg stop

clean: stop-db ## remove the virtualenv and the embedded database
	rm -rf $(VENV) var
