"""Project-wide guarantees: migrations match the models, and the layer order holds."""

import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.slow
def test_import_layers_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is a dev dependency"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_statute_has_no_django_import():
    # Belt and braces beside import-linter: a plain text check that needs no tool.
    for file in (ROOT / "gongkai" / "statute").rglob("*.py"):
        text = file.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, file
