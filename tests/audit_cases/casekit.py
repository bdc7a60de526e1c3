"""Shared pieces of the fixture generators (make_*.py): score trees and expected.yaml.

A score tree is written as indented lines, one space per level::

    部门决策|20
     目标设定|8
      绩效目标合理性|4|4|评分标准……|扣分原因……

A parent line is ``name|max`` (its printed score is the sum of its children's scores as
generated); a leaf line is ``name|max|score|standard|reason`` (the last two optional).
Planting an error changes a leaf (or a printed total) *after* the parents' printed values
were computed, so exactly one printed relation breaks — and the generator states by hand
which finding that must give.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def D(x: str | int | Decimal) -> Decimal:
    return x if isinstance(x, Decimal) else Decimal(str(x))


def fmt(x: Decimal | None) -> str:
    """A number as a report prints it: no exponent, no trailing zeros beyond the given places."""
    if x is None:
        return ""
    s = format(x, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


@dataclass
class Node:
    name: str
    max: Decimal | None = None
    score: Decimal | None = None
    standard: str = ""
    reason: str = ""
    children: list["Node"] = field(default_factory=list)
    level: int = 1

    @property
    def leaf(self) -> bool:
        return not self.children

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()

    def leaves(self):
        return [n for n in self.walk() if n.leaf]

    def find(self, name: str) -> "Node":
        for n in self.walk():
            if n.name == name:
                return n
        raise KeyError(name)


def parse_tree(text: str) -> list[Node]:
    """Parse the indented form; parents get max/score as the sums of their children."""
    roots: list[Node] = []
    stack: list[Node] = []
    for raw in text.strip("\n").splitlines():
        if not raw.strip():
            continue
        depth = len(raw) - len(raw.lstrip(" "))
        parts = raw.strip().split("|")
        node = Node(name=parts[0], level=depth + 1)
        if len(parts) >= 2 and parts[1]:
            node.max = D(parts[1])
        if len(parts) >= 3 and parts[2]:
            node.score = D(parts[2])
        if len(parts) >= 4:
            node.standard = parts[3]
        if len(parts) >= 5:
            node.reason = parts[4]
        del stack[depth:]
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
    for r in roots:
        _sum_up(r)
    return roots


def _sum_up(n: Node) -> None:
    if n.leaf:
        assert n.max is not None and n.score is not None, n.name
        assert n.score <= n.max, f"twin leaf above its max: {n.name}"
        return
    for c in n.children:
        _sum_up(c)
    wsum = sum((c.max for c in n.children), Decimal(0))
    assert n.max is None or n.max == wsum, f"{n.name}: printed weight {n.max} ≠ children {wsum}"
    n.max = wsum
    n.score = sum((c.score for c in n.children), Decimal(0))


def total(roots: list[Node]) -> tuple[Decimal, Decimal]:
    return sum((r.max for r in roots), Decimal(0)), sum((r.score for r in roots), Decimal(0))


def clone(roots: list[Node]) -> list[Node]:
    return copy.deepcopy(roots)


def node(roots: list[Node], name: str) -> Node:
    for r in roots:
        for n in r.walk():
            if n.name == name:
                return n
    raise KeyError(name)


def rows_of(roots: list[Node], *, parents: bool) -> list[dict]:
    """The expected score rows: every leaf, and the parents when the layout prints their score."""
    out = []
    for r in roots:
        for n in r.walk():
            if n.leaf or parents:
                out.append({"name": n.name, "max": fmt(n.max), "score": fmt(n.score)})
    return out


# ---------------------------------------------------------------- expected.yaml


def execution(label: str) -> str:
    """The expected name of a budget block's row (年度资金总额, 其中：当年财政拨款, 项目支出 …): the row
    scores or checks the 预算执行率 of the funds it names, so it is the indicator 预算执行率 with the
    printed row label beside it, as the hand-made real-world labels (../shared/realworld/labels.json)
    name it too. The runner compares names without their parenthesised parts."""
    return f"预算执行率（{label}）"



def write_case(
    case_id: str,
    *,
    document: str,
    made_with: str,
    layout: str,
    department: str | None,
    year: int | None,
    claimed_total: str | None,
    tables: list[dict],
    score_rows: list[dict],
    findings: list[dict],
    generator: str,
    twin_of: str | None = None,
) -> Path:
    """Write tests/audit_cases/<case_id>/expected.yaml (the document is written beside it by the caller)."""
    serious = [f for f in findings if f.get("severity") != "info"]
    if twin_of is None and not 1 <= len(serious) <= 3:
        raise ValueError(f"{case_id}: a planted document has 1 to 3 errors or warnings")
    if twin_of is not None and serious:
        raise ValueError(f"{case_id}: a twin expects no error or warning")
    data: dict = {
        "document": document,
        "made_with": made_with,
        "layout": layout,
    }
    if twin_of is not None:
        data["twin_of"] = twin_of
    data.update(
        {
            "department": department,
            "year": year,
            "claimed_total": claimed_total,
            "tables": tables,
            "score_rows": score_rows,
            "findings": findings,
        }
    )
    d = case_dir(case_id)
    out = d / "expected.yaml"
    header = f"# written by tests/audit_cases/{generator}: edit the generator and run it again, not this file\n"
    out.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120), encoding="utf-8")
    return out


def case_dir(case_id: str) -> Path:
    d = HERE / case_id
    d.mkdir(exist_ok=True)
    return d


def finding(code: str, indicator, *, severity: str | None = None, claimed: str | None = None, recomputed: str | None = None) -> dict:
    out: dict = {"code": code, "indicator": indicator}
    if severity:
        out["severity"] = severity
    if claimed is not None:
        out["claimed"] = claimed
    if recomputed is not None:
        out["recomputed"] = recomputed
    return out


# ---------------------------------------------------------------- conversions


def soffice_convert(src: Path, out_dir: Path, fmt: str = "pdf") -> Path:
    """LibreOffice conversion (.docx → .pdf/.doc, .xlsx → .xls) with its own profile
    (parallel runs sharing one lose output)."""
    with tempfile.TemporaryDirectory(prefix="lo-fixture-") as prof:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to", fmt, "--outdir", str(out_dir), str(src)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    out = out_dir / f"{src.stem}.{fmt}"
    assert out.is_file(), f"LibreOffice gave no .{fmt} for {src}"
    return out


def chromium_to_pdf(html: Path, pdf: Path) -> Path:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with tempfile.TemporaryDirectory(prefix="chromium-fixture-") as prof:
        subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={prof}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", html.resolve().as_uri()],
            check=True,
            capture_output=True,
            timeout=120,
        )
    assert pdf.is_file() and pdf.stat().st_size > 0, f"Chromium gave no PDF for {html}"
    return pdf


def rate(executed: str, budget: str) -> str:
    """执行率 as printed: percent with two places, half up."""
    from decimal import ROUND_HALF_UP

    return str((D(executed) / D(budget) * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)) + "%"
