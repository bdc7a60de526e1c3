"""Who and when: department, year, the claimed total and grade, and who filled the forms."""

from __future__ import annotations

import re
from collections import Counter

from ..model import Evidence
from .claims import Meta
from .numbers import cell_number
from .paras import Para
from .tables import TView
from .text import norm

_DEPT = re.compile(
    r"(?:部门|单位)(?:（单位）|\(单位\))?名称(?:（公章）|\(公章\))?[:：]\s*(?P<name>.+?)"
    r"(?=\s*(?:填报人|联系电话|联系人|部门负责人|单位负责人|分管领导|预算年度|$))"
)
_TITLE_DEPT = re.compile(r"^(?P<name>\S{4,40}?)\s*(?P<year>20\d{2})\s*年度?(?:部门|单位)?整体")
_YEAR_TITLE = re.compile(r"(20\d{2})\s*年度?\s*(?:部门|单位)?(?:整体)?(?:支出)?(?:绩效)?(?:自评|评价|自我评价)")
_YEAR_ANY = re.compile(r"(20\d{2})\s*年")
_FILLER = re.compile(r"(填报人|填表人|联系人)[:：]\s*(?P<name>[\u4e00-\u9fff]{2,4}?)(?=联系|电话|部门|单位|分管|填|$|\s|[，。；,;])")
_TOTAL = re.compile(
    r"(?:自评|综合|评价|评分|整体|总)[^，。；,;]{0,14}?(?:得分|评分|总分)(?:分)?(?:为|是|:|：|\s)*(?P<num>\d{1,3}(?:\.\d{1,2})?)\s*分"
)
_TOTAL_CELL = re.compile(r"(?:自评总分|自评得分|综合得分|评价总分)\s*[（(]分[)）]\s*[:：]?\s*(?P<num>\d{1,3}(?:\.\d{1,2})?)(?![\d.%])")
_NOT_TOTAL = re.compile(r"满分|分值|总分为\s*100|设计|(?<!本)项目|参考|满意")  # "本项目": a project report's own total
_GRADE = re.compile(r"(?:评价|评分|绩效)?等级(?:为|是|:|：)?\s*[“\"「]?(?P<g>优秀?|良好?|中等?|差)[”\"」]?|(?:整体|综合)评价为\s*[“\"「]?(?P<g2>优秀?|良好?|中等?|差)[”\"」]?")
_TOTAL_ROW = re.compile(r"总得分|综合评分|综合得分|总分|合计|自评得分|总计")
# "自评结论：优（95分）": the grade with the total in brackets after it
_CONCLUSION = re.compile(r"(?:自评|评价|绩效)(?:结论|结果)(?:为|是|:|：)\s*[“\"「]?(?P<g>优秀?|良好?|中等?|差)[”\"」]?\s*[（(]\s*(?P<num>\d{1,3}(?:\.\d{1,2})?)\s*分\s*[)）]")
_GRADE_ROW = re.compile(r"评分等级|评价等级|等级|评级")
_FILLER_ROW = re.compile(r"填表人|填报人")
_DEPT_LABEL = re.compile(r"^(?:部门|单位)(?:[（(]单位[)）])?名称(?:[（(]公章[)）])?$|^(?:部门|单位|主管部门|预算单位|实施单位)$")
_TOTAL_LABEL = re.compile(r"^(?:自评总分|自评得分|综合得分|评价总分)(?:[（(]分[)）])?$")
_YEAR_CELL = re.compile(r"^[（(]?\s*(20\d{2})\s*年度?\s*[)）]?$")
# A department's whole name ends in what a government body is called.
_BODY = (r"(?:局|委员会|委|办公室|办|中心|政府|政协|人大常委会|法院|检察院|院|所|站|队|馆|厅|部|会|社|联合会|学校|"
         r"中学|小学|幼儿园|公司)")
_NAME = r"(?:中共)?[\u4e00-\u9fff（）()“”]{3,38}?" + _BODY
# The cover of a report published as a web page: a title line (…绩效…报告/自评表) with the
# department's whole name on the line under it, or run on after it, before the page's own labels
# ("2019年部门整体支出绩效评价报告" / "XX市XX区城市管理和综合执法局" / "信息来源：…").
_TITLE_LINE = re.compile(r"绩效.{0,12}(?:报告|自评表|评价表)")
_DEPT_LINE = re.compile(f"^{_NAME}$")
_TITLE_THEN_DEPT = re.compile(
    r"20\d{2}\s*年度?(?:部门|单位)?整体支出绩效(?:自评|自我评价|评价)?报告\s*"
    f"(?P<name>{_NAME})" r"(?=\s*(?:信息来源|来源|发布|作者|浏览|日期|时间|索引|字体|$))"
)


def _short_grade(g: str) -> str:
    return g[0]


