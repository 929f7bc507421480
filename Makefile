# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := wsgi.py
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install translations migrate demo bench bench-sortition lint i18n-update clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

translations: install
	$(BIN)/python scripts/i18n.py compile > /dev/null

migrate: install
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask seed-demo --if-empty

## make run: set up everything, then serve on http://127.0.0.1:5000
run: translations demo
	@echo "Serving on http://$(HOST):$(PORT)  (Ctrl+C to stop)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## make test: the whole suite (SQLite; set TEST_DATABASE_URL for PostgreSQL)
test: translations
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no tests were collected"; exit 1; fi; exit $$rc

bench: translations
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-sortition: install
	$(BIN)/python -m bench.sortition $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check office
	$(BIN)/bandit -ll -q -r office bench scripts
	$(BIN)/python scripts/i18n.py check

i18n-update: install
	$(BIN)/python scripts/i18n.py update

clean:
	rm -rf $(VENV) translations/*/LC_MESSAGES/*.mo
