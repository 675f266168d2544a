"""Shared fixtures: the real cases, and the real site built once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from macros.load import load_valid_cases
from macros.paths import CASES_DIR, ROOT

CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))


@pytest.fixture(scope="session")
def cases():
    return load_valid_cases([CASES_DIR])


def run_mkdocs_build(config: Path, site: Path, edition: str = "trainee", **env: str):
    """`mkdocs build --strict` in a subprocess, exactly as an author or CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        cwd=config.parent,
        env={
            **os.environ,
            "DIT_EDITION": edition,
            "DIT_SITE_DIR": str(site),
            "NO_MKDOCS_2_WARNING": "1",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
    )


def _build(tmp_path_factory, edition: str) -> Path:
    site = tmp_path_factory.mktemp(f"site-{edition}")
    result = run_mkdocs_build(ROOT / "mkdocs.yml", site, edition)
    assert result.returncode == 0, f"the {edition} build failed:\n{result.stderr[-6000:]}"
    return site


@pytest.fixture(scope="session")
def trainee_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "trainee")


@pytest.fixture(scope="session")
def supervisor_site(tmp_path_factory) -> Path:
    return _build(tmp_path_factory, "supervisor")
