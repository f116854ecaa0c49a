"""Render the report page with jinja2 (autoescaping on) and write it atomically."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from xl_dti.atomic import write_text_atomic
from xl_dti.errors import Problem, UsageError
from xl_dti.report.load import ReportError, load_ranking
from xl_dti.report.model import Ranking
from xl_dti.report.view import Page, build_page
from xl_dti.resources import templates_dir

TEMPLATE = "report.html.j2"


def render_page(page: Page) -> str:
    """The page as one self-contained HTML document (NFC), every piece of unit text escaped."""
    import jinja2  # the templating library stays out of the core's import path

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir()),
        autoescape=True,  # unit names and evidence are untrusted text
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    html = environment.get_template(TEMPLATE).render(page=page)
    return unicodedata.normalize("NFC", html)


def render_ranking(ranking: Ranking, *, title: str | None = None, with_evidence: bool = False) -> str:
    """The report page for a loaded ranking (see ``build_page`` for the arguments)."""
    return render_page(build_page(ranking, title=title, with_evidence=with_evidence))


def write_report(out_dir: Path, out: Path, *, title: str | None = None, with_evidence: bool = False) -> Path:
    """Read ``OUT_DIR/ranking.json`` and write the published report to ``out``.

    Args:
        out_dir: the folder ``xl-dti consolidate`` wrote to.
        out: the file to write (replaced atomically): HTML, or the decision's Word draft when it ends in .docx.
        title: the page's headline instead of the default one.
        with_evidence: add an appendix of each unit's evidence.

    Returns:
        The path written.

    Raises:
        ReportError: ranking.json is missing or malformed, or the report cannot be written.
        UsageError: ``out`` is a folder.
    """
    if out.is_dir():
        raise UsageError([Problem("report.out_is_folder", params={"path": str(out)})])
    if out.suffix.lower() == ".docx":
        from xl_dti.report.decision import write_decision

        try:
            return write_decision(load_ranking(out_dir), out, title=title)
        except OSError as exc:
            params = {"detail": exc.strerror or str(exc)}
            raise ReportError([Problem("report.cannot_write", str(out), params)]) from None
    html = render_ranking(load_ranking(out_dir), title=title, with_evidence=with_evidence)
    try:
        write_text_atomic(out, html)
    except OSError as exc:
        raise ReportError([Problem("report.cannot_write", str(out), {"detail": exc.strerror or str(exc)})]) from None
    return out
