"""Audit many reports at once: every report in a folder or a .zip archive, in parallel.

    from jixiao.audit.batch import audit_many, write_summary_xlsx
    result = audit_many("收到的报告/", jobs=4)          # or "报告.zip"
    write_summary_xlsx(result, "审核汇总.xlsx")

Each report becomes one :class:`ReportRow` — a report that cannot be read is a row with its
reason, never a crash of the batch. Reports are audited in worker processes (``jobs`` of them,
default: the machine's cores); the rows come back in file-name order whatever the order the
workers finish in, so ``jobs=1`` and ``jobs=4`` give the same summary.

Archives are untrusted: the member count, each member's size and the total are bounded before
anything is decompressed, names are decoded as UTF-8 when the archive says so and otherwise as GBK
(what Chinese Windows writes), and members are written under fresh names in a private temporary
folder, so a name like ``../../x`` cannot escape it.
"""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
import multiprocessing
import time
from decimal import Decimal
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable

from .formats import REPORT_SUFFIXES  # every format the audit reads; a file with another suffix is left out (and counted)

MAX_MEMBERS = 1000  # reports in one archive
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one report, decompressed
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # the whole archive, decompressed
MAX_RATIO = 200  # decompressed / compressed: beyond this a member is a zip bomb, not a report
REPORT_TIMEOUT = 300.0  # seconds one report may take before its worker is stopped and the report skipped


class BatchError(Exception):
    """The folder or archive as a whole cannot be read (the message is Chinese, for the user)."""


@dataclass(frozen=True, slots=True)
class FindingRow:
    severity: str  # error | warning | info
    code: str
    indicator: str
    message: str
    location: str


@dataclass(frozen=True, slots=True)
class ReportRow:
    file: str  # as the user knows it: the path inside the folder or archive
    department: str = ""
    year: str = ""
    layout: str = ""  # the kinds of the tables read, in document order (or the framework when no table kind is given)
    claimed_total: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    problem: str = ""  # why the report could not be audited; empty when it was
    findings: tuple[FindingRow, ...] = ()

    @property
    def read(self) -> bool:
        return not self.problem


@dataclass
class BatchResult:
    source: str
    rows: list[ReportRow] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files that are not reports (other suffixes)

    def totals(self) -> dict[str, int]:
        return {
            "reports": len(self.rows),
            "read": sum(r.read for r in self.rows),
            "unreadable": sum(not r.read for r in self.rows),
            "errors": sum(r.errors for r in self.rows),
            "warnings": sum(r.warnings for r in self.rows),
        }


# ---------------------------------------------------------------- one report (runs in a worker)


def audit_one(path: str, display: str) -> ReportRow:
    """Audit one file into a summary row. Never raises: whatever goes wrong is the row's ``problem``."""
    import logging

    from . import ReadError, audit_file
    from .render import to_dict

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the fallback reader of undecodable pages warns on every odd font
    try:
        report = audit_file(path)
        data = to_dict(report)
    except ReadError as exc:
        return ReportRow(file=display, problem=_strip_path(str(exc), path, display))
    except Exception as exc:  # noqa: BLE001 — the batch's boundary: one bad report must not stop the others
        return ReportRow(file=display, problem=f"审核时出错（{type(exc).__name__}）：{exc}")
    kinds: list[str] = []
    for t in data.get("tables") or []:
        kind = t.get("kind")
        if kind and kind not in kinds:
            kinds.append(kind)
    layout = "、".join(kinds) or ((data.get("framework") or {}).get("id") or "")
    findings = tuple(
        FindingRow(
            severity=f["severity"],
            code=f["code"],
            indicator=f.get("indicator") or "",
            message=f.get("message") or "",
            location=next((e.get("location", "") for e in f.get("evidence") or []), ""),
        )
        for f in data.get("findings") or []
    )
    count = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    return ReportRow(
        file=display,
        department=data.get("department") or "",
        year=str(data.get("year") or ""),
        layout=layout,
        claimed_total=data.get("claimed_total") or "",
        errors=count["error"],
        warnings=count["warning"],
        infos=count["info"],
        findings=findings,
    )


