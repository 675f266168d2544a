"""The offline edition: a zip that works from file://, search included, with no network."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def unzipped(tmp_path_factory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("ditbook")), "offline", "--dist", str(dist)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    archive = dist / "dit-handbook-offline.zip"
    assert f"Wrote {archive} (" in result.stdout
    assert not list(dist.glob("*.partial"))
    out = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(archive) as zipped:
        names = zipped.namelist()
        assert "dit-handbook/index.html" in names
        assert "dit-handbook/search/search_index.js" in names
        assert not any(n.endswith((".yaml", ".yml")) for n in names)
        zipped.extractall(out)
    return out / "dit-handbook"


def test_no_page_refers_to_a_cdn(unzipped):
    for page in unzipped.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for host in ("unpkg.com", "fonts.googleapis.com", "cdn.jsdelivr.net", "fonts.gstatic"):
            assert host not in text, f"{page.name} refers to {host}"


def test_open_navigate_and_search_from_file_url(browser, unzipped):
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file://", "data:", "blob:", "about:"))
            else route.abort()
        ),
    )
    page.goto((unzipped / "index.html").as_uri(), wait_until="load")
    assert "DIT Handbook" in page.title()

    page.get_by_role("link", name="case index").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("workbook/index.html")
    assert page.locator(".case-index tbody tr").count() >= 10

    page.keyboard.press("/")
    # The search worker starts in an iframe from file://; wait until it says it is ready.
    page.get_by_text("Type to start searching").wait_for(timeout=15_000)
    page.locator(".md-search__input").press_sequentially("transference", delay=30)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=15_000)
    assert page.locator(".md-search-result__item").count() > 0

    off_machine = [u for u in requests if not u.startswith(("file://", "data:", "blob:"))]
    assert off_machine == []
    context.close()
