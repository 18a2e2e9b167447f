# Gongkai — the two commands are `make run` and `make test`; everything else supports them.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Django 6 needs Python ≥ 3.12. Prefer 3.13, then 3.12 (pyenv builds on the project's machines).
PYTHON ?= $(firstword $(wildcard /root/.pyenv/versions/3.13.*/bin/python3 /root/.pyenv/versions/3.12.*/bin/python3) \
                      $(shell command -v python3.13 python3.12 2>/dev/null))
VENV := .venv
GK := $(VENV)/bin/gongkai
STAMP := $(VENV)/.installed

help:
	@echo "make run    安装、迁移数据库、载入演示数据，启动网站 (http://127.0.0.1:8000) 和后台任务"
	@echo "make test   运行全部测试（默认 SQLite；设置 DATABASE_URL 则用 PostgreSQL）"
	@echo "make check  CI 所做的全部检查：ruff、分层导入、迁移文件、测试"

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.12 或更高版本（未找到 python3.13 / python3.12）"; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { echo "$(PYTHON) 低于 3.12"; exit 1; }
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Chinese fonts for the PDFs (letters, annual reports). Best effort: installs Debian's Noto CJK when
# apt is available and we are root; otherwise PDFs still render with whatever fonts exist.
fonts:
	@fc-list 2>/dev/null | grep -qi "Noto Serif CJK" || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "安装中文字体 fonts-noto-cjk …"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk libharfbuzz-subset0 >/dev/null || true; \
	  else echo "提示：未找到 Noto CJK 字体，PDF 中的中文可能无法正常显示（apt-get install fonts-noto-cjk）"; fi; }

run: install fonts
	DEBUG=true $(GK) migrate --noinput
	DEBUG=true $(GK) demo
	@echo "网站：http://127.0.0.1:8000/  （Ctrl-C 停止网站和后台任务）"
	@trap 'kill $$worker $$cron 2>/dev/null; wait $$worker $$cron 2>/dev/null' EXIT INT TERM; \
	DEBUG=true $(GK) db_worker --no-reload & worker=$$!; \
	DEBUG=true $(GK) crontask --no-heartbeat & cron=$$!; \
	DEBUG=true $(GK) runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

migrations-check: install
	$(GK) makemigrations --check --dry-run

check: lint migrations-check test

bench: install
	$(VENV)/bin/python bench/inspector.py
	$(VENV)/bin/python bench/search.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

.PHONY: help install fonts run test lint migrations-check check bench clean
