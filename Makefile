# Two commands for a new user: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
WITH_KEY = SECRET_KEY="$$(cat .secret_key)"
PORT ?= 8000

.PHONY: install run test bench

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[dev]'
	touch $@

install: $(INSTALLED)

# A secret key generated once for this checkout; git ignores it.
.secret_key:
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: install .secret_key
	$(WITH_KEY) $(BIN)/python manage.py compilemessages --ignore=.venv
	$(WITH_KEY) $(BIN)/python manage.py migrate --no-input
	$(WITH_KEY) $(BIN)/python manage.py load_content --no-input
	$(WITH_KEY) $(BIN)/python manage.py clearsessions
	$(WITH_KEY) $(BIN)/python manage.py remove_orphans
	$(WITH_KEY) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo
	@echo "GluteSite is running at http://127.0.0.1:$(PORT)/  (stop it with Ctrl+C)"
	@echo "Editors sign in at http://127.0.0.1:$(PORT)/admin/"
	@echo "Create an editor login in another terminal with:"
	@echo "    SECRET_KEY=\"\$$(cat .secret_key)\" $(BIN)/python manage.py create_editor YOUR-NAME"
	@echo
	$(WITH_KEY) exec $(BIN)/gunicorn glutesite.wsgi --bind 127.0.0.1:$(PORT) --workers 2

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=on $(BIN)/python manage.py compilemessages --ignore=.venv
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install .secret_key
	$(WITH_KEY) $(BIN)/python -m tests.bench
