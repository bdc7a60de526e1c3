"""Administration (管理员): frameworks are validated by jixiao's strict loader before they are saved."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from jixiao.frameworks import FrameworkError
from jixiao.frameworks.loader import parse_framework
from jixiao.io.yamlio import SourceError, parse_yaml

from .models import Evaluation, FrameworkFile


class FrameworkFileForm(forms.ModelForm):
    xlsx = forms.FileField(
        label="或上传 Excel 指标体系",
        required=False,
        help_text="按 jixiao framework template 的格式填写的 .xlsx；上传后转换为 YAML 保存（此时 YAML 内容可不填）",
    )

    class Meta:
        model = FrameworkFile
        fields = ["ident", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 30, "cols": 120, "style": "font-family:monospace"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False

    upload_refused: str | None = None  # set per request by FrameworkFileAdmin.get_form (evaluations.uploads)

    def clean(self):
        cleaned = super().clean()
        if self.upload_refused:
            raise forms.ValidationError(self.upload_refused)
        upload = cleaned.get("xlsx")
        if upload is not None:
            cleaned["text"] = self._from_xlsx(upload)
            self.instance.text = cleaned["text"]
        elif not cleaned.get("text"):
            raise forms.ValidationError("请填写 YAML 内容，或上传 Excel 指标体系")
        ident, text = cleaned.get("ident"), cleaned.get("text")
        if not ident or not text:
            return cleaned
        try:
            fw = parse_framework(parse_yaml(text, f"{ident}.yaml"))
        except SourceError as exc:
            raise forms.ValidationError(str(exc)) from None
        except FrameworkError as exc:
            raise forms.ValidationError([forms.ValidationError(str(p)) for p in exc.problems]) from None
        if fw.id != ident:
            raise forms.ValidationError(f"文件中的 id '{fw.id}' 与填写的指标体系 id '{ident}' 不一致")
        return cleaned

    @staticmethod
    def _from_xlsx(upload) -> str:
        import yaml

        from jixiao.frameworks.raw import framework_raw
        from jixiao.io.framework_excel import read_framework_xlsx

        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("Excel 指标体系文件超过 5 MB")
        try:
            fw = read_framework_xlsx(upload, name=upload.name)
        except FrameworkError as exc:
            raise forms.ValidationError([forms.ValidationError(str(p)) for p in exc.problems]) from None
        head = f"# 由 {upload.name} 导入\n"
        return head + yaml.safe_dump(framework_raw(fw), allow_unicode=True, sort_keys=False, width=120)


@admin.register(FrameworkFile)
class FrameworkFileAdmin(admin.ModelAdmin):
    form = FrameworkFileForm
    list_display = ["ident", "uploaded_by", "uploaded_at"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        refused = getattr(request, "upload_refused", None)  # the upload handler's reason for skipping a file
        return type(form.__name__, (form,), {"upload_refused": refused}) if refused else form

    def save_model(self, request, obj, form, change):
        obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["department", "year", "framework_id", "status", "total", "reviewed_total"]
    list_filter = ["year", "status", "department__district"]
    search_fields = ["department__name"]
    # Everything read-only: data changes go through the app (services.py), which keeps the history,
    # and the scores and q1–q4 progress are caches rebuilt from the data.
    readonly_fields = ["department", "year", "framework_id", "status", "version", "data", "total", "grade", "complete",
                       "reviewed_total", "reviewed_grade", "q1", "q2", "q3", "q4", "created_at", "updated_at"]

    def has_change_permission(self, request, obj=None):
        return False  # shown, never saved from here

    def has_add_permission(self, request):
        return False  # evaluations are created by their department's filler

    def has_delete_permission(self, request, obj=None):
        return False  # the history refers to them
