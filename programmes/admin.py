from django.contrib import admin

from .models import Programme, ProgrammeParticipation, ProgrammePhase


class ParticipationInline(admin.TabularInline):
    model = ProgrammeParticipation
    extra = 0
    fields = ["org", "role", "applied_on", "contract_date", "joined_on", "left_on", "notes"]


class PhaseInline(admin.TabularInline):
    model = ProgrammePhase
    extra = 0
    fields = ["order", "name", "start", "end"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "start", "end", "status", "coordinating_org"]
    list_filter = ["status"]
    search_fields = ["code", "title", "title_en"]
    filter_horizontal = ["coordinators"]
    inlines = [ParticipationInline, PhaseInline]
    fieldsets = [
        (None, {"fields": ["code", "title", "title_en", "description", "status"]}),
        (None, {"fields": ["start", "end", "funding_source", "funding_amount"]}),
        (None, {"fields": ["coordinating_org", "coordinators"]}),
    ]