def _strip_path(message: str, path: str, display: str) -> str:
    """Readers name the file they were given; in a batch that is a temporary copy: name the user's file."""
    return message.replace(path, display).replace(Path(path).name, display)


# ---------------------------------------------------------------- collecting the reports


def collect_folder(folder: Path, *, exclude: Iterable[Path] = ()) -> tuple[list[tuple[Path, str]], list[str]]:
    excluded = {p.resolve() for p in exclude}
    found: list[tuple[Path, str]] = []
    skipped: list[str] = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if any(part.startswith(".") or part.startswith("~$") for part in p.relative_to(folder).parts):
            continue  # hidden files, editors' lock files
        if not p.is_file() or p.resolve() in excluded:
            continue
        (found.append((p, rel)) if p.suffix.lower() in REPORT_SUFFIXES else skipped.append(rel))
    return found, skipped


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: UTF-8 when flagged, else GBK (Chinese Windows), else as stored."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for enc in ("gbk", "utf-8"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def extract_zip(archive: Path, into: Path) -> tuple[list[tuple[Path, str]], list[str], list[ReportRow]]:
    """Write the archive's reports into ``into``; return (files, skipped names, rows refused before reading)."""
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BatchError(f"{archive.name}：不是可读的 zip 压缩包（{exc}）") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_MEMBERS:
            raise BatchError(f"{archive.name}：压缩包内有 {len(infos)} 个文件，超过上限 {MAX_MEMBERS} 个；请分批审核")
        found: list[tuple[Path, str]] = []
        skipped: list[str] = []
        refused: list[ReportRow] = []
        total = 0
        seen: set[str] = set()
        for k, info in enumerate(infos):
            name = member_name(info)
            suffix = PurePosixPath(name).suffix.lower()
            if name in seen:  # the same name twice in one archive: keep both, tell them apart
                name = f"{name}（第 {k + 1} 个文件）"
            seen.add(name)
            parts = PurePosixPath(name.replace("\\", "/")).parts
            if any((p.startswith(".") and p not in (".", "..")) or p.startswith("~$") or p == "__MACOSX" for p in parts):
                continue
            if suffix not in REPORT_SUFFIXES:
                skipped.append(name)
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                refused.append(ReportRow(file=name, problem="压缩包内的符号链接，未审核"))
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                refused.append(ReportRow(file=name, problem=f"文件解压后 {info.file_size // (1024 * 1024)} MB，超过单个报告上限 {MAX_MEMBER_BYTES // (1024 * 1024)} MB，未审核"))
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 1024 * 1024:
                refused.append(ReportRow(file=name, problem=f"压缩比 {info.file_size // info.compress_size}:1 异常（疑为压缩炸弹），未审核"))
                continue
            total += info.file_size
            if total > MAX_TOTAL_BYTES:
                raise BatchError(f"{archive.name}：解压后总大小超过 {MAX_TOTAL_BYTES // (1024 * 1024)} MB；请分批审核")
            target = into / f"{k:05d}{suffix}"  # a fresh name: the member's own cannot escape the folder
            try:
                with zf.open(info) as src, open(target, "wb") as dst:
                    left = MAX_MEMBER_BYTES + 1
                    while chunk := src.read(min(1 << 20, left)):
                        dst.write(chunk)
                        left -= len(chunk)
                        if left <= 0:
                            break
                if left <= 0:  # the header lied about the size
                    target.unlink()
                    refused.append(ReportRow(file=name, problem=f"文件解压后超过单个报告上限 {MAX_MEMBER_BYTES // (1024 * 1024)} MB，未审核"))
                    continue
            except (zipfile.BadZipFile, RuntimeError, OSError, EOFError) as exc:  # corrupt, encrypted, truncated
                refused.append(ReportRow(file=name, problem=f"无法从压缩包取出：{exc}"))
                continue
            found.append((target, name))
    return found, skipped, refused


