"""The 复核 triage around the pure core (:mod:`jixiao.core.triage`): scoring, auditing, reading files.

    entry = triage_one(fw, data)                       # one department-year
    result = triage_dir("inputs/")                     # every input file of a folder, ranked
    draw = draw_sample(result.entries, 5, 3, seed=42)  # 抽查: the 5 riskiest plus 3 at random

For each department the engine scores its own data; its report is audited — the department's
own published report when one lies beside the input (same name, .docx/.pdf/.txt), whose claimed
scores are then compared with the engine's; otherwise the report jixiao generates from the data —
its judged items are checked for a substantive reason and its targets by the target-quality check.
Evidence attachments (佐证材料) are not part of the input format: a caller that knows them (the web
app) passes the indicators that have evidence (``evidenced``) and those the reviewer asked evidence
for (``evidence_asked``); without ``evidenced`` no evidence signal is raised.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterable

from .core.data import target_quality_rules, triage_rules
from .core.engine import InvalidInput, score
from .core.framework import Framework
from .core.inputs import DepartmentYear
from .core.numbers import parse_decimal
from .core.scorecard import Scorecard
from .core.target_quality import review_targets
from .core.triage import AuditSignal, Draw, Entry, Signal, TriageRules, assess, audit_signals, claimed_signals, \
    draw_sample, evidence_signals, judged_signals, missing_signals, rank, target_signals

__all__ = ["Draw", "Entry", "TriageResult", "draw_sample", "rank", "triage_one", "triage_dir", "audit_findings"]

REPORT_SUFFIXES = (".docx", ".pdf", ".txt")
INPUT_SUFFIXES = (".yaml", ".yml", ".json")


def _decimal(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return parse_decimal(str(text).replace("分", "").strip())
    except (ValueError, ArithmeticError):
        return None


def audit_findings(report) -> list[AuditSignal]:
    """An :class:`~jixiao.audit.AuditReport`'s errors and warnings as triage inputs."""
    return [AuditSignal(f.severity.value, f.severity.label, f.message, f.indicator, _decimal(f.claimed), _decimal(f.recomputed))
            for f in report.findings if f.severity.value in ("error", "warning")]


def audit_generated(card: Scorecard, data: DepartmentYear):
    """Generate the department's 自评报告 from its data and audit it."""
    from .audit import audit_file
    from .writers.docx_report import build_report

    with tempfile.TemporaryDirectory(prefix="jixiao-triage-") as tmp:
        path = Path(tmp) / "自评报告.docx"
        build_report(card, data).save(path)
        return audit_file(path)


def triage_one(fw: Framework, data: DepartmentYear, *, claimed_total: Decimal | None = None,
               claimed_scores: dict[str, Decimal] | None = None, report_path: str | Path | None = None,
               audit: bool = True, rules: TriageRules | None = None, ref: object = None,
               evidenced: Iterable[str] | None = None, evidence_asked: Iterable[str] = (),
               extra: Iterable[Signal] = ()) -> Entry:
    """Every check on one department-year; raises :class:`InvalidInput` when its data cannot be scored."""
    rules = rules or triage_rules()
    card = score(fw, data)
    signals: list[Signal] = []
    signals += judged_signals(card, data, rules)
    signals += target_signals(data, review_targets(data.targets or (), target_quality_rules()), rules)
    signals += missing_signals(card)
    if evidenced is not None:
        signals += evidence_signals(card, evidenced, rules, evidence_asked)
    if report_path is not None:
        from .audit import audit_file

        report = audit_file(report_path)
        if claimed_total is None:
            claimed_total = report.claimed_total
        signals += audit_signals(audit_findings(report), f"报告 {Path(report_path).name} ")
    elif audit:
        signals += audit_signals(audit_findings(audit_generated(card, data)), "生成的自评报告")
    signals += claimed_signals(card, claimed_total, claimed_scores)
    signals += list(extra)
    return assess(data.department, card, signals, ref=ref)


@dataclass
class TriageResult:
    entries: list[Entry] = field(default_factory=list)  # ranked
    problems: list[str] = field(default_factory=list)  # files that could not be read or scored, in Chinese


def input_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES and p.name != "case.yaml")


def triage_dir(folder: str | Path, *, framework: str | None = None, audit: bool = True,
               progress: Callable[[int, int, str], None] | None = None) -> TriageResult:
    """Every input file under ``folder`` (with its report beside it, when there is one), ranked."""
    from .audit import ReadError
    from .frameworks import FrameworkError, load_framework
    from .io.inputs import InputError, load_input

    folder = Path(folder)
    files = input_files(folder)
    result = TriageResult()
    entries: list[Entry] = []
    for i, path in enumerate(files):
        if progress:
            progress(i, len(files), path.name)
        try:
            loaded = load_input(path)
            ident = framework or loaded.data.framework
            if not ident:
                raise InputError([f"{path}：未指定指标体系（在文件中写 framework，或用 --framework 指定）"])
            fw = load_framework(ident)
            report = next((path.with_suffix(s) for s in REPORT_SUFFIXES if path.with_suffix(s).exists()), None)
            entries.append(triage_one(fw, loaded.data, report_path=report, audit=audit, ref=str(path.relative_to(folder))))
        except InputError as exc:
            result.problems += [str(p) for p in exc.problems]
        except FrameworkError as exc:
            result.problems += [f"{path}：{p}" for p in exc.problems]
        except InvalidInput as exc:
            result.problems += [f"{path}：{p}" for p in exc.problems]
        except ReadError as exc:
            result.problems.append(f"{path}：报告无法读取：{exc}")
    if progress:
        progress(len(files), len(files), "")
    result.entries = rank(entries)
    return result
