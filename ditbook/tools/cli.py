"""`ditbook`: the command line for case authors and maintainers.

Each subcommand is a small function; `main` only parses arguments. Exit codes: 0 success,
1 a problem the user can fix (invalid cases, a file that already exists), 2 bad usage.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from ditbook import registry
from ditbook.content import load, schema
from ditbook.content.problems import display_path
from ditbook.content.types import ContentType
from ditbook.models import submission
from ditbook.paths import CASES_DIR, ROOT
from ditbook.tools.scaffold import new_case_text

KINDS = {kind.name: kind for kind in registry.CONTENT_TYPES}


def _kind_of(path: Path) -> ContentType:
    """The content type whose folder holds `path` (cases/x.yaml is a case); a case otherwise."""
    for part in reversed(path.resolve().parts[:-1] if path.suffix else path.resolve().parts):
        for kind in registry.CONTENT_TYPES:
            if part == kind.folder:
                return kind
    return registry.CASES


def cmd_validate(args: argparse.Namespace) -> int:
    """Every problem in the named files, or in every content folder (then with the rules across
    content types, such as a dialogue naming a case that does not exist)."""
    counts: list[tuple[int, str]] = []
    problems = []
    if args.paths:
        groups: dict[str, list[Path]] = {}
        for path in map(Path, args.paths):
            kind = KINDS[args.kind] if args.kind else _kind_of(path)
            groups.setdefault(kind.name, []).append(path)
        for name, paths in groups.items():
            kind = KINDS[name]
            loaded, found = load.load(kind, paths)
            if not loaded and not found:
                shown = ", ".join(display_path(p) for p in paths)
                print(
                    f"ditbook validate: no {kind.files_label} (*.yaml) in {shown}", file=sys.stderr
                )
                return 1
            counts.append((len(loaded), name))
            problems += found
    else:
        items, problems = registry.load_all(ROOT)
        counts = [(len(items[kind.name]), kind.name) for kind in registry.CONTENT_TYPES]
    for problem in problems:
        print(problem)
    if problems:
        noun = "problem" if len(problems) == 1 else "problems"
        valid = ", ".join(f"{n} valid {name} file(s)" for n, name in counts)
        print(f"{len(problems)} {noun}; {valid}.", file=sys.stderr)
        return 1
    print(", ".join(f"{n} {name} file(s)" for n, name in counts) + " valid.", file=sys.stderr)
    return 0


def cmd_new_case(args: argparse.Namespace) -> int:
    folder = Path(args.dir)
    if not folder.is_dir():
        print(f"ditbook new-case: {display_path(folder)} is not a folder", file=sys.stderr)
        return 1
    target = folder / f"{args.id}.yaml"
    try:
        text = new_case_text(args.id, role=args.role)
    except ValueError as err:
        print(f"ditbook new-case: {err}", file=sys.stderr)
        return 2
    try:
        # "x" mode: never overwrite an author's file, even in a race.
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except FileExistsError:
        print(
            f"ditbook new-case: {display_path(target)} already exists; not overwritten.",
            file=sys.stderr,
        )
        return 1
    print(
        f"Wrote {display_path(target)}. Replace every TODO, then run: "
        f"ditbook validate {display_path(target)}"
    )
    return 0


def schema_path(kind: ContentType, folder: Path | None = None) -> Path:
    """Where a content type's JSON Schema lives: beside its files, unless `folder` is given."""
    return (folder or ROOT / kind.folder) / kind.schema_file


def cmd_schema(args: argparse.Namespace) -> int:
    """Write (or with --check, compare) the JSON Schema of every content type and file format."""
    folder = Path(args.dir) if args.dir else None
    kinds = registry.CONTENT_TYPES
    wanted = [(schema_path(kind, folder), schema.schema_text(kind)) for kind in kinds]
    wanted += [
        ((folder or ROOT / submission.SCHEMA_DIR) / filename, schema.format_schema_text(name))
        for name, filename in submission.SCHEMA_FILES.items()
    ]
    stale = 0
    for target, text in wanted:
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            print(f"{display_path(target)} is up to date.")
        elif args.check:
            print(f"{display_path(target)} is stale; run: ditbook schema", file=sys.stderr)
            stale += 1
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            print(f"Wrote {display_path(target)}.")
    return 1 if stale else 0


SUPERVISOR_WARNING = (
    "WARNING: the supervisor edition contains model answers and marking guides. Never publish "
    "it or share it with trainees; publish only the trainee edition."
)


def site_dir(edition: str) -> Path:
    return ROOT / ("site" if edition == "trainee" else f"site-{edition}")


