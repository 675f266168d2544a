"""A content lint that stops known misconceptions about DIT creeping back into the docs.

The two public web pages this handbook grew from contain errors that are easy to repeat
(see the handbook's "Common misconceptions" page). This lint reads every Markdown file under
``docs/``, and the YAML of the self-checks, dialogues and drills (``selfchecks/``,
``dialogues/``, ``drills/``), and reports each line that brings one back, as
``file:line: message``. In YAML only the ``source-note`` rule applies: a self-check quotes wrong
claims as its wrong options, so the other rules would flag what it means to correct.

Rules, all case-insensitive unless stated:

* ``dit-is-ipt``: DIT described as IPT, "also known as" IPT or Interpersonal (Psycho)therapy,
  or "a form of" IPT. The two are different therapies.
* ``sessions-12-20``: DIT given as 12-20 sessions or weeks (with a hyphen, an en or em dash,
  "to", or "between 12 and 20"). DIT is 16 weekly sessions.
* ``free-association``: free association mentioned in a sentence that does not also say, with a
  negation (not, no, never, rather than, unlike...), that DIT does not use it.
* ``licence``: "licensed"/"licence"/"license" within a few words of DIT, practitioner or
  therapist, in a sentence with no negation. There is no DIT licence.
* ``theory-name``: "Dynamic Interpersonal Theory". The name is Dynamic Interpersonal *Therapy*.
* ``low-intensity-cbt``: "low-intensity CBT" (or cognitive behavioural). REDIT's control arm was
  "low-intensity treatment".
* ``wright-et-al``: "Wright et al.", a DIT study that could not be found.
* ``nice-names-dit``: a sentence in which NICE (upper case) recommends, endorses or approves DIT,
  with no negation and no mention of STPP / short-term or brief psychodynamic therapy.
* ``source-note``: a note about the handbook's own research instead of a clinical hedge: "we
  have not seen", "we could not find/confirm/read", "we saw", "we found no", "as we read it",
  "in our reading", "our sources", "not available to us", "could not be found/confirmed/read",
  "well-founded inference", "the sources do not/leave/describe...", "by/in the sources",
  "secondary descriptions/sources/accounts". How sure the handbook is is said once, in "Using
  this handbook"; a chapter hedges in clinical prose ("usually", "is described as", "this
  handbook does not report"). Not applied to that page or its self-check
  (``using-this-handbook.*``), or to the authors' pages (``docs/authors/``), which are about
  sources. This rule reads on into the next line, so that a phrase wrapped across a line break
  (YAML folds its text) is found; it is reported at the line it starts on.

Exemptions: in a file named ``misconceptions.md`` (the page that quotes the wrong claims in order
to correct them) a line is skipped when, after leading spaces, it starts with ``**Claim:**`` or
with ``>`` (a blockquote). Everything else in that file, corrections included, is checked.

Standard library only. Run it as ``ditbook lint-content [PATH ...]`` (default: ``docs``,
``selfchecks``, ``dialogues`` and ``drills``, those that exist); it prints one problem per line
and exits 1 when there are any. ``make check`` runs it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

EXEMPT_FILE_NAME = "misconceptions.md"
EXEMPT_LINE_PREFIXES = ("**Claim:**", ">")
# Pages about sources and certainty themselves (by file stem: the page and its self-check): the
# source-note rule does not apply there.
SOURCE_PAGES = ("using-this-handbook",)
SOURCE_FOLDERS = ("authors",)
# What is linted when no path is given, and the kinds of file read.
DEFAULT_PATHS = ("docs", "selfchecks", "dialogues", "drills")
MARKDOWN_SUFFIXES = (".md",)
YAML_SUFFIXES = (".yaml", ".yml")

_FLAGS = re.IGNORECASE

_NEGATION = re.compile(
    r"\b(?:not|no|never|neither|nor|nothing|nobody|none|without|unlike|cannot)\b"
    "|\\brather\\s+than\\b|\\binstead\\s+of\\b|n[\u2019']t\\b",
    _FLAGS,
)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")

_DIT = r"(?:\bDIT\b|\bdynamic\s+interpersonal\s+therapy\b)"
_IPT = r"(?:\bIPT\b|\binterpersonal\s+(?:psycho)?therapy\b)"

_DIT_IS_IPT = [
    re.compile(rf"\b(?:also\s+)?(?:known|know|called|referred\s+to)\s+as\s+{_IPT}", _FLAGS),
    re.compile(rf"\bDIT\s*[(,]?\s*(?:aka|a\.k\.a\.?|i\.e\.,?)\s+{_IPT}", _FLAGS),
    re.compile(
        rf"\bDIT\s+(?:is|was)\s+(?:(?:a|an)\s+(?:form|type|kind|version|variant|brand)\s+of\s+)?"
        rf"{_IPT}",
        _FLAGS,
    ),
    re.compile(
        rf"(?<!dynamic\s){_IPT}\s+(?:is|was)\s+(?:also\s+)?(?:called|known\s+as)\s+"
        r"(?:DIT\b|dynamic\s+interpersonal)",
        _FLAGS,
    ),
]
_DIT_CONTEXT = re.compile(_DIT, _FLAGS)

_TWELVE_TO_TWENTY = re.compile(
    "\\b12\\s*(?:[\u2013\u2014-]|to)\\s*20\\b|\\bbetween\\s+12\\s+and\\s+20\\b", _FLAGS
)
_SESSIONS = re.compile(r"\b(?:sessions?|weeks?)\b", _FLAGS)

_FREE_ASSOCIATION = re.compile(r"\bfree[\s-]+associat\w*", _FLAGS)

_LICENCE = re.compile(
    r"\blicen[cs]\w*(?:\W+\w+){0,3}?\W+(?:DIT|practitioners?|therapists?)\b"
    r"|\b(?:DIT|practitioners?|therapists?)\b(?:\W+\w+){0,3}?\W+licen[cs]\w*",
    _FLAGS,
)

_THEORY_NAME = re.compile(r"\bdynamic\s+interpersonal\s+theory\b", _FLAGS)

_LOW_INTENSITY_CBT = re.compile(
    r"\blow[\s-]+intensity\s+(?:CBT\b|cognitive[\s-]+behaviou?ral)", _FLAGS
)

_WRIGHT = re.compile(r"\bWright\s+et\s+al\b", _FLAGS)

_SOURCE_NOTE = re.compile(
    r"\bwe\s+(?:have\s+not|haven[\u2019']t)\s+(?:yet\s+)?(?:seen|found|confirmed|read|verified)\b"
    r"|\bwe\s+(?:did\s+not|didn[\u2019']t|could\s+not|couldn[\u2019']t|cannot|can[\u2019']t)\s+"
    r"(?:find|confirm|read|verify)\b"
    r"|\bwe\s+saw\b|\bwe\s+found\s+\W*(?:no|none|nothing)\b"
    r"|\bas\s+we\s+read\s+(?:it|them)\b|\bin\s+our\s+reading\b|\bour\s+sources\b"
    r"|\bnot\s+available\s+to\s+us\b|\bcould\s+not\s+be\s+(?:found|confirmed|read|verified)\b"
    r"|\bwell[\s-]+founded\s+inference\b"
    # "the sources do not lay down...", "the sources leave open...", "fixed by the sources"
    r"|\bthe\s+sources\s+(?:(?:do|does|did)\s+not|(?:don|doesn|didn)[\u2019']t|leaves?|left"
    r"|describe|say|give|fix|mention|differ|disagree|are\s+silent)\b"
    r"|\b(?:by|in)\s+the\s+sources\b"
    # "secondary descriptions present it as...", "drawn from secondary sources"
    r"|\bsecondary\s+(?:descriptions?|sources?|accounts?)\b",
    _FLAGS,
)

_NICE = re.compile(r"\bNICE\b")  # upper case only: "nice" is an ordinary word
_RECOMMENDS = re.compile(r"\b(?:recommend|endorse|approve)\w*", _FLAGS)
_STPP = re.compile(r"\bSTPP\b|\b(?:short[\s-]+term|brief)\s+psychodynamic\b", _FLAGS)

MESSAGES = {
    "dit-is-ipt": (
        "DIT described as IPT: they are different therapies (DIT is psychodynamic, IPT is not)"
    ),
    "sessions-12-20": (
        "DIT given as 12-20 sessions: DIT is 16 weekly sessions (only complex-care adaptations "
        "run longer)"
    ),
    "free-association": (
        "free association presented as a DIT technique: DIT is focal and does not use it "
        "(say so in the same sentence)"
    ),
    "licence": (
        "'licensed' DIT practitioner: there is no DIT licence; practitioner status comes from "
        "training, supervised cases and a case study"
    ),
    "theory-name": "'Dynamic Interpersonal Theory': the name is Dynamic Interpersonal Therapy",
    "low-intensity-cbt": (
        "'low-intensity CBT': REDIT's control arm was low-intensity treatment (LIT); say "
        "'low-intensity treatment'"
    ),
    "wright-et-al": "'Wright et al.': no such DIT study could be found; do not cite it",
    "nice-names-dit": (
        "NICE said to recommend DIT by name: NICE recommends short-term psychodynamic "
        "psychotherapy (STPP), not DIT"
    ),
    "source-note": (
        "a note about the handbook's sources: hedge in clinical prose instead ('usually', "
        "'is described as', 'this handbook does not report'); certainty is explained once, in "
        "Using this handbook"
    ),
}


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(line) if s.strip()]


def _negated(sentence: str) -> bool:
    return _NEGATION.search(sentence) is not None


def _dit_is_ipt(line: str) -> bool:
    return any(
        _DIT_CONTEXT.search(sentence) and any(p.search(sentence) for p in _DIT_IS_IPT)
        for sentence in _sentences(line)
    )


def _sessions_12_20(line: str) -> bool:
    return any(
        _TWELVE_TO_TWENTY.search(sentence) and _SESSIONS.search(sentence)
        for sentence in _sentences(line)
    )


def _free_association(line: str) -> bool:
    return any(
        _FREE_ASSOCIATION.search(sentence) and not _negated(sentence)
        for sentence in _sentences(line)
    )


def _licence(line: str) -> bool:
    return any(
        _LICENCE.search(sentence) and not _negated(sentence) for sentence in _sentences(line)
    )


def _theory_name(line: str) -> bool:
    return _THEORY_NAME.search(line) is not None


def _low_intensity_cbt(line: str) -> bool:
    return _LOW_INTENSITY_CBT.search(line) is not None


def _wright(line: str) -> bool:
    return _WRIGHT.search(line) is not None


def _source_note(line: str, following: str = "") -> bool:
    """A source note that starts in ``line``, read on into ``following`` (the next line), so that
    a phrase wrapped across two lines is found, at the line it starts on."""
    joined = f"{line} {following.strip()}"
    return any(match.start() < len(line) for match in _SOURCE_NOTE.finditer(joined))


def _nice_names_dit(line: str) -> bool:
    return any(
        _NICE.search(sentence)
        and _RECOMMENDS.search(sentence)
        and _DIT_CONTEXT.search(sentence)
        and not _STPP.search(sentence)
        and not _negated(sentence)
        for sentence in _sentences(line)
    )


RULES: list[tuple[str, Callable[..., bool]]] = [
    ("dit-is-ipt", _dit_is_ipt),
    ("sessions-12-20", _sessions_12_20),
    ("free-association", _free_association),
    ("licence", _licence),
    ("theory-name", _theory_name),
    ("low-intensity-cbt", _low_intensity_cbt),
    ("wright-et-al", _wright),
    ("nice-names-dit", _nice_names_dit),
    ("source-note", _source_note),
]
# Rules that do not apply on the pages about sources (SOURCE_PAGES, SOURCE_FOLDERS).
NOT_ON_SOURCE_PAGES = frozenset({"source-note"})
# The only rules applied to YAML (self-checks, dialogues, drills).
YAML_RULES = frozenset({"source-note"})
# Rules also given the next line (YAML folds its text, and some Markdown is wrapped): a phrase
# that starts on one line and ends on the next is reported at the line it starts on.
ACROSS_LINES = frozenset({"source-note"})


def is_exempt(file_name: str, line: str) -> bool:
    """True for a quoted wrong claim on the misconceptions page."""
    return file_name == EXEMPT_FILE_NAME and line.lstrip().startswith(EXEMPT_LINE_PREFIXES)


def is_source_page(display_path: str) -> bool:
    """True for the pages about sources and certainty, where the source-note rule is off."""
    path = Path(display_path)
    return path.stem in SOURCE_PAGES or any(folder in path.parts[:-1] for folder in SOURCE_FOLDERS)


def is_yaml(file_name: str) -> bool:
    return file_name.endswith(YAML_SUFFIXES)


def lint_text(text: str, display_path: str, file_name: str | None = None) -> list[Problem]:
    """Problems in one file's text; ``file_name`` decides the exemption and, by its suffix,
    whether the file is YAML, where only YAML_RULES apply (default: the path's name)."""
    name = file_name if file_name is not None else Path(display_path).name
    rules = [(r, f) for r, f in RULES if r in YAML_RULES] if is_yaml(name) else RULES
    skipped = NOT_ON_SOURCE_PAGES if is_source_page(display_path) else frozenset()
    lines = text.splitlines()
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        if is_exempt(name, line):
            continue
        following = lines[number] if number < len(lines) else ""
        for rule, breaks in rules:
            if rule in skipped:
                continue
            if breaks(line, following) if rule in ACROSS_LINES else breaks(line):
                problems.append(Problem(display_path, number, MESSAGES[rule]))
    return problems


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _files(paths: Iterable[Path], suffixes: tuple[str, ...]) -> list[Path]:
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix in suffixes)
        elif path.suffix in suffixes:
            found.add(path)
    return sorted(found)


