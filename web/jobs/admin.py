from django.contrib import admin

from .models import Job, SampleDraw


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "owner", "district", "year", "status", "done", "total", "attempts", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Job._meta.fields]


@admin.register(SampleDraw)
class SampleDrawAdmin(admin.ModelAdmin):
    list_display = ("id", "district", "year", "riskiest", "random_count", "seed", "drawn_by", "drawn_at")
    readonly_fields = [f.name for f in SampleDraw._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False
