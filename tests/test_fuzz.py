"""Fuzzing the loaders (issue 13): mutated input files, workbooks and framework files.

Every run must end, within a few seconds, in one of two ways: a validated result that holds
nothing impossible, or the project's own error (InputError, SourceError, FrameworkError) whose
every problem says where (file and line, or sheet and cell) and what. Nothing else may escape.
The numbers of examples are bounded so the whole file runs in about a minute on CI.
"""

from __future__ import annotations

import functools
import io
import json
import os
import re
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.cell.cell import MergedCell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.core.engine import InvalidInput, score
from jixiao.core.inputs import DepartmentYear
from jixiao.core.data import plausibility_words
from jixiao.core.figures import compute_figures
from jixiao.core.plausibility import MAX_AMOUNT, MAX_RATE_PCT, is_share
from jixiao.frameworks import FrameworkError, load_framework
from jixiao.frameworks.loader import DATA_DIR, parse_framework
from jixiao.io import excel_layout as L
from jixiao.io.excel_cells import CellError
from jixiao.io.excel_import import parse_value
from jixiao.io.excel_template import dump_input_yaml, import_workbook, write_template
from jixiao.io.inputs import InputError, load_input_data, validate_data
from jixiao.io.yamlio import SourceError, parse_json, parse_yaml
from jixiao.synth import generate, jsonable

from .conftest import complete_input

# JIXIAO_FUZZ_SCALE=20 for a deep run (several thousand cases per loader); CI runs the default.
SCALE = max(1, int(os.environ.get("JIXIAO_FUZZ_SCALE", "1")))
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
FUZZ = settings(max_examples=250 * SCALE, deadline=3000, suppress_health_check=_QUIET, derandomize=SCALE == 1)
FUZZ_EXCEL = settings(max_examples=60 * SCALE, deadline=6000, suppress_health_check=_QUIET, derandomize=SCALE == 1)
SECONDS = 3.0  # no single load may take longer

FW = load_framework("shenzhen-common")
BASE = generate(FW, seed=11, projects=6)
BASE_YAML = dump_input_yaml(BASE)
BASE_JSON = json.dumps(jsonable(BASE.model_dump(mode="python", exclude_none=True)), ensure_ascii=False, indent=1)

# Values a person (or a broken export) puts where a figure or a name belongs.
HOSTILE = [
    "1e999", "1e99999999", "-1", "010", "0x1A", "1:20", "1,2,3", "1,0", "12,345.6", ".5", "5.", "NaN", ".inf",
    "-.inf", "1e308", "9" * 40, "0." + "0" * 30 + "1", "!!int 1e5", "!!bool maybe", "!!float abc", "!!binary aGk=",
    "!!python/object:os.system", "!custom x", "&a [*a]", "*undefined", "[[[[[[[[[[", "{", "'", '"', "~", "null",
    "true", "yes", "no", "2023-01-01", "\x07bell", "=HYPERLINK(\"x\")", "150", "100.0001", "1000000000000",
    "[]", "{}", "- a\n- b", "<<: *x", "?", "|\n  text", "— 约3000万元", "一百", "1e20", "３０", "1_000",
]


def _where_is_named(problems, *, cell: bool = False) -> None:
    assert problems, "an error without problems"
    for p in problems:
        text = str(p)
        assert p.what and p.what.strip(), text
        if cell:
            assert p.where.file or p.where.sheet, text
        else:
            assert p.where.file, text
        assert "Traceback" not in text and "object at 0x" not in text, text


