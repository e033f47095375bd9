from django.contrib import admin

from .models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "code", "org", "requested_by", "status", "step", "steps", "size")
    list_filter = ("status", "code")
    readonly_fields = [f.name for f in Export._meta.fields]

    def has_add_permission(self, request):
        return False
