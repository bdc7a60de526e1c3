"""`jixiao report`: one input to a document, or a folder of inputs with a progress bar."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Callable

from ..core.inputs import DepartmentYear
from ..core.scorecard import Scorecard

SUFFIX = {"docx": ".docx", "xlsx": ".xlsx", "pdf": ".pdf", "md": ".md", "html": ".html"}
KIND = {"docx": "自评报告", "pdf": "自评报告", "xlsx": "评分表", "md": "评分表", "html": "评分表"}


def default_name(card: Scorecard, fmt: str) -> str:
    safe = re.sub(r'[\\/:*?"<>|\s]+', "_", card.department)
    return f"{card.year}-{safe}-{KIND[fmt]}{SUFFIX[fmt]}"


def report_one(card: Scorecard, data: DepartmentYear, fmt: str, output: str | None, *, template: str | None,
               error: type[Exception], out_dir: Path | None = None) -> Path:
    path = Path(output) if output else (out_dir or Path.cwd()) / default_name(card, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    tpl = Path(template) if template else None
    if tpl is not None and not tpl.exists():
        raise error([f"模板文件不存在：{tpl}"])
    if fmt == "docx":
        from ..writers.docx_report import write_docx
        from .projects import has_project_targets, project_results

        projects = project_results(data, None, error) if has_project_targets(data) else None
        return write_docx(card, data, path, template=tpl, projects=projects)
    if fmt == "xlsx":
        from ..writers.xlsx_scores import write_xlsx

        return write_xlsx(card, data, path)
    if fmt == "md":
        from ..writers.table import render_markdown

        path.write_text(render_markdown(card), encoding="utf-8")
        return path
    if fmt == "html":
        from ..writers.html import render_html

        path.write_text(render_html(card), encoding="utf-8")
        return path
    from ..writers.docx_report import write_docx
    from ..writers.pdf import PdfUnavailable, docx_to_pdf

    docx = write_docx(card, data, path.with_suffix(".docx"), template=tpl)
    try:
        pdf = docx_to_pdf(docx, path.parent)
    except PdfUnavailable as exc:
        raise error([str(exc)]) from None
    finally:
        docx.unlink(missing_ok=True)
    if pdf != path:
        pdf.replace(path)
    return path


def report_all(args: argparse.Namespace, load: Callable, score_loaded: Callable, error: type[Exception]) -> int:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    folder = Path(args.all)
    if not folder.is_dir():
        raise error([f"不是目录：{folder}"])
    inputs = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".yaml", ".yml", ".json") and p.name != "case.yaml")
    if not inputs:
        raise error([f"{folder} 中没有输入文件（.yaml / .yml / .json）"])
    out_dir = Path(args.output) if args.output else Path.cwd()
    failures: list[str] = []
    written = 0
    columns = (TextColumn("[bold]生成{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task(KIND[args.format], total=len(inputs))
        for path in inputs:
            try:
                loaded = load(str(path))
                card = score_loaded(loaded, args)
                report_one(card, loaded.data, args.format, None, template=args.template, error=error, out_dir=out_dir)
                written += 1
            except error as exc:  # type: ignore[misc]
                failures += [str(line) for line in exc.lines]  # type: ignore[attr-defined]
            progress.advance(task)
    print(f"已生成 {written} 份，失败 {len(inputs) - written} 份，输出目录 {out_dir}")
    if failures:
        raise error(failures)
    return 0
