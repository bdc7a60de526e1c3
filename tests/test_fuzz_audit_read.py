"""Fuzz: mutated bytes of every format give a Document or a ReadError (in Chinese), never
another exception; mutated text reports (rows shuffled, deleted, cells changed) audit
without a crash. Bounded by max_examples and a per-example deadline."""

from __future__ import annotations

import random
import re
from pathlib import Path

import openpyxl
import pytest
from docx import Document as NewDocx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.audit import audit_document
from jixiao.audit.read import Document, ReadError, read_document, read_text

_CHINESE = re.compile(r"[\u4e00-\u9fff]")
FIXTURES = Path(__file__).parent / "audit_read_fixtures"


def _seed_files(base: Path) -> dict[str, bytes]:
    word = NewDocx()
    word.add_paragraph("某馆2025年度自评报告，自评得分 88 分。")
    t = word.add_table(rows=3, cols=3)
    for r, row in enumerate([["指标", "分值", "得分"], ["预算执行", "10", "8"], ["合计", "10", "8"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(2, 0).merge(t.cell(2, 1))
    word.save(base / "s.docx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["指标", "分值", "得分", "得分率"])
    ws.append(["预算执行", 10, 8, 0.8])
    ws["D2"].number_format = "0.0%"
    ws.merge_cells("A3:B3")
    wb.save(base / "s.xlsx")
    files = {
        ".docx": (base / "s.docx").read_bytes(),
        ".xlsx": (base / "s.xlsx").read_bytes(),
        ".html": (FIXTURES / "score_page.html").read_bytes(),
        ".txt": "指标\t分值\t得分\n预算执行\t10\t8\n| 指标 | 分值 |\n| --- | --- |\n| 采购 | 5 |\n一级指标\n|\n分值\n|\n得分\n|\n决策\n|\n20\n|\n19\n自评得分 88 分。\n".encode("utf-8"),
        ".pdf": (FIXTURES / "small.pdf").read_bytes(),
    }
    return files


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    return _seed_files(tmp_path_factory.mktemp("fuzz-seeds"))


_mutation = st.lists(
    st.tuples(st.sampled_from(["flip", "cut", "insert", "delete", "dup"]), st.floats(0, 1), st.binary(min_size=1, max_size=16)),
    min_size=1, max_size=4,
)


def _mutate(data: bytes, ops) -> bytes:
    out = bytearray(data)
    for op, where, junk in ops:
        i = int(where * len(out)) if out else 0
        if op == "flip" and out:
            i = min(i, len(out) - 1)
            out[i] ^= junk[0] or 0xFF
        elif op == "cut":
            del out[i:]
        elif op == "insert":
            out[i:i] = junk
        elif op == "delete":
            del out[i : i + len(junk) * 8]
        elif op == "dup":
            out[i:i] = out[i : i + 64]
    return bytes(out)


def _check(path: Path) -> None:
    try:
        doc = read_document(path)
    except ReadError as exc:
        message = str(exc)
        assert path.name in message and _CHINESE.search(message), message
        return
    assert isinstance(doc, Document)
    for block in doc.blocks:
        if hasattr(block, "rows"):
            assert all(isinstance(c, str) for r in block.rows for c in r.cells)
        else:
            assert isinstance(block.text, str)


@pytest.mark.parametrize("suffix", [".txt", ".html", ".docx", ".xlsx", ".pdf"])
def test_mutated_files_read_or_fail_cleanly(seeds, tmp_path_factory, suffix: str) -> None:
    base = tmp_path_factory.mktemp("fuzz" + suffix.strip("."))
    counter = iter(range(10**9))

    @settings(max_examples=400, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(ops=_mutation, as_suffix=st.sampled_from([suffix, suffix, suffix, ".txt", ".pdf", ".docx", ".xlsx", ".html"]))
    def run(ops, as_suffix) -> None:
        path = base / f"m{next(counter)}{as_suffix}"
        path.write_bytes(_mutate(seeds[suffix], ops))
        _check(path)
        path.unlink()

    run()


@settings(max_examples=300, deadline=5000)
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".pdf", ".docx", ".xlsx", ".xls", ".ods", ".html", ".doc", ".et"]))
def test_arbitrary_bytes_under_any_suffix(tmp_path_factory, data: bytes, suffix: str) -> None:
    if suffix in (".doc", ".et") and data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        data = data[8:]  # keep LibreOffice out of the loop: the signature check answers first
    path = tmp_path_factory.mktemp("bytes") / f"x{suffix}"
    path.write_bytes(data)
    _check(path)


# ---------------------------------------------------------------- audits of mutated text reports


def _report(rng: random.Random) -> str:
    """A synthetic 自评报告 with a flat score table and a budget table (numbers vary)."""
    leaves = [("预算编制", 10), ("目标设定", 10), ("资金管理", 15), ("采购管理", 5), ("产出数量", 20), ("产出质量", 20), ("满意度", 20)]
    rows = []
    total = 0
    for name, weight in leaves:
        score = weight - rng.choice([0, 0, 1, 2])
        total += score
        rows.append(f"{name}\t{weight}\t{score}\t")
    budget, spent = rng.randint(100, 900), rng.randint(50, 900)
    return "\n".join(
        [
            "某区文化馆2025年度部门整体支出绩效自评报告",
            "一、基本情况",
            f"全年预算{budget}.00万元，执行{spent}.00万元，执行率{spent * 100 // budget}%。",
            "二、自评结果",
            f"经自评，总分{total}分，等级为“优”。",
            "指标\t分值\t得分\t说明",
            *rows,
            f"合计\t100\t{total}\t",
            "项目\t预算数\t执行数\t执行率",
            f"办公经费\t{budget}\t{spent}\t{spent * 100 // budget}%",
            "科目\t年初预算\t调整后预算\t调整数",
            *(f"科目{i}\t{budget + i}\t{spent + i}\t{budget - spent}" for i in range(5)),
        ]
    )


def test_a_difference_table_whose_heading_row_lost_cells_audits():
    """Probe (issue 13): a report whose table rows were deleted, leaving a heading row shorter than the
    rows under it, crashed the table checks (IndexError, exit 3) instead of being audited."""
    lines = ["某区文化馆2025年度部门整体支出绩效自评报告", "科目\t金额"]
    lines += [f"科目{i}\t{100 + i}\t{80 + i}\t20" for i in range(5)]  # 年初 − 调整后 = 调整数, under a 2-cell heading
    report = audit_document(read_text("\n".join(lines), "short-heading.txt"))
    assert report.source == "short-heading.txt"


@settings(max_examples=300, deadline=10000)
@given(seed=st.integers(0, 10**6), ops=st.lists(st.tuples(st.sampled_from(["shuffle", "delete", "dup", "cell", "blank", "pipe"]), st.integers(0, 10**6)), max_size=5))
def test_audit_of_mutated_text_reports_never_crashes(seed: int, ops) -> None:
    rng = random.Random(seed)
    lines = _report(rng).split("\n")
    for op, k in ops:
        i = k % len(lines) if lines else 0
        if op == "shuffle":
            rng.shuffle(lines)
        elif op == "delete" and lines:
            del lines[i]
        elif op == "dup" and lines:
            lines.insert(i, lines[i])
        elif op == "cell" and lines:
            cells = lines[i].split("\t")
            cells[k % len(cells)] = rng.choice(["", "—", "-5", "1e999", "9" * 60, "１０", "10.5.3", "abc", "105%", "(3)"])
            lines[i] = "\t".join(cells)
        elif op == "blank" and lines:
            lines[i] = ""
        elif op == "pipe" and lines:
            lines[i] = lines[i].replace("\t", " | ")
    try:
        doc = read_text("\n".join(lines), "fuzz.txt")
    except ReadError:
        return
    report = audit_document(doc)
    assert report.source == "fuzz.txt"