def markdown_files(paths: Iterable[Path]) -> list[Path]:
    """Every ``.md`` file named, or found below a named directory, sorted."""
    return _files(paths, MARKDOWN_SUFFIXES)


def content_files(paths: Iterable[Path]) -> list[Path]:
    """Every Markdown and YAML file named, or found below a named directory, sorted."""
    return _files(paths, MARKDOWN_SUFFIXES + YAML_SUFFIXES)


def default_paths(base: Path) -> list[Path]:
    """The DEFAULT_PATHS folders under ``base`` that exist (``docs`` alone when none does, so
    that its absence is reported)."""
    found = [base / name for name in DEFAULT_PATHS if (base / name).exists()]
    return found or [base / DEFAULT_PATHS[0]]


def lint_paths(paths: Iterable[Path], root: Path | None = None) -> list[Problem]:
    """Lint every Markdown and YAML file under ``paths``; paths are shown relative to ``root``."""
    problems: list[Problem] = []
    for path in content_files(paths):
        text = path.read_text(encoding="utf-8")
        problems.extend(lint_text(text, _display(path, root), path.name))
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    paths = [Path(a) for a in args] or default_paths(Path())
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"{path}: no such file or directory", file=sys.stderr)
        return 2
    problems = lint_paths(paths, root=Path.cwd())
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
