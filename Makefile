# crosswire: `make demo` and `make test` build .venv on first use and need nothing else.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format bench clean screenshot

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "crosswire needs Python 3.11+")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/crosswire run examples/seeds --out out/

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	scripts/browser.sh
	$(BIN)/python -m pytest -q

format: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/reuse.py
	$(BIN)/python benchmarks/stories.py
	$(BIN)/python benchmarks/quotes.py
	$(BIN)/python benchmarks/analysis.py
	$(BIN)/python benchmarks/conflicts.py
	$(BIN)/python benchmarks/reports.py
	$(BIN)/python benchmarks/scale.py --sizes 2000,5000

screenshot: $(STAMP) demo
	scripts/browser.sh
	CROSSWIRE_SCREENSHOT=docs/story-page.png $(BIN)/python -m pytest -q tests/test_report_browser.py -k renders
	CROSSWIRE_WEB_SCREENSHOT=docs/front-page.png $(BIN)/python -m pytest -q tests/test_web_browser.py -k search_open

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