def extract_meta(paras: list[Para], views: list[TView], score_views: set[int] | None = None) -> Meta:
    meta = Meta()
    years: Counter[int] = Counter()
    previous: str | None = None  # the last non-blank paragraph before this one
    for p in paras[:40]:
        m = _DEPT.search(p.text)
        if m and meta.department is None:
            name = m.group("name").strip(" ：:")
            if 2 <= len(name) <= 60:
                meta.department, meta.department_ev = name, p.evidence(m.start("name"), m.end("name"))
        if meta.department is None and p.index < 5:
            t = _TITLE_DEPT.match(p.text)
            if t:
                meta.department, meta.department_ev = t.group("name").lstrip("《【[「“\"'"), p.evidence(0, t.end("name"))
        if meta.department is None and p.index < 8:
            if previous is not None and _TITLE_LINE.search(previous) and _DEPT_LINE.match(p.text.strip()):
                meta.department, meta.department_ev = p.text.strip(), p.evidence(0, len(p.text))
            elif run_on := _TITLE_THEN_DEPT.search(p.text[:400]):
                meta.department, meta.department_ev = run_on.group("name"), p.evidence(run_on.start("name"), run_on.end("name"))
        if p.text.strip():
            previous = p.text
        if meta.year is None:
            y = _YEAR_TITLE.search(p.text)
            if y and p.index < 12:
                meta.year = int(y.group(1))
        for f in _FILLER.finditer(p.text):
            meta.fillers.append((f.group(1), f.group("name"), p.evidence(f.start(), f.end())))
    for p in paras:
        years.update(int(y) for y in _YEAR_ANY.findall(p.text))
        for m in _TOTAL.finditer(p.text):
            clause_start = max(p.text.rfind(c, 0, m.start()) for c in "，。；,;") + 1
            prev_clause = max(p.text.rfind(c, 0, max(clause_start - 1, 0)) for c in "，。；,;") + 1
            if _NOT_TOTAL.search(p.text[clause_start : m.end("num")]) or "满意" in p.text[prev_clause : m.end()]:
                continue
            num = cell_number(m.group("num"))
            if num is not None and num.value <= 100:
                meta.totals.append((num, p.evidence(m.start(), m.end()), "prose"))
        for m in _TOTAL_CELL.finditer(p.text):
            num = cell_number(m.group("num"))
            if num is not None and num.value <= 100:
                meta.totals.append((num, p.evidence(m.start(), m.end()), "prose"))
        for m in _CONCLUSION.finditer(p.text):
            num = cell_number(m.group("num"))
            if num is not None and num.value <= 100:
                meta.totals.append((num, p.evidence(m.start("num"), m.end("num")), "prose"))
                meta.grades.append((_short_grade(m.group("g")), p.evidence(m.start("g"), m.end("g")), "prose"))
        for m in _GRADE.finditer(p.text):
            clause_start = max(p.text.rfind(c, 0, m.start()) for c in "，。；,;") + 1
            if "项目" in p.text[clause_start : m.start()]:
                continue
            g = m.group("g") or m.group("g2")
            meta.grades.append((_short_grade(g), p.evidence(m.start(), m.end()), "prose"))
    for v in views:  # a title printed as the first row of a table (a worksheet's merged title row)
        if not v.title:
            continue
        if meta.department is None:
            t = _TITLE_DEPT.match(v.title)
            if t:
                meta.department = t.group("name").lstrip("《【[「“\"'")
                meta.department_ev = Evidence.of(v.table.rows[0].loc, v.title)
        if meta.year is None:
            y = _YEAR_TITLE.search(v.title) or _YEAR_CELL.search(v.title.strip())  # "（2023年度）" under the title
            if y:
                meta.year = int(y.group(1))
    dept_rank = 9 if meta.department is None else -1
    for v in views:
        for row in v.rows:
            cells = [c for c in row.cells if c]
            if not cells:
                continue
            head = cells[0]
            in_score = score_views is None or v.number in score_views
            if in_score and len(head) <= 8 and _TOTAL_ROW.search(head):
                found = [(i, n) for i, n in ((i, cell_number(c)) for i, c in enumerate(row.cells)) if n is not None and n.value <= 1000]
                if found:  # the last number: "合计 | 100 | 90.50" prints the weight first
                    i, num = found[-1]
                    meta.totals.append((num, Evidence.of(row.loc(i), f"{head} {row.cells[i]}"), "table"))
            elif len(head) <= 6 and _GRADE_ROW.search(head) and len(cells) > 1:
                g = norm(cells[1])[:2]
                if g and g[0] in "优良中差":
                    meta.grades.append((g[0], Evidence.of(row.loc(row.cells.index(cells[1])), f"{head} {cells[1]}"), "table"))
            elif len(head) <= 6 and _FILLER_ROW.search(head) and len(cells) > 1:
                meta.fillers.append((head, norm(cells[1]), Evidence.of(row.loc(row.cells.index(cells[1])), f"{head} {cells[1]}")))
            elif len(cells) > 1 and _DEPT_LABEL.match(head.replace(" ", "")) and not re.search(r"\d", cells[1]):
                rank = 0 if "名称" in head else 1 if head.replace(" ", "") in ("部门", "单位") else 2
                if meta.department is None or rank < dept_rank:
                    meta.department, dept_rank = norm(cells[1]), rank
                    meta.department_ev = Evidence.of(row.loc(row.cells.index(cells[1])), cells[1])
            for j, label in enumerate(cells[:-1] if not in_score else ()):  # label/value pairs anywhere in the row
                if len(label) <= 10 and _TOTAL_LABEL.match(label.replace(" ", "")):
                    num = cell_number(cells[j + 1])
                    if num is not None and num.value <= 100:
                        meta.totals.append((num, Evidence.of(row.loc(row.cells.index(cells[j + 1])), f"{label} {cells[j + 1]}"), "table"))
                    break
            if meta.year is None:
                for c in cells[:2]:
                    y = _YEAR_CELL.search(c)
                    if y:
                        meta.year = int(y.group(1))
                        break
            if meta.year is None and "预算年度" in row.cells:
                idx = row.cells.index("预算年度")
                for c in row.cells[idx + 1 :]:
                    if re.fullmatch(r"20\d{2}", c.strip()):
                        meta.year = int(c.strip())
                        break
    meta.totals.sort(key=lambda t: 0 if t[2] == "table" else 1)
    meta.grades.sort(key=lambda t: 0 if t[2] == "table" else 1)
    if meta.year is None and years:
        meta.year = years.most_common(1)[0][0]
    return meta