def _nothing_impossible(data: DepartmentYear) -> None:
    """What the range rules promise of every accepted input."""
    limit = MAX_AMOUNT[data.unit]
    for v in (data.budget.initial, data.budget.adjusted, data.budget.executed):
        assert v is None or Decimal(0) <= v <= limit
    if data.satisfaction_pct is not None:
        assert data.satisfaction_pct <= 100
    if data.assets and data.assets.fixed_in_use is not None and data.assets.fixed_total is not None:
        assert data.assets.fixed_in_use <= data.assets.fixed_total
    quarters = sorted(data.quarterly or (), key=lambda q: q.quarter)
    for q in quarters:
        assert q.progress_pct is None or q.progress_pct <= MAX_RATE_PCT
    for a, b in zip(quarters, quarters[1:]):
        if a.progress_pct is not None and b.progress_pct is not None and a.base == b.base:
            assert b.progress_pct >= a.progress_pct
    for p in data.projects or ():
        spent = p.quarterly_spent or []
        assert all(x <= y for x, y in zip(spent, spent[1:]))
        assert p.budget is None or p.spent is None or not p.budget or p.spent <= p.budget * MAX_RATE_PCT / 100
    figures = compute_figures(data)
    for share in (figures.asset_utilization, figures.basic_share_budget, figures.project_share_budget,
                  figures.basic_share_actual, figures.project_share_actual):
        assert share is None or share <= 1
    for rate in (figures.execution_rate, figures.three_public_rate, figures.public_funds_rate, figures.procurement_rate):
        assert rate is None or rate * 100 <= MAX_RATE_PCT
    words = plausibility_words()
    for t in [*(data.targets or ()), *(t for p in data.projects or () for t in p.targets or ())]:
        if is_share(t.name, t.unit, words):
            assert all(v is None or v <= 100 for v in (t.target, t.actual, t.adjusted_target, t.last_year_actual))
    # and it scores, or is refused with the project's own error
    try:
        score(FW, data)
    except InvalidInput:
        pass


def _load_text(text: str, name: str) -> None:
    started = time.monotonic()
    try:
        doc = parse_json(text, name) if name.endswith(".json") else parse_yaml(text, name)
        data = validate_data(doc)
    except SourceError as exc:
        _where_is_named([exc.problem])
    except InputError as exc:
        _where_is_named(exc.problems)
    else:
        _nothing_impossible(data)
    assert time.monotonic() - started < SECONDS


def _scalar_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines()) if ": " in line or line.lstrip().startswith("- ")]


@FUZZ
@given(data=st.data())
def test_yaml_input_with_hostile_values(data):
    lines = BASE_YAML.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        i = data.draw(st.sampled_from(_scalar_lines(BASE_YAML)))
        head = lines[i].split(": ", 1)[0] if ": " in lines[i] else lines[i][: lines[i].index("- ") + 1]
        lines[i] = f"{head}{': ' if ': ' in lines[i] else ' '}{data.draw(st.sampled_from(HOSTILE))}"
    _load_text("\n".join(lines) + "\n", "fuzz.yaml")


@FUZZ
@given(data=st.data())
def test_yaml_input_with_mangled_text(data):
    text = BASE_YAML
    for _ in range(data.draw(st.integers(1, 6))):
        pos = data.draw(st.integers(0, len(text)))
        op = data.draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if op == "insert":
            text = text[:pos] + data.draw(st.text(alphabet=":-[]{}&*!|>'\"#%@`,?\n \t0123456789.e", max_size=8)) + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + data.draw(st.integers(1, 40)):]
        else:
            end = min(len(text), pos + data.draw(st.integers(1, 200)))
            text = text[:end] + text[pos:end] + text[end:]
    _load_text(text, "fuzz.yaml")


@FUZZ
@given(data=st.data())
def test_json_input_with_hostile_values(data):
    raw = json.loads(BASE_JSON)
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))
        else:
            paths.append(path)

    walk(raw, ())
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        node = raw
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = data.draw(st.one_of(
            st.sampled_from(HOSTILE), st.integers(-10**40, 10**40), st.booleans(), st.none(),
            st.lists(st.integers(), max_size=3), st.floats(allow_nan=False, allow_infinity=False)))
    text = json.dumps(raw, ensure_ascii=False)
    _load_text(text, "fuzz.json")


@FUZZ
@given(cut=st.integers(0, len(BASE_JSON)), junk=st.text(max_size=5))
def test_json_input_cut_anywhere(cut, junk):
    _load_text(BASE_JSON[:cut] + junk, "fuzz.json")


# ---------------------------------------------------------------- framework files

FRAMEWORK_TEXT = (DATA_DIR / "shenzhen-common.yaml").read_text(encoding="utf-8")
FRAMEWORK_HOSTILE = HOSTILE + ["a" * 300, "b" * 300 + "-x", "shenzhen-common", "../../etc/passwd", "-5", "0", "1e-99"]


