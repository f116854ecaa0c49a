"""The published report: ranking.json in, one self-contained Vietnamese HTML page out."""

from xl_dti.report.load import ReportError, load_ranking
from xl_dti.report.render import render_ranking, write_report

__all__ = ["ReportError", "load_ranking", "render_ranking", "write_report"]
