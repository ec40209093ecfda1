# Lindung: `make demo` runs the demo on embedded SQLite (`make demo PORT=8080` for another port);
# `make test` runs the whole test suite; `make examples` rewrites the sample lists in examples/.
PY ?= python3
PORT ?= 8000
HOST ?= 127.0.0.1
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: setup browser demo examples test lint bench clean

$(STAMP): pyproject.toml
	@$(PY) -c 'import sys; sys.exit("Python 3.11 atau lebih baru diperlukan") if sys.version_info < (3, 11) else None'
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

setup: $(STAMP)

# What the tests use beside Python, from Debian's packages (never a browser download): headless Chromium for
# the end-to-end tests, poppler-utils (pdftotext, pdftoppm) to read the PDFs the tests render.
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-dejavu-core"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -z "$$missing" ] || { \
	  echo "Memasang paket Debian untuk pengujian:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; }

demo: setup
	LINDUNG_ENV=demo $(BIN)/lindung demo --addrport $(HOST):$(PORT)

examples: setup
	LINDUNG_ENV=demo $(BIN)/lindung examples --out examples

test: setup browser
	$(BIN)/pytest -q

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var