# ---------------------------------------------------------------- the batch


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def audit_many(
    source: str | Path,
    *,
    jobs: int | None = None,
    exclude: Iterable[Path] = (),
    progress: Callable[[int, int, str], None] | None = None,
    timeout: float | None = None,
) -> BatchResult:
    """Audit every report in a folder or a .zip archive. ``progress(done, total, file)`` after each report;
    a report still running after ``timeout`` seconds (default :data:`REPORT_TIMEOUT`) is stopped and
    becomes a row saying so."""
    timeout = REPORT_TIMEOUT if timeout is None else timeout
    src = Path(source)
    if not src.exists():
        raise BatchError(f"{src}：文件夹或压缩包不存在")
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise BatchError(f"--jobs 应为正整数，收到 {jobs}")
    with tempfile.TemporaryDirectory(prefix="jixiao-batch-") as tmp:
        if src.is_dir():
            files, skipped = collect_folder(src, exclude=exclude)
            refused: list[ReportRow] = []
        elif src.suffix.lower() == ".zip":
            files, skipped, refused = extract_zip(src, Path(tmp))
        else:
            raise BatchError(f"{src}：不是文件夹或 .zip 压缩包")
        result = BatchResult(source=str(src), skipped=skipped)
        rows: dict[str, ReportRow] = {r.file: r for r in refused}
        total = len(files) + len(refused)
        done = len(refused)
        if progress and refused:
            progress(done, total, refused[-1].file)

        def record(row: ReportRow) -> None:
            nonlocal done
            rows[row.file] = row
            done += 1
            if progress:
                progress(done, total, row.file)

        if files:
            _run_workers(files, min(jobs, len(files)), timeout, record)
        result.rows = [rows[k] for k in sorted(rows)]
    return result


class _Worker:
    """One worker process fed one report at a time over its own pipe, so the batch always knows which
    report a worker holds and since when: a worker that hangs is stopped, one that dies is replaced,
    and in both cases that report — and only that one — becomes a row saying so."""

    def __init__(self, ctx) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True, name="jixiao-audit-worker")
        self.proc.start()
        child.close()
        self.display: str | None = None
        self.started = 0.0

    def give(self, path: Path, display: str) -> None:
        self.display, self.started = display, time.monotonic()
        self.conn.send((str(path), display))

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


def _serve(conn) -> None:
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        conn.send(audit_one(*item))


def _run_workers(files: list[tuple[Path, str]], n: int, timeout: float, record: Callable[[ReportRow], None]) -> None:
    from multiprocessing.connection import wait

    # forkserver: workers start from a clean process (forking the caller while a progress-bar thread
    # holds a lock could deadlock the child); the audit package is imported once, in the server
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["jixiao.audit.batch"])
    todo = list(files)
    workers: list[_Worker] = []

    def feed(w: _Worker) -> None:
        if todo:
            w.give(*todo.pop(0))
        else:
            w.display = None

    def replace(w: _Worker) -> None:
        workers.remove(w)
        fresh = _Worker(ctx)
        workers.append(fresh)
        feed(fresh)

    try:
        for _ in range(n):
            w = _Worker(ctx)
            workers.append(w)
            feed(w)
        while any(w.display for w in workers):
            busy = {w.conn: w for w in workers if w.display}
            for conn in wait(list(busy), timeout=0.2):
                w = busy[conn]
                try:
                    row = conn.recv()
                except (EOFError, OSError):  # the worker died: killed, out of memory, crashed in a library
                    code = w.proc.exitcode
                    record(ReportRow(file=w.display or "", problem=f"审核进程异常退出（退出码 {code}），该报告未审核"))
                    w.kill()
                    replace(w)
                    continue
                record(row)
                feed(w)
            now = time.monotonic()
            for w in list(workers):
                if w.display and now - w.started > timeout:
                    record(ReportRow(file=w.display, problem=f"审核超过 {timeout:g} 秒仍未完成，已停止；该报告未审核"))
                    w.kill()
                    replace(w)
    finally:
        for w in workers:
            w.stop()


# ---------------------------------------------------------------- output

SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}


def _exact_number(cell, text: str) -> None:
    """A number cell holding exactly the printed digits. openpyxl turns a Decimal into a float and
    writes its repr (95.1 → 95.09999999999999); a plain decimal string marked numeric is written as is.
    Anything that is not a plain decimal stays text."""
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        cell.value = text
        cell.data_type = "s"
    else:
        cell.value = format(number, "f")
        cell.data_type = "n"


