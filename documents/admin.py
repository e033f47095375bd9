"""Django admin for document control. An approved version is view-only here as everywhere: no change, no delete."""

from django.contrib import admin

from .models import (
    Acknowledgement,
    Document,
    DocumentIndicatorLink,
    DocumentReview,
    DocumentSettings,
    DocumentType,
    DocumentVersion,
    ReadAudience,
    VersionState,
)


@admin.register(DocumentType)
class DocumentTypeAdmin(admin.ModelAdmin):
    list_display = ["name_lt", "name_en", "code", "org", "order", "review_months", "required", "public_by_default"]
    list_editable = ["order"]
    list_filter = ["org"]
    search_fields = ["name_lt", "name_en", "code"]
    raw_id_fields = ["org"]


class VersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0
    fields = ["number", "state", "kind", "approved_on", "order_number", "effective_from"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "type", "status", "is_public", "next_review_on"]
    list_filter = ["status", "is_public", "type", "org"]
    search_fields = ["title", "org__name"]
    list_select_related = ["org", "type"]
    raw_id_fields = ["owner", "units", "services"]
    readonly_fields = ["uuid", "org", "status", "current_version", "published_version", "created_by", "created_at"]
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False  # documents start through the app, which makes their first version and logs it


@admin.register(DocumentVersion)
class DocumentVersionAdmin(admin.ModelAdmin):
    list_display = ["document", "number", "state", "kind", "approved_on", "order_number"]
    list_filter = ["state", "kind"]
    search_fields = ["document__title", "order_number"]
    list_select_related = ["document"]
    readonly_fields = ["org", "document", "number", "state", "html", "created_by", "created_at", "approved_at"]

    def has_add_permission(self, request):
        return False

    def _approved(self, obj):
        return obj is not None and obj.state == VersionState.APPROVED

    def has_change_permission(self, request, obj=None):
        return not self._approved(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._approved(obj) and super().has_delete_permission(request, obj)


@admin.register(DocumentSettings)
class DocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ["org", "coordinator_may_approve", "public_page", "review_warning_days"]


@admin.register(DocumentReview)
class DocumentReviewAdmin(admin.ModelAdmin):
    list_display = ["document", "reviewed_on", "outcome", "reviewed_by"]
    list_select_related = ["document", "reviewed_by"]


@admin.register(ReadAudience)
class ReadAudienceAdmin(admin.ModelAdmin):
    list_display = ["document", "due_days", "since"]
    raw_id_fields = ["units", "users"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ["version", "user", "confirmed_at"]
    raw_id_fields = ["version", "user"]


@admin.register(DocumentIndicatorLink)
class DocumentIndicatorLinkAdmin(admin.ModelAdmin):
    list_display = ["document", "indicator", "version"]
    raw_id_fields = ["document", "version", "indicator"]
