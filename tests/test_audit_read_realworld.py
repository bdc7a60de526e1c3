"""The development set of real report openings (../shared/realworld) read into rows: every
labelled score row of the pipe-table and cell-per-line samples stands in one row, its 分值
and 得分 under the header's 分值/得分 columns. Nothing here depends on their wording; the
names and figures come from labels.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from jixiao.audit.read import read_document

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld"
LABELS = REALWORLD / "labels.json"
_STRIP = re.compile(r"[\s“”\"'（）()]|^指标\d+[:：]")


def _key(text: str) -> str:
    return _STRIP.sub("", text)


def _samples() -> list[str]:
    if not LABELS.exists():
        return []
    labels = json.loads(LABELS.read_text("utf-8"))
    return [name for name, lab in labels.items() if "pipe" in lab["layout"] or "one cell per line" in lab["layout"]]


@pytest.mark.parametrize("name", _samples())
def test_labelled_score_rows_are_read_in_their_columns(name: str) -> None:
    label = json.loads(LABELS.read_text("utf-8"))[name]
    doc = read_document(REALWORLD / name)
    found = 0
    wanted = [ind for ind in label["indicators"] if ind["score"] is not None]
    for ind in wanted:
        for table in doc.tables():
            header = None
            for row in table.rows:
                if "分值" in row.cells and any("得分" in c for c in row.cells):
                    header = row.cells
                    continue
                if header is None or not any(_key(c) == _key(ind["name"]) for c in row.cells):
                    continue
                max_col = header.index("分值")
                score_col = next(i for i, c in enumerate(header) if "得分" in c)
                assert (row.cells[max_col], row.cells[score_col]) == (ind["max"], ind["score"]), (ind, row.cells)
                found += 1
    assert found == len(wanted) and found >= 8
