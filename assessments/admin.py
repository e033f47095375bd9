from django.contrib import admin

from .models import AnswerComment, Assessment, EvidenceItem, IndicatorAnswer


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "version", "status", "period_start", "period_end"]
    list_filter = ["status", "org"]
    search_fields = ["title"]
    raw_id_fields = ["version", "coordinator", "copied_from", "created_by"]
    filter_horizontal = ["services"]


@admin.register(IndicatorAnswer)
class IndicatorAnswerAdmin(admin.ModelAdmin):
    list_display = ["indicator", "assessment", "rating", "responsible", "revision", "updated_at"]
    list_filter = ["assessment__org"]
    raw_id_fields = ["assessment", "indicator", "responsible", "updated_by", "org"]


@admin.register(EvidenceItem)
class EvidenceItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "org", "evidence_date", "expires_on"]
    list_filter = ["kind", "org"]
    search_fields = ["title", "reference", "url"]
    raw_id_fields = ["action", "created_by", "org"]
    filter_horizontal = []
    exclude = ["answers"]


@admin.register(AnswerComment)
class AnswerCommentAdmin(admin.ModelAdmin):
    list_display = ["answer", "author", "created_at"]
    raw_id_fields = ["answer", "author", "org"]
