from django.contrib import admin

from .models import (
    Application,
    EventAttendance,
    MilestoneStep,
    MilestoneTemplate,
    Programme,
    ProgrammeEvent,
    ProgrammeIndicator,
    ProgrammeParticipation,
    ProgrammePhase,
    Wave,
)


class ParticipationInline(admin.TabularInline):
    model = ProgrammeParticipation
    extra = 0
    fields = [
        "org",
        "role",
        "status",
        "wave",
        "contract_number",
        "contract_date",
        "applied_on",
        "joined_on",
        "left_on",
        "consultant",
    ]
    raw_id_fields = ["org", "consultant"]
    show_change_link = True


class PhaseInline(admin.TabularInline):
    model = ProgrammePhase
    extra = 0
    fields = ["order", "name", "start", "end"]


class WaveInline(admin.TabularInline):
    model = Wave
    extra = 0
    fields = ["order", "name", "start"]


class IndicatorInline(admin.StackedInline):
    model = ProgrammeIndicator
    extra = 0
    fields = [("code", "name"), ("kind", "unit"), ("baseline", "target", "deadline"), "dimensions"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "start", "end", "status", "coordinating_org", "funder"]
    list_filter = ["status"]
    search_fields = ["code", "title", "title_en"]
    filter_horizontal = ["coordinators", "consultants", "funder_viewers"]
    inlines = [WaveInline, IndicatorInline, PhaseInline, ParticipationInline]
    fieldsets = [
        (None, {"fields": ["code", "title", "title_en", "description", "status"]}),
        (None, {"fields": ["start", "end", "funder", "funding_source", "funding_amount", "milestone_template"]}),
        (None, {"fields": ["shares_readiness", "shares_certificate", "shares_indicators", "shares_results"]}),
        (None, {"fields": ["accepts_applications", "application_slug"]}),
        (None, {"fields": ["coordinating_org", "coordinators", "consultants", "funder_viewers"]}),
    ]


@admin.register(ProgrammeParticipation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["org", "programme", "status", "wave", "consultant"]
    list_filter = ["programme", "status"]
    search_fields = ["org__name", "contract_number"]
    raw_id_fields = ["org", "consultant", "services"]


class StepInline(admin.TabularInline):
    model = MilestoneStep
    extra = 0
    fields = ["order", "code", "name", "name_en", "months_after_contract", "source"]


@admin.register(MilestoneTemplate)
class MilestoneTemplateAdmin(admin.ModelAdmin):
    list_display = ["name"]
    inlines = [StepInline]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["org_name", "company_code", "programme", "status", "created_at"]
    list_filter = ["programme", "status"]
    search_fields = ["org_name", "company_code", "email"]
    raw_id_fields = ["participation", "decided_by"]


class AttendanceInline(admin.TabularInline):
    model = EventAttendance
    extra = 0
    raw_id_fields = ["participation"]


@admin.register(ProgrammeEvent)
class EventAdmin(admin.ModelAdmin):
    list_display = ["on", "title", "kind", "programme"]
    list_filter = ["programme", "kind"]
    inlines = [AttendanceInline]