def write_summary_xlsx(result: BatchResult, path: str | Path) -> Path:
    """Sheet 1: one row per report; sheet 2: every finding. User text is written as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "报告"
    head = ["文件", "部门", "年度", "版式（表格类型）", "报告总分", "错误", "警告", "提示", "未能审核的原因"]
    ws.append(head)
    for r in result.rows:
        year = int(r.year) if r.year.isdigit() else (r.year or None)
        ws.append([r.file, r.department, year, r.layout, None, r.errors, r.warnings, r.infos, r.problem])
        if r.claimed_total:
            _exact_number(ws.cell(ws.max_row, 5), r.claimed_total)
    fs = wb.create_sheet("发现")
    fs.append(["文件", "严重程度", "代码", "指标", "说明", "位置"])
    for r in result.rows:
        for f in r.findings:
            fs.append([r.file, SEVERITY_LABEL.get(f.severity, f.severity), f.code, f.indicator, f.message, f.location])
    for sheet, text_cols in ((ws, (1, 2, 4, 9)), (fs, (1, 2, 3, 4, 5, 6))):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.column in text_cols and cell.value is not None:
                    cell.value = str(cell.value)
                    cell.data_type = "s"  # "=…" in a file name or a message stays text
        sheet.freeze_panes = "A2"
    for col, width in zip("ABCDEFGHI", (36, 28, 8, 30, 10, 6, 6, 6, 40)):
        ws.column_dimensions[col].width = width
    for col, width in zip("ABCDEF", (36, 8, 26, 24, 80, 20)):
        fs.column_dimensions[col].width = width
    out = Path(path)
    wb.save(out)
    return out


def render_summary_text(result: BatchResult) -> str:
    t = result.totals()
    lines = [f"批量审核：{Path(result.source).resolve()}（{t['reports']} 份报告）", ""]
    for r in result.rows:
        if r.read:
            lines.append(
                f"{r.file}　{r.department or '（部门未读出）'}　{r.year or '—'}年　版式：{r.layout or '—'}　"
                f"总分：{r.claimed_total or '未读到'}　错误 {r.errors} · 警告 {r.warnings} · 提示 {r.infos}"
            )
        else:
            lines.append(f"{r.file}　未能审核：{r.problem}")
    lines.append("")
    lines.append(f"合计：已审核 {t['read']} 份，未能审核 {t['unreadable']} 份；错误 {t['errors']} 条，警告 {t['warnings']} 条")
    if result.skipped:
        lines.append(f"另有 {len(result.skipped)} 个文件不是报告格式，未审核：{'、'.join(result.skipped[:10])}{' …' if len(result.skipped) > 10 else ''}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- the command (`jixiao audit DIR|FILE.zip`)


def is_batch_source(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() or p.suffix.lower() == ".zip"


def run_batch_command(source: str, *, jobs: int | None, output: str | None) -> int:
    """What `jixiao audit DIR|FILE.zip [--jobs N] [-o summary.xlsx]` does; returns the exit status.

    0 when the folder or archive was read (unreadable reports are rows of the summary), 1 with a
    message on stderr when it cannot be read at all."""
    import sys

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    src = Path(source)
    out = Path(output) if output else Path.cwd() / f"{src.stem or 'reports'}-审核汇总.xlsx"
    if out.suffix.lower() != ".xlsx":
        print(f"{out}：汇总只能写成 .xlsx", file=sys.stderr)
        return 1
    console = Console(stderr=True)
    with Progress(
        TextColumn("审核"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TextColumn("{task.description}"),
        console=console, transient=False, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("", total=None)

        def step(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=name)

        try:
            result = audit_many(src, jobs=jobs, exclude=[out], progress=step)
        except BatchError as exc:
            print(str(exc), file=sys.stderr)
            return 1
    try:
        write_summary_xlsx(result, out)
    except OSError as exc:
        print(f"{out}：无法写入汇总（{exc.strerror or exc}）", file=sys.stderr)
        return 1
    sys.stdout.write(render_summary_text(result))
    sys.stdout.write(f"汇总表：{out}\n")
    return 0
