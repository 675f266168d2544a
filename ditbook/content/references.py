"""The bibliography as data: `docs/references.json`, one CSL-JSON item per work the handbook cites.

CSL-JSON is the data format of the Citation Style Language, read by Zotero, pandoc and every CSL
processor. Each item's `id` is the anchor that chapters link to (`references.md#<id>`). What CSL
has no variable for sits in the item's `custom` object (CSL-JSON 1.0.2):

- `group`: the section of the references page the item belongs to (required);
- `undated`: true for a work that carries no date, so that "n.d." is a statement, not an omission;
- `gaps`: the details we could not confirm (e.g. `["author"]`); a rule below is waived only for a
  detail named here, and the page says what is missing;
- `comment`: one plain-text sentence or two shown after the reference;
- `links`: further canonical records, as `{"label": ..., "url": ...}`;
- `uncited`: why no chapter cites the item (otherwise every item must be cited).

`problems` checks every item: authors (or an organisation), every one of them and no "et al.", a
year or an explicit n.d., a full title that is not a description (bracketed or not) and is never
a declared gap, where it was published, and every link canonical:
https, on a known canonical host or a DOI, PubMed or PMC record, never a copy on a
document-sharing site and never a truncated or shortened address. Standard library only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Hosts whose pages are canonical records: a DOI, a bibliographic database, a publisher, or the
# organisation that owns the page (a guideline body, a university, a training provider or service
# describing its own offer). A host not listed here is refused: add it only for the owner's site.
CANONICAL_HOSTS = frozenset(
    {
        # Identifiers and bibliographic databases
        "doi.org",
        "pubmed.ncbi.nlm.nih.gov",
        "pmc.ncbi.nlm.nih.gov",
        "www.ncbi.nlm.nih.gov",
        "clinicaltrials.gov",
        "www.isrctn.com",
        # Guideline bodies and public health
        "www.nice.org.uk",
        "fingertips.phe.org.uk",
        "digital.nhs.uk",
        "www.england.nhs.uk",
        # UK government: statutory guidance and legislation, on the government's own sites
        "www.gov.uk",
        "www.legislation.gov.uk",
        # Universities' own records
        "www.ucl.ac.uk",
        "openaccess.city.ac.uk",
        "repository.tavistockandportman.ac.uk",
        "research.manchester.ac.uk",
        "sites.manchester.ac.uk",
        # Publishers and professional bodies
        "www.cambridge.org",
        "psychiatryonline.org",
        "www.bacp.co.uk",
        "www.kjpsych.co.uk",
        "interpersonalpsychotherapy.org",
        "www.iptuk.net",
        "www.engage.acat.org.uk",
        # Training providers and services, cited for what they say of their own offer
        "www.annafreud.org",
        "annafreud.org",
        "www.d-i-t.org",
        "london-spring.org",
        "supportingsafetherapy.org",
        "www.suttonuplift.co.uk",
        "www.counselling-directory.org.uk",
        "catalyst-wcs.org.uk",
        "talkwandsworth.nhs.uk",
        "inclusionthurrock.org",
        "psyhealth.co.uk",
        "welldoing.org",
        "www.mytherapistonline.co.uk",
    }
)

# Copies of other people's documents, aggregators and shorteners: never a canonical record.
# Matched against the host name, so "vdocument" also refuses vdocuments.mx and vdocument.in.
DENIED_HOST_PARTS = (
    "studylib",
    "doczz",
    "dokumen",
    "pdfslide",
    "vdocument",
    "paperzz",
    "scribd",
    "documents.pub",
    "documentine",
    "docplayer",
    "docslib",
    "fdocuments",
    "fdokumen",
    "docobook",
    "healthdocbox",
    "coggle",
    "iatrox",
    "researcher.life",
    "informahealthcare",
    "oxfordindex",
    "geckowindow",
)
# Address shorteners: refused as hosts (or their subdomains), not as parts of other names.
SHORTENERS = frozenset({"bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly"})

# A title that is only a description in square brackets, e.g. "[Review of DIT, in Dutch]".
_BRACKETED = re.compile(r"^\s*\[.*\]\s*$|\[[^\]]*\]")
# A title that describes the work instead of naming it: "Book chapter on DIT and attachment",
# "Chapter 13", "Trial registration NCT05134103", "Slides about mentalizing", or a genre note in
# brackets at the end, "... (book review)". Such a work is cited by its own title, or not at all.
_DESCRIPTIVE = re.compile(
    r"^\s*(?:an?\s+|the\s+)?(?:book\s+chapter|chapter|article|paper|slides|lecture|web\s*page)"
    r"\s+(?:on|about|describing)\b"
    r"|^\s*(?:book\s+)?chapter\s+\d"
    r"|^\s*(?:trial\s+)?registration\s+(?:NCT|ISRCTN|number|\d)"
    r"|\((?:book\s+)?(?:review|chapter|slides|abstract|trial\s+registration|web\s*page)\)\s*$",
    re.IGNORECASE,
)
# "et al." stands for authors left out: a reference lists every author.
_ET_AL = re.compile(r"\bet\.?\s*al\b", re.IGNORECASE)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.item}: {self.field}: {self.message}"


class BibliographyError(ValueError):
    """The bibliography file has problems; the message lists every one."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def load(path: Path) -> list[dict[str, Any]]:
    """The items of a CSL-JSON file, in file order; BibliographyError if it is not a list of
    objects each with an `id`."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise BibliographyError([Problem(path, err.lineno, "(file)", "json", err.msg)]) from None
    if not isinstance(data, list) or not all(
        isinstance(item, dict) and isinstance(item.get("id"), str) for item in data
    ):
        raise BibliographyError(
            [Problem(path, 1, "(file)", "items", "must be a list of objects, each with an id")]
        )
    return data


def custom(item: dict[str, Any]) -> dict[str, Any]:
    value = item.get("custom")
    return value if isinstance(value, dict) else {}


def gaps(item: dict[str, Any]) -> set[str]:
    return {str(g) for g in custom(item).get("gaps") or ()}


def urls(item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(field, address) of every link the page gives for an item, its DOI included."""
    if item.get("DOI"):
        yield "DOI", f"https://doi.org/{item['DOI']}"
    if item.get("URL"):
        yield "URL", str(item["URL"])
    for i, link in enumerate(custom(item).get("links") or ()):
        yield f"custom.links[{i}]", str(link.get("url", "")) if isinstance(link, dict) else ""


