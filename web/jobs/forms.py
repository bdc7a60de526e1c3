"""Forms that start jobs. Every message is in Chinese and names the field."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.conf import settings

from accounts.models import District
from jixiao.audit.formats import UPLOAD_SUFFIXES, shown

ALLOWED = UPLOAD_SUFFIXES  # every format the audit reads, and .zip archives of them


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        if not files:
            raise forms.ValidationError("请选择要审核的报告（PDF、Word、Excel、网页或文本，或装有它们的 .zip）")
        out = []
        for f in files:
            suffix = Path(f.name).suffix.lower()
            if suffix not in ALLOWED:
                raise forms.ValidationError(f"{f.name}：不支持的文件类型 {suffix or '（无扩展名）'}，可上传 {shown(ALLOWED)}")
            if f.size > settings.JOBS_MAX_UPLOAD_BYTES:
                raise forms.ValidationError(f"{f.name}：{f.size // (1024 * 1024)} MB，超过单个文件上限 "
                                            f"{settings.JOBS_MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
            out.append(super().clean(f, initial))
        if len(out) > settings.JOBS_MAX_FILES:
            raise forms.ValidationError(f"一次最多上传 {settings.JOBS_MAX_FILES} 个文件")
        return out


class AuditForm(forms.Form):
    files = MultipleFileField(label="报告文件")


class DistrictYearForm(forms.Form):
    district = forms.ModelChoiceField(label="区", queryset=District.objects.none(), empty_label=None,
                                      error_messages={"invalid_choice": "请选择您负责的区"})
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100,
                              error_messages={"required": "请填写年度", "invalid": "年度应为整数",
                                              "min_value": "年度应在 2000–2100 之间", "max_value": "年度应在 2000–2100 之间"})

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts if districts is not None else District.objects.none()


class ReportsForm(DistrictYearForm):
    reviewed = forms.BooleanField(label="按复核后的分数生成", required=False)


class RescoreForm(DistrictYearForm):
    framework_id = forms.ChoiceField(label="改用的指标体系", choices=())

    def __init__(self, *args, frameworks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_id"].choices = list(frameworks)


class TriageForm(DistrictYearForm):
    riskiest = forms.IntegerField(label="按风险抽取（个）", min_value=0, max_value=1000, initial=5,
                                  error_messages={"min_value": "不能为负数", "invalid": "应为整数"})
    random_count = forms.IntegerField(label="另随机抽取（个）", min_value=0, max_value=1000, initial=3,
                                      error_messages={"min_value": "不能为负数", "invalid": "应为整数"})
    seed = forms.IntegerField(label="随机种子（留空则自动生成并记录）", required=False, min_value=0, max_value=10**15,
                              error_messages={"min_value": "随机种子应为非负整数", "invalid": "随机种子应为整数"})
    audit = forms.BooleanField(label="同时审核各部门生成的自评报告（较慢）", required=False, initial=True)
