from django.contrib import admin

from .models import Definition, Indicator, Target, Value


@admin.register(Definition)
class DefinitionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name_lt", "unit", "frequency", "source", "org"]
    list_filter = ["unit", "frequency", "org"]
    search_fields = ["code", "name_lt", "name_en"]
    raw_id_fields = ["org"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["period", "value"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["definition", "org", "unit", "service", "owner", "frequency", "archived"]
    list_filter = ["frequency", "archived", "org"]
    raw_id_fields = ["org", "definition", "unit", "service", "owner"]
    inlines = [TargetInline]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    """An approved value is shown, never changed or deleted here (models.Value refuses it too): a correction is
    recorded on the indicator's page, with its reason."""

    list_display = ["indicator", "period", "value", "origin", "approved_at", "org"]
    list_filter = ["origin", "org"]
    raw_id_fields = ["org", "indicator"]
    readonly_fields = ["corrects", "recorded_by", "recorded_at", "computed_at", "approved_by", "approved_at"]
    actions = None  # the bulk "delete selected" would go around the lock

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.is_locked)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_locked)