def url_problem(url: str) -> str | None:
    """Why an address is not a canonical link, or None if it is one."""
    if url.rstrip().endswith(("...", "…")):
        return f"truncated address {url!r}"
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        return f"not https: {url!r}"
    if any(part in host for part in DENIED_HOST_PARTS):
        return f"a copy on a document-sharing site or an aggregator: {url!r}"
    if any(host == s or host.endswith("." + s) for s in SHORTENERS):
        return f"a shortened address: {url!r}"
    if host not in CANONICAL_HOSTS:
        return f"host {host!r} is not a known canonical host (see CANONICAL_HOSTS): {url!r}"
    if host == "doi.org" and not re.match(r"^/10\.\d{4,9}/\S+$", parts.path):
        return f"not a DOI: {url!r}"
    return None


def _line_of(text: str, item_id: str) -> int:
    match = re.search(r'"id"\s*:\s*' + re.escape(json.dumps(item_id)), text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _names_with_et_al(value: Any) -> list[int]:
    """The positions of the names in an author list that stand for left-out authors."""
    if not isinstance(value, list):
        return []
    return [
        i
        for i, name in enumerate(value)
        if isinstance(name, dict)
        and any(_ET_AL.search(str(name.get(part, ""))) for part in ("family", "given", "literal"))
    ]


def _has_names(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(
            isinstance(n, dict) and (str(n.get("family", "")).strip() or n.get("literal"))
            for n in value
        )
    )


def _item_problems(item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    missing = gaps(item)
    extra = custom(item)
    kind = item.get("type")
    if not _ID.match(item["id"]):
        yield "id", "must be lower-case words joined by hyphens (it is the page anchor)"
    if not kind:
        yield "type", "missing (a CSL type such as article-journal, book, report, webpage)"
    if not isinstance(extra.get("group"), str) or not extra["group"].strip():
        yield "custom.group", "missing: the section of the references page"
    if "author" not in missing and not _has_names(item.get("author")):
        yield "author", "missing: give the authors, or the organisation as a literal name"
    for i in _names_with_et_al(item.get("author")):
        yield f"author[{i}]", '"et al." is not an author: list every author'
    issued = item.get("issued")
    year_ok = (
        isinstance(issued, dict)
        and isinstance(issued.get("date-parts"), list)
        and issued["date-parts"]
        and isinstance(issued["date-parts"][0], list)
        and issued["date-parts"][0]
        and isinstance(issued["date-parts"][0][0], int)
    )
    if extra.get("undated") is True:
        if issued:
            yield "issued", "an item marked undated must not have a date"
    elif not year_ok and "issued" not in missing:
        yield "issued", 'missing year: give issued.date-parts, or custom.undated: true for "n.d."'
    title = str(item.get("title", "")).strip()
    if "title" in missing:
        yield (
            "custom.gaps",
            ("a title cannot be a gap: cite the work by its own title, or not at all"),
        )
    if not title:
        yield "title", "missing"
    elif _BRACKETED.search(title):
        yield "title", f"a bracketed description is not a title: {title!r}"
    elif _DESCRIPTIVE.search(title):
        yield "title", f"a description is not a title: {title!r}"
    elif title.endswith(("...", "…")):
        yield "title", f"truncated: {title!r}"
    where = ("container-title", "publisher", "event")
    if kind == "article-journal":
        for field in ("container-title", "volume"):
            if not str(item.get(field, "")).strip() and field not in missing:
                yield field, "a journal article needs its journal and volume"
    elif not any(str(item.get(f, "")).strip() for f in where) and not (missing & {*where}):
        yield "container-title", "where it was published: a journal or site, or a publisher"
    if missing and not str(extra.get("comment", "")).strip():
        yield "custom.comment", "an item with gaps must say in its comment what is missing"
    for field, url in urls(item):
        why = url_problem(url)
        if why:
            yield field, why


def problems(items: list[dict[str, Any]], path: Path) -> list[Problem]:
    """Every problem with every item, each naming the file, the line of the item and the field."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    found = []
    seen: set[str] = set()
    for item in items:
        line = _line_of(text, item["id"])
        if item["id"] in seen:
            found.append(Problem(path, line, item["id"], "id", "duplicate id"))
        seen.add(item["id"])
        found.extend(Problem(path, line, item["id"], f, m) for f, m in _item_problems(item))
    return found


def load_valid(path: Path) -> list[dict[str, Any]]:
    """The items, or BibliographyError listing every problem."""
    items = load(path)
    found = problems(items, path)
    if found:
        raise BibliographyError(found)
    return items