@FUZZ
@given(data=st.data())
def test_framework_file_with_hostile_values(data):
    lines = FRAMEWORK_TEXT.splitlines()
    candidates = [i for i, line in enumerate(lines) if ": " in line and not line.rstrip().endswith(":")]
    for _ in range(data.draw(st.integers(1, 3))):
        i = data.draw(st.sampled_from(candidates))
        if data.draw(st.booleans()):
            lines[i] = lines[i].split(": ", 1)[0] + ": " + data.draw(st.sampled_from(FRAMEWORK_HOSTILE))
        else:
            del lines[i]
            candidates = [c if c < i else c - 1 for c in candidates if c != i]
    started = time.monotonic()
    try:
        parse_framework(parse_yaml("\n".join(lines) + "\n", "fw.yaml"))
    except SourceError as exc:
        _where_is_named([exc.problem])
    except FrameworkError as exc:
        _where_is_named(exc.problems) if all(p.where.file for p in exc.problems) else None
        assert all(p.what for p in exc.problems)
    assert time.monotonic() - started < SECONDS


# ---------------------------------------------------------------- Excel import

@functools.cache
def _workbook() -> bytes:
    """The template filled with a complete input, as bytes (built once)."""
    from jixiao.io.inputs import load_input_data

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "filled.xlsx"
        write_template(FW, path, data=load_input_data(complete_input()))
        return path.read_bytes()


CELL_VALUES = st.one_of(
    st.sampled_from(HOSTILE + ["#DIV/0!", "#N/A", "#REF!", "=1/0", "=SUM(A1:A3)", "是", "否", "定量", "≥"]),
    st.integers(-10**20, 10**20), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.text(max_size=20).filter(lambda s: not any(ord(c) < 32 for c in s)))


def _import_bytes(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(content)
    started = time.monotonic()
    try:
        data = import_workbook(path, FW)
    except InputError as exc:
        _where_is_named(exc.problems, cell=True)
    else:
        _nothing_impossible(data)
    assert time.monotonic() - started < SECONDS + 2


@settings(FUZZ_EXCEL, max_examples=25 * SCALE)  # each example loads and saves a workbook first
@given(data=st.data())
def test_excel_import_with_hostile_cells(tmp_path, data):
    wb = openpyxl.load_workbook(io.BytesIO(_workbook()))
    sheets = [ws for ws in wb.worksheets if ws.sheet_state == "visible" and ws.title != "说明"]
    for _ in range(data.draw(st.integers(1, 5))):
        ws = data.draw(st.sampled_from(sheets))
        row = data.draw(st.one_of(st.integers(1, 60), st.sampled_from([1000, 65536, 1_048_576])))
        col = data.draw(st.integers(1, 8))
        if not isinstance(ws.cell(row, col), MergedCell):
            ws.cell(row, col).value = data.draw(CELL_VALUES)
    if data.draw(st.integers(0, 9)) == 0:
        ws = data.draw(st.sampled_from(sheets))
        ws.title = ws.title + "（改）"
    out = io.BytesIO()
    wb.save(out)
    _import_bytes(out.getvalue(), tmp_path)


@FUZZ_EXCEL
@given(data=st.data())
def test_excel_import_with_mangled_zip_members(tmp_path, data):
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    names = [i.filename for i in source.infolist()]
    out = io.BytesIO()
    targets = set(data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3)))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            content = source.read(name)
            if name in targets:
                pos = data.draw(st.integers(0, max(0, len(content) - 1)))
                op = data.draw(st.sampled_from(["cut", "insert", "flip", "drop"]))
                if op == "drop":
                    continue
                if op == "cut":
                    content = content[:pos]
                elif op == "insert":
                    content = content[:pos] + data.draw(st.sampled_from(
                        [b"<", b"</c>", b'"', b"<v>99999</v>", b't="s"', b"&#0;", b"\xff\xfe", b"<row r=\"1048576\">"])) + content[pos:]
                else:
                    content = content[:pos] + bytes([content[pos] ^ 0x5A]) + content[pos + 1:] if content else content
            z.writestr(name, content)
    _import_bytes(out.getvalue(), tmp_path)


