"""The page choices of the browser passes (tests/page_sets.py), on small made-up sites."""

from __future__ import annotations

from pathlib import Path

from .page_sets import covering_pages, element_kinds, page_paths


def page(body: str, nav: str = "<nav><a class='md-nav__link'>x</a></nav>") -> str:
    return f"<html><body>{nav}<article class='md-content__inner'>{body}</article></body></html>"


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for path, html in pages.items():
        (root / path).mkdir(parents=True, exist_ok=True)
        (root / path / "index.html").write_text(html, encoding="utf-8")
    return root


def many(n: int, body: str = "<p>Same.</p>") -> dict[str, str]:
    return {f"p{i:02d}": page(body) for i in range(n)}


def test_a_kind_of_element_is_its_tag_classes_and_parent():
    kinds = element_kinds("<div class='b a'><p>x<br>y</p><span class=c></span></div><hr>")
    assert kinds == {" > div a b", "div a b > p", "p > br", "div a b > span c", " > hr"}


def test_a_stray_end_tag_closes_nothing():
    assert "div > span" in element_kinds("<div></p><span></span></div>")


def test_the_covering_pages_hold_every_kind_of_element(tmp_path):
    pages = many(25)
    pages["p07"] = page("<p>Same.</p><div class='admonition warning'><p>Only here.</p></div>")
    pages["p19"] = page("<table><tr><td>Only here.</td></tr></table>")
    site = write_site(tmp_path, pages)
    chosen = covering_pages(site, page_paths(site))
    assert "p07/" in chosen and "p19/" in chosen
    assert len(chosen) == 2  # the others add nothing


def test_the_same_class_under_another_parent_is_another_kind(tmp_path):
    pages = many(25, "<p><a class='x'>link</a></p>")
    pages["p11"] = page("<p>text</p><div class='admonition'><a class='x'>link</a></div>")
    site = write_site(tmp_path, pages)
    assert "p11/" in covering_pages(site, page_paths(site))


def test_kinds_already_known_need_no_page(tmp_path):
    pages = many(25)
    pages["p04"] = page("<p>Same.</p><div class='rubric'><p>Levels</p></div>")
    site = write_site(tmp_path, pages)
    known = element_kinds(page("<p>Same.</p>"))
    assert covering_pages(site, page_paths(site), known=known) == ["p04/"]
    assert covering_pages(site, page_paths(site), known=element_kinds(pages["p04"])) == []
