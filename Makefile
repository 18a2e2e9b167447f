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

run: install
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

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

.PHONY: help install run test lint migrations-check check bench clean
