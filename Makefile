# civiclab — two commands on a fresh machine: `make demo` and `make test`.
# Both create .venv themselves through `make install` (idempotent: a stamp file
# records that pyproject.toml was installed, so a second run takes no time).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= demo-output

.PHONY: install system-deps hub-deps demo test test-browser test-postgres test-hub test-soak lab bench docs lint clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	@# JupyterLab in Korean by default (the language pack is a dependency).
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@echo '{"@jupyterlab/translation-extension:plugin": {"locale": "ko_KR"}}' \
		> $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)
	@echo "설치를 마쳤습니다 (.venv)."

# Debian chromium and Korean fonts for the browser tests, PostgreSQL for the several-graders
# gradebook test, bubblewrap for the grading sandbox; best effort, needs root and apt (the
# tests skip visibly without them).
system-deps:
	@if { ! command -v chromium >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 \
		|| ! command -v bwrap >/dev/null 2>&1; } \
		&& command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "chromium, 나눔 글꼴, PostgreSQL, bubblewrap 을 설치합니다 (브라우저·채점 데이터베이스·채점 격리 시험용)."; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum postgresql bubblewrap >/dev/null \
		|| echo "chromium, PostgreSQL 또는 bubblewrap 을 설치하지 못했습니다: 해당 시험은 건너뜁니다."; \
	fi

demo: install
	$(BIN)/civiclab demo --out $(OUT)

test: install system-deps
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-browser: install system-deps
	$(BIN)/python -m pytest -q -m browser

# Several graders on one PostgreSQL gradebook (a throwaway cluster on a Unix socket; also part of `make test`).
test-postgres: install system-deps
	$(BIN)/python -m pytest -q -m postgres tests/grading

# A real JupyterHub with configurable-http-proxy (npm) and real local accounts; loopback only, needs root.
hub-deps: install
	$(BIN)/python -m pip install --quiet "jupyterhub>=6.1,<7" "jupyterhub-idle-culler>=2,<3"
	npm ci --prefix deploy/single-server --no-audit --no-fund --silent
	@command -v setfacl >/dev/null 2>&1 || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq acl >/dev/null; }

test-hub: hub-deps
	$(BIN)/python -m pytest -q -m hub -o addopts="" tests/deploy

test-soak: hub-deps
	$(BIN)/python -m pytest -q -m soak -o addopts="" tests/deploy tests/security -s

lab: install
	$(BIN)/jupyter lab --notebook-dir=. --LabApp.default_url=/lab/tree/notebooks \
		--ServerApp.ip=127.0.0.1

bench: install
	$(BIN)/python -m benchmarks

docs: install
	$(BIN)/python -m civiclab.cli._reference README.md

lint: install
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(OUT) .civiclab .pytest_cache
