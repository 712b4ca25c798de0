"""The ``retold`` command line: a thin layer over :class:`retold.Index`.

Exit codes:

==  =====================================================================
0   success (skipped input, if any, was reported on stderr)
1   unexpected internal error (a bug: please report it)
2   usage error (unknown option, missing argument)
3   input error: nothing readable was given, or --strict and a record was skipped
4   the index file is unusable (corrupt, or written by a newer retold)
5   an unknown document id was asked for
==  =====================================================================
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from . import __version__
from ._config import Config
from ._errors import IndexError_, InputError, RetoldError, StrictModeError, UnknownDocument
from ._index import DEFAULT_INDEX, Index

app = typer.Typer(
    name="retold",
    help="Find which news articles retell the same story, the likely original, and what each retelling changed.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

EXIT_INPUT = 3
EXIT_INDEX = 4
EXIT_UNKNOWN = 5

IndexOpt = Annotated[Path, typer.Option("--index", "-i", help="Index file (SQLite).", show_default=True)]
EncoderOpt = Annotated[
    Optional[str],
    typer.Option("--encoder", help="Sentence encoder: 'use' (multilingual), 'minilm', 'none' (lexical only), or a local model path."),
]


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _config(encoder: str | None) -> Config:
    if encoder is None:
        return Config()
    return Config(encoder=None if encoder.lower() in ("none", "lexical") else encoder)


def _open(index: Path, encoder: str | None = None) -> Index:
    try:
        return Index(index, _config(encoder))
    except IndexError_ as e:
        raise _fail(str(e), EXIT_INDEX) from None


def _write_json(data: object, target: str) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if target == "-":
        sys.stdout.write(text + "\n")
        return
    p = Path(target)
    p.parent.mkdir(parents=True, exist_ok=True)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    tmp.replace(p)


def _version(value: bool) -> None:
    if value:
        out.print(f"retold {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """retold: who retold a story, and what did they change?"""


@app.command()
def scan(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    index: IndexOpt = DEFAULT_INDEX,
    json_out: Annotated[Optional[str], typer.Option("--json", help="Write the JSON report to FILE ('-' for stdout).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 3) if any file or record is skipped.")] = False,
    encoder: EncoderOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print no summary.")] = False,
    limit: Annotated[int, typer.Option(help="Stories shown in the summary.")] = 20,
) -> None:
    """Index articles and print the stories they form."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    idx = _open(index, encoder)
    problems = 0

    def on_problem(e: InputError) -> None:
        nonlocal problems
        problems += 1
        if not strict:
            err.print(f"[yellow]skipped[/] {e}", highlight=False, soft_wrap=True)

    show = not quiet and err.is_terminal
    with Progress(
        TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err, disable=not show, transient=True
    ) as bar:
        task = bar.add_task("scan", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            report = idx.scan(paths, strict=strict, progress=progress, on_problem=on_problem)
        except StrictModeError as e:
            raise _fail(str(e), EXIT_INPUT) from None
        except InputError as e:
            raise _fail(str(e), EXIT_INPUT) from None
        except IndexError_ as e:  # another scan is writing to the index
            raise _fail(str(e), EXIT_INDEX) from None
        except KeyboardInterrupt:
            # (Typer would turn it into a silent exit 130)
            bar.stop()
            idx.close()
            err.print("interrupted; the index keeps every completed batch (scan again to go on)", style="yellow")
            raise typer.Exit(130) from None
    if report.added + report.replaced + report.unchanged == 0 and report.skipped == 0:
        idx.close()
        raise _fail("no readable documents found in " + ", ".join(map(str, paths)), EXIT_INPUT)
    contract = idx.report()
    idx.close()
    if json_out:
        _write_json(contract, json_out)
    if not quiet and json_out != "-":
        from ._report import print_summary

        print_summary(out, contract, limit=limit)
    msg = (
        f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, "
        f"{report.skipped} skipped · {report.pairs} new links · index {index}"
    )
    err.print(msg, style="dim", highlight=False)
    if report.added + report.replaced + report.unchanged == 0:
        raise typer.Exit(EXIT_INPUT)


@app.command()
def stories(
    index: IndexOpt = DEFAULT_INDEX,
    json_out: Annotated[Optional[str], typer.Option("--json", help="Write the JSON report to FILE ('-' for stdout).")] = None,
    limit: Annotated[int, typer.Option(help="Stories shown.")] = 50,
) -> None:
    """Print the stories already in the index."""
    idx = _open(index)
    contract = idx.report()
    idx.close()
    if json_out:
        _write_json(contract, json_out)
    if json_out != "-":
        from ._report import print_summary

        print_summary(out, contract, limit=limit)


def _resolve(x: str, idx: Index | None):
    """A file path, or else an id in the index."""
    from ._clean import clean
    from ._load import load

    p = Path(x)
    if p.exists():
        items = list(load([p]))
        if len(items) != 1:
            raise _fail(f"{x}: expected one document, found {len(items)} records; give an id instead", EXIT_INPUT)
        item = items[0]
        if isinstance(item, InputError):
            raise _fail(str(item), EXIT_INPUT)
        try:
            return clean(item, idx.line_stats() if idx else None)
        except InputError as e:
            raise _fail(str(e), EXIT_INPUT) from None
    if idx is None:
        raise _fail(f"{x}: no such file, and no index to look the id up in", EXIT_INPUT)
    try:
        return idx.get(x)
    except UnknownDocument:
        raise _fail(f"{x}: no such file, and no document with that id in {idx.path}", EXIT_UNKNOWN) from None


@app.command()
def compare(
    a: Annotated[str, typer.Argument(help="A file, or a document id in the index.")],
    b: Annotated[str, typer.Argument(help="A file, or a document id in the index.")],
    index: IndexOpt = DEFAULT_INDEX,
    json_out: Annotated[Optional[str], typer.Option("--json", help="Write the pair as JSON to FILE ('-' for stdout).")] = None,
    encoder: EncoderOpt = None,
) -> None:
    """Show two documents aligned side by side, with what changed."""
    from ._index import compare as do_compare
    from ._index import make_similarity

    idx = _open(index, encoder) if index.exists() else None
    da, db = _resolve(a, idx), _resolve(b, idx)
    config = _config(encoder)
    pair = do_compare(da, db, config=config, similarity=idx.similarity if idx else make_similarity(config))
    if idx:
        idx.close()
    if json_out:
        _write_json({"retold": 1, "documents": [da.to_dict(), db.to_dict()], "pair": pair.to_dict()}, json_out)
    if json_out != "-":
        from ._report import print_comparison

        print_comparison(out, da, db, pair)


@app.command()
def copies(
    file: Annotated[Path, typer.Argument(help="An article file to look up (not added to the index).")],
    index: IndexOpt = DEFAULT_INDEX,
    json_out: Annotated[Optional[str], typer.Option("--json", help="Write the pairs as JSON to FILE ('-' for stdout).")] = None,
    encoder: EncoderOpt = None,
) -> None:
    """Which indexed documents does this article retell, or get retold by?"""
    idx = _open(index, encoder)
    doc = _resolve(str(file), idx)
    pairs = idx.copies_of(doc)
    idx.close()
    if json_out:
        _write_json({"retold": 1, "query": doc.to_dict(), "pairs": [p.to_dict() for p in pairs]}, json_out)
    if json_out == "-":
        return
    if not pairs:
        out.print("No copies or related reports in the index.")
        return
    from rich.table import Table

    t = Table("document", "relation", "score", "covered (query / doc)", "changed facts")
    for p in pairs:
        t.add_row(p.b, p.relation or "", f"{p.score:.2f}", f"{p.coverage_a:.0%} / {p.coverage_b:.0%}", str(len(p.changes)))
    out.print(t)


@app.command()
def report(
    html: Annotated[Path, typer.Option("--html", help="Write one self-contained HTML report to FILE.")],
    index: IndexOpt = DEFAULT_INDEX,
    limit: Annotated[Optional[int], typer.Option(help="Stories included (default: all).")] = None,
    all_pairs: Annotated[bool, typer.Option("--all-pairs", help="Show every linked pair side by side, not only each copy with its source.")] = False,
) -> None:
    """Write the index as one HTML file: stories, graphs, side-by-side pairs, changed facts."""
    from ._html import render_report, write_report

    if not index.exists():
        raise _fail(f"no index at {index}: run `retold scan FOLDER --index {index}` first", EXIT_INDEX)
    idx = _open(index)
    try:
        page = render_report(idx, source=str(index), limit=limit, all_pairs=all_pairs)
    finally:
        idx.close()
    write_report(html, page)
    err.print(f"report written to {html} ({len(page.encode('utf-8')) // 1024} KB); open it in a browser", style="dim", highlight=False)


@app.command()
def serve(
    index: IndexOpt = DEFAULT_INDEX,
    host: Annotated[str, typer.Option(help="Address to listen on (default: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    encoder: EncoderOpt = None,
) -> None:
    """Browse stories, pairs and changed facts in a local web app (JSON API under /api, docs at /docs)."""
    import uvicorn

    from .web import create_app

    if not index.exists():
        err.print(f"[yellow]no index at {index} yet[/]: run `retold scan FOLDER --index {index}`; serving an empty app", highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]listening on {host}[/]: anyone who can reach it can read the index and add documents", highlight=False)
    err.print(f"retold: http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/  (Ctrl+C to stop)", highlight=False)
    uvicorn.run(create_app(index, _config(encoder)), host=host, port=port, log_level="warning")


@app.command()
def facts(
    sentence: Annotated[
        Optional[str],
        typer.Argument(metavar="[DOC|SENTENCE]", help="A document id in the index: list its claims. Any other text: the facts read from it."),
    ] = None,
    index: IndexOpt = DEFAULT_INDEX,
    all_changes: Annotated[bool, typer.Option("--all", help="Also list low-severity changes (rounding, dropped or added figures, respellings).")] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language of SENTENCE (ISO 639-1).")] = "en",
    json_out: Annotated[Optional[str], typer.Option("--json", help="Write the list as JSON to FILE ('-' for stdout).")] = None,
) -> None:
    """What each retelling changed (every changed fact, with the reports backing each side), or a document's claims."""
    if sentence is not None and index.exists():
        idx = _open(index)
        try:
            known = sentence in set(idx.store.ids())
            claims = [c for doc_id, c in idx.store.claims() if doc_id == sentence] if known else []
        finally:
            idx.close()
        if known:
            if json_out:
                _write_json({"retold": 1, "document": sentence, "claims": claims}, json_out)
            if json_out != "-":
                from rich.table import Table

                t = Table("kind", "text", "value", "unit", "qualifier", "counts what", title=f"claims of {sentence}")
                for c in claims:
                    ctx = c.get("context") or ""
                    t.add_row(str(c.get("kind")), str(c.get("text")), str(c.get("value")), str(c.get("unit") or ""),
                              str(c.get("qualifier") or ""), " ".join(ctx) if isinstance(ctx, list) else str(ctx))
                out.print(t if claims else f"No quantitative claims in {sentence}.")
            return
    if sentence is not None:
        from ._facts import extract_facts

        found = extract_facts(sentence, lang)
        rows = [{"kind": f.kind, "text": f.text, "start": f.start, "end": f.end, "value": f.value, "unit": f.unit,
                 "qualifier": f.qualifier, "context": f.context} for f in found]
        if json_out:
            _write_json(rows, json_out)
        if json_out != "-":
            from rich.table import Table

            t = Table("kind", "text", "value", "unit", "qualifier", "context")
            for r in rows:
                t.add_row(r["kind"], r["text"], str(r["value"]), str(r["unit"] or ""), str(r["qualifier"] or ""), r["context"])
            out.print(t if rows else "No facts found.")
        return
    from ._changes_hook import changed_facts

    if not index.exists():
        raise _fail(f"no index at {index}: run `retold scan FOLDER --index {index}` first", EXIT_INDEX)
    idx = _open(index)
    try:
        rows = changed_facts(idx.report(), "all" if all_changes else "high")
    finally:
        idx.close()
    if json_out:
        _write_json({"retold": 1, "changes": rows}, json_out)
    if json_out == "-":
        return
    if not rows:
        out.print("No changed facts." if all_changes else "No high-severity changed facts (--all lists the low ones).")
        return
    from rich.table import Table
    from rich.text import Text

    t = Table("original → copy (~: neither is the original)", "kind", "original says", "copy says",
              "backed by (original / copy)")
    for r in rows:
        arrow = " → " if r["original_known"] else " ~ "
        backed = " / ".join(", ".join(s) or "—" for s in (r["original_support"], r["copy_support"]))
        t.add_row(r["original"] + arrow + r["copy"], Text(r["kind"], style="red" if r["severity"] == "high" else ""),
                  str(r["original_text"] or "—"), str(r["copy_text"] or "—"), backed)
    out.print(t)


def run() -> None:
    """Console-script entry point: errors become one line and an exit code."""
    try:
        app()
    except RetoldError as e:
        err.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
        sys.exit(EXIT_UNKNOWN if isinstance(e, UnknownDocument) else EXIT_INPUT)
    except KeyboardInterrupt:
        err.print("interrupted; the index keeps every completed batch", style="yellow")
        sys.exit(130)


if __name__ == "__main__":
    run()