def build_site(
    edition: str,
    out: Path | None = None,
    extra_env: dict[str, str] | None = None,
    quiet: bool = False,
):
    """Run a strict MkDocs build of one edition; returns the completed process."""
    env = {
        **os.environ,
        "DIT_EDITION": edition,
        "DIT_SITE_DIR": str(out or site_dir(edition)),
        "NO_MKDOCS_2_WARNING": "1",
        **(extra_env or {}),
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml")]
    return subprocess.run(command, env=env, cwd=ROOT, check=False, capture_output=quiet, text=quiet)


def cmd_build(args: argparse.Namespace) -> int:
    if args.edition == "supervisor":
        print(SUPERVISOR_WARNING, file=sys.stderr)
    out = Path(args.site_dir) if args.site_dir else site_dir(args.edition)
    started = time.perf_counter()
    result = build_site(args.edition, out)
    if result.returncode:
        print(f"ditbook build: the {args.edition} build failed (see above).", file=sys.stderr)
        return 1
    print(
        f"Built the {args.edition} edition into {display_path(out)} "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return 0


@contextlib.contextmanager
def _site_to_print(edition: str, given: str | None) -> Iterator[Path | None]:
    """The built site to print: `given` (checked to be `edition`'s), or a fresh build in a
    temporary folder. None, with the reason on stderr, when there is nothing to print."""
    from ditbook.tools import pdf

    if given:
        site = Path(given)
        found = pdf.site_edition(site)
        if found != edition:
            what = f"the {found} edition" if found else "no built site (no print page)"
            print(
                f"ditbook pdf: {display_path(site)} is {what}; the {edition} edition was asked "
                f"for (build it with: ditbook build --edition {edition} --site-dir {given})",
                file=sys.stderr,
            )
            yield None
            return
        yield site
        return
    with tempfile.TemporaryDirectory(prefix=f"dit-{edition}-") as tmp:
        print(f"Building the {edition} edition ...", flush=True)
        started = time.perf_counter()
        result = build_site(edition, Path(tmp), quiet=True)
        if result.returncode:
            print(result.stderr[-4000:], file=sys.stderr)
            print("ditbook pdf: the build failed; no PDF written.", file=sys.stderr)
            yield None
            return
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        yield Path(tmp)


def cmd_pdf(args: argparse.Namespace) -> int:
    from ditbook.render.cases import sheet_path
    from ditbook.tools import browser, pdf

    try:
        browser.chromium_path()
    except browser.BrowserMissing as err:
        print(f"ditbook pdf: {err}", file=sys.stderr)
        return 1
    dist = Path(args.dist)
    edition = "trainee" if args.sheets else args.edition
    wanted: list[str] = []
    exercises = {  # for sheets only: the handbook's build reports content errors itself
        c.exercise.id: c
        for c in (load.load_valid(registry.CASES, [CASES_DIR]) if args.sheets else [])
        if c.exercise
    }
    if args.sheets and args.sheets != "all":
        wanted = [part.strip().upper() for part in args.sheets.split(",") if part.strip()]
        unknown = [w for w in wanted if w not in exercises]
        if not wanted or unknown:
            print(
                f"ditbook pdf: no exercise {', '.join(unknown) or '(none given)'}; "
                f"known: {', '.join(sorted(exercises))}",
                file=sys.stderr,
            )
            return 2
    try:
        with _site_to_print(edition, args.site) as site:
            if site is None:
                return 2 if args.site else 1
            if args.sheets and args.sheets != "all":
                chosen = [exercises[w] for w in dict.fromkeys(wanted)]  # in the order asked
                out = dist / "assignment-pack.pdf"
                print(f"Printing a pack of {len(chosen)} assignment sheets ...", flush=True)
                done, pages, seconds = pdf.print_pack(
                    site,
                    [sheet_path(c)[: -len(".md")] + "/" for c in chosen],
                    out,
                    {"name": args.name or "", "due": args.due or ""},
                    say=_say,
                )
                print(f"Wrote {display_path(done)} ({pages} pages, {seconds:.1f} s)", flush=True)
                return 0
            if args.sheets:
                jobs = [
                    (
                        sheet_path(c)[: -len(".md")] + "/",
                        dist / "sheets" / f"{c.exercise.id}-{c.id}.pdf",
                    )
                    for c in exercises.values()
                ]
                print(f"Printing {len(jobs)} assignment sheets with Chromium ...", flush=True)
            else:
                jobs = [("print_page/", dist / f"dit-handbook-{edition}.pdf")]
                print("Printing the handbook with Chromium ...", flush=True)
            for out, pages, seconds in pdf.print_pages(site, jobs, say=_say):
                print(f"Wrote {display_path(out)} ({pages} pages, {seconds:.1f} s)", flush=True)
    except pdf.PrintFailed as err:  # what was printed cannot be trusted
        print(f"ditbook pdf: {err}", file=sys.stderr)
        return 1
    if edition == "supervisor":
        print(SUPERVISOR_WARNING, file=sys.stderr)
    return 0


def cmd_offline(args: argparse.Namespace) -> int:
    """The trainee edition for file:// use, zipped."""
    target = Path(args.dist) / "dit-handbook-offline.zip"
    with tempfile.TemporaryDirectory(prefix="dit-offline-") as tmp:
        site = Path(tmp) / "dit-handbook"
        print("Building the trainee edition for offline use ...", flush=True)
        result = build_site("trainee", site, extra_env={"DIT_OFFLINE": "true"}, quiet=True)
        if result.returncode:
            print(result.stderr[-4000:], file=sys.stderr)
            print("ditbook offline: the build failed; nothing written.", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".zip.partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(site.parent).as_posix())
        partial.replace(target)  # never leave a half-written zip under the final name
    size = target.stat().st_size / 1e6
    print(
        f"Wrote {display_path(target)} ({size:.1f} MB). Unzip it and open "
        "dit-handbook/index.html in a browser."
    )
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from ditbook.tools import bench

    return bench.main(Path(args.output), quick=args.quick, say=_say)


def cmd_lint_content(args: argparse.Namespace) -> int:
    from ditbook.tools import content_lint

    return content_lint.main(args.paths or [str(p) for p in content_lint.default_paths(ROOT)])


def _say(message: str) -> None:
    print(message, flush=True)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="ditbook", description="Author, check and build the DIT handbook."
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check content files; print every problem as file:line")
    p.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: every content folder)"
    )
    p.add_argument(
        "--kind",
        choices=sorted(KINDS),
        help="the content type of PATH (default: from its folder, e.g. cases/)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("new-case", help="write a commented scaffold for a new case")
    p.add_argument("id", help="the case id, e.g. maya-invisible (also the file name)")
    p.add_argument("--role", choices=["worked-example", "exercise"], default="worked-example")
    p.add_argument("--dir", default=str(CASES_DIR), help="where to write it (default: cases/)")
    p.set_defaults(func=cmd_new_case)

    p = sub.add_parser("schema", help="write the JSON Schema of each content type")
    p.add_argument("--check", action="store_true", help="exit 1 if a schema file is stale")
    p.add_argument("--dir", help="write into this folder (default: each content type's folder)")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("lint-content", help="flag known misconceptions about DIT in the docs")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: docs/, selfchecks/, dialogues/, drills/)",
    )
    p.set_defaults(func=cmd_lint_content)

    p = sub.add_parser("build", help="build one edition of the site (strict)")
    p.add_argument("--edition", choices=["trainee", "supervisor"], default="trainee")
    p.add_argument("--site-dir", help="where to write it (default: site/ or site-supervisor/)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("offline", help="zip the trainee edition for use from file://")
    p.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    p.set_defaults(func=cmd_offline)

    p = sub.add_parser("pdf", help="print the handbook (or the assignment sheets) to PDF")
    p.add_argument("--edition", choices=["trainee", "supervisor"], default="trainee")
    p.add_argument(
        "--sheets",
        nargs="?",
        const="all",
        metavar="IDS",
        help="assignment sheets, no answers: alone, one PDF per exercise; with exercise ids "
        "(EX-01,EX-04), one pack PDF of those sheets in that order",
    )
    p.add_argument("--name", help="with --sheets IDS: the trainee's name, on every sheet")
    p.add_argument("--due", help="with --sheets IDS: the due date, on every sheet")
    p.add_argument(
        "--site",
        metavar="DIR",
        help="print this site, already built by `ditbook build --site-dir DIR` (of the same "
        "edition), instead of building one first; it is printed as it is, so rebuild it after "
        "changing the content",
    )
    p.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    p.set_defaults(func=cmd_pdf)

    p = sub.add_parser("bench", help="time validation, builds and the PDF; write BENCHMARKS.md")
    p.add_argument(
        "--quick",
        action="store_true",
        help="a short run that checks every row is measured: 0 and 20 extra cases, "
        "the trainee edition only, one run, no PDF and no profile",
    )
    p.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"), help="the report file")
    p.set_defaults(func=cmd_bench)

    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
