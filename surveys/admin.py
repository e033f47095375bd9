from django.contrib import admin

from .models import Campaign, Instrument, InstrumentVersion, ProgrammeCampaign, Question


class ReadOnlyQuestions(admin.TabularInline):
    """Questions are edited in the questionnaire builder or by YAML import, which keep a used version unchanged."""

    model = Question
    fields = ["order", "code", "type", "text_lt", "required", "scale_points"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["code", "title_lt", "audience", "org", "easy_read_available"]
    list_filter = ["audience", "org"]
    search_fields = ["code", "title_lt", "title_en"]


@admin.register(InstrumentVersion)
class InstrumentVersionAdmin(admin.ModelAdmin):
    list_display = ["instrument", "label", "status", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["instrument", "label", "checksum"]
    inlines = [ReadOnlyQuestions]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "version", "status", "starts_on", "ends_on", "anonymous"]
    list_filter = ["status", "org", "anonymous"]
    search_fields = ["title"]
    raw_id_fields = ["org", "version", "programme_campaign", "created_by"]
    filter_horizontal = ["services", "units"]


@admin.register(ProgrammeCampaign)
class ProgrammeCampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "version", "starts_on", "ends_on"]
    raw_id_fields = ["programme", "version", "created_by"]
