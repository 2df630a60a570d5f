# The two commands users and operators rely on: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TRANSLATIONS := registry/translations
# The suite runs in parallel, one worker per core of the 2-core machines it targets.
TEST_WORKERS ?= 2

.PHONY: run test lint format translations messages bench bench-pages clean

$(VENV)/.installed-run: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

translations: $(VENV)/.installed-run
	$(BIN)/pybabel compile --directory $(TRANSLATIONS) --use-fuzzy --statistics 2>&1 | grep -v '^$$' || true
	@test -f $(TRANSLATIONS)/en/LC_MESSAGES/messages.mo || { echo "translations did not compile"; exit 1; }

# The site and the task queue's worker together; Ctrl-C stops both.
# `make run PORT=8000` serves on another port.
PORT ?= 5000
run: $(VENV)/.installed-run translations
	$(BIN)/registry db upgrade
	$(BIN)/registry seed-demo
	$(BIN)/registry worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/registry run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed-dev translations tests/browser/node_modules/axe-core/axe.min.js
	$(BIN)/pytest -n $(TEST_WORKERS)

# Style, the layers (contracts in pyproject.toml) and the types; any failure fails the target.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# For developers: collect new strings from code and templates into the catalogues.
messages: $(VENV)/.installed-dev
	$(BIN)/pybabel extract --mapping-file babel.cfg --keywords _l --keywords lazy_gettext \
		--no-wrap --sort-by-file --project Innovatieregister --output-file $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --input-file $(TRANSLATIONS)/messages.pot --output-dir $(TRANSLATIONS) \
		--no-wrap --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .import_linter_cache

tests/browser/node_modules/axe-core/axe.min.js: tests/browser/package.json
	-npm install --prefix tests/browser --no-package-lock --no-audit --no-fund --silent

# The search benchmark (minutes, not part of `make test`): Whoosh and SQLite FTS5,
# then the PostgreSQL backend; results in bench/RESULTS.md.
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run --with-50k
	$(BIN)/python -m bench.postgres_search

# The page benchmark (minutes, not part of `make test`): every public page under
# gunicorn next to a bare Flask page, SQLite and PostgreSQL; results in bench/PAGES.md.
bench-pages: $(VENV)/.installed-dev
	$(BIN)/python -m bench.pages --sizes 1000,10000,100000