@FUZZ_EXCEL
@given(data=st.data())
def test_excel_import_with_flipped_bytes(tmp_path, data):
    content = bytearray(_workbook())
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(content) - 1))
        content[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        content = content[: data.draw(st.integers(0, len(content)))]
    _import_bytes(bytes(content), tmp_path)


# ---------------------------------------------------------------- cells and figures, thousands of cases

FUZZ_FAST = settings(max_examples=1500 * SCALE, deadline=3000, suppress_health_check=_QUIET, derandomize=SCALE == 1)
BASIC_FIELDS = [f for section in L.BASIC_SECTIONS for f in section.fields if f.key not in (("framework",), ("unit",))]
FORMATS = ["General", "0.00", "#,##0.00", "0.00%", "0%", "@"]


def _set_key(raw: dict, key: tuple, value) -> None:
    node = raw
    for step in key[:-1]:
        node = node.setdefault(step, {})
    node[key[-1]] = value


@FUZZ_FAST
@given(data=st.data())
def test_excel_cells_of_the_basic_sheet_with_hostile_values(data):
    """What the import does with a cell, without the zip around it: each hostile value in each field of
    基本数据 is read or refused in Chinese, and what is read is then accepted only when possible."""
    raw = complete_input()
    for _ in range(data.draw(st.integers(1, 3))):
        field = data.draw(st.sampled_from(BASIC_FIELDS))
        try:
            value = parse_value(field.kind, data.draw(CELL_VALUES), data.draw(st.sampled_from(FORMATS)))
        except CellError as exc:
            assert re.search("[\u4e00-\u9fff]", str(exc)), str(exc)
            continue
        _set_key(raw, field.key, value)
    try:
        loaded = load_input_data(raw)
    except InputError as exc:
        assert all(p.where.field and re.search("[\u4e00-\u9fff]", p.what) for p in exc.problems), exc.problems
    else:
        _nothing_impossible(loaded)


FIGURE = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**10, places=2, allow_nan=False, allow_infinity=False),
                   st.sampled_from([Decimal(0), Decimal(100), Decimal(150), Decimal("150.01"), Decimal(1000)]))
PCT = st.one_of(st.none(), st.decimals(min_value=0, max_value=300, places=2, allow_nan=False, allow_infinity=False))


@FUZZ_FAST
@given(budget=st.fixed_dictionaries({k: FIGURE for k in ("initial", "adjusted", "executed", "basic_budget", "basic_actual",
                                                        "project_budget", "project_actual")}),
       quarters=st.lists(PCT, min_size=4, max_size=4), three_public=st.tuples(FIGURE, FIGURE, PCT),
       assets=st.tuples(FIGURE, FIGURE, PCT), satisfaction=PCT, target=st.tuples(st.sampled_from(["群众满意度", "覆盖率",
       "完成率", "满意度提升"]), PCT), project=st.tuples(FIGURE, FIGURE))
def test_random_figures_are_accepted_only_when_possible(budget, quarters, three_public, assets, satisfaction, target, project):
    """Nothing impossible accepted: random figures for every rule's inputs, the invariants checked on what loads."""
    raw = complete_input()
    raw["budget"] = {k: v for k, v in budget.items() if v is not None}
    raw["quarterly"] = [{"quarter": i + 1, "progress_pct": p} for i, p in enumerate(quarters) if p is not None]
    raw["three_public"] = {k: v for k, v in zip(("budget", "actual", "rate_pct"), three_public) if v is not None}
    raw["assets"] = {k: v for k, v in zip(("fixed_in_use", "fixed_total", "utilization_pct"), assets) if v is not None}
    raw["satisfaction_pct"] = satisfaction
    raw["targets"][0].update(name=target[0], actual=target[1])
    raw["projects"][0].update(budget=project[0], spent=project[1])
    try:
        loaded = load_input_data(raw)
    except InputError as exc:
        assert all(p.where.field and re.search("[\u4e00-\u9fff]", p.what) for p in exc.problems), exc.problems
    else:
        _nothing_impossible(loaded)
