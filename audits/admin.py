from django.contrib import admin
from django.contrib.admin.options import ActionLocation

from .models import (
    Audit,
    AuditFinding,
    AuditorGrant,
    Certificate,
    ChecklistItem,
    FindingDocument,
    ManagementReview,
    ProgressReport,
)


@admin.register(Audit)
class AuditAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "kind", "external_type", "planned_start", "status"]
    list_filter = ["kind", "status", "org"]
    search_fields = ["title", "auditor_name", "auditor_body"]
    raw_id_fields = ["org", "version", "assessment", "lead_auditor"]
    filter_horizontal = ["principles", "services", "team"]
    # Status moves only through the services (closing locks the findings).
    readonly_fields = ["status", "closed_on", "closed_by", "milestone", "created_by", "created_at"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_closed)


class FindingDocumentInline(admin.TabularInline):
    """Shown, never edited here: the links are part of the finding's record, changed only in the app (validated,
    logged, refused once the audit is closed)."""

    model = FindingDocument
    extra = 0
    fields = ["document", "version", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditFinding)
class AuditFindingAdmin(admin.ModelAdmin):
    """A closed audit's findings are read-only here too: a correction is a new finding, made in the app."""

    list_display = ["__str__", "audit", "kind", "created_by", "created_at"]
    list_filter = ["kind", "audit__status", "org"]
    search_fields = ["text", "evidence"]
    raw_id_fields = ["org", "audit", "indicator", "criterion", "corrects"]
    readonly_fields = ["number", "created_by", "created_at"]
    inlines = [FindingDocumentInline]

    def _locked(self, obj):
        return obj is not None and obj.pk is not None and AuditFinding.objects.filter(pk=obj.pk).locked().exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(obj)

    def has_add_permission(self, request):
        # Findings get their number and log entry from audits.services.finding_create.
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        # The bulk delete would skip the per-object check; the queryset refuses it anyway, this keeps the menu honest.
        actions = super().get_actions(request, action_location=action_location)
        actions.pop("delete_selected", None)
        return actions


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["indicator", "audit", "verdict", "updated_by", "updated_at"]
    list_filter = ["verdict", "audit__org"]
    raw_id_fields = ["org", "audit", "indicator"]


@admin.register(AuditorGrant)
class AuditorGrantAdmin(admin.ModelAdmin):
    list_display = ["email", "org", "assessment", "valid_until", "revoked_at"]
    list_filter = ["org"]
    search_fields = ["email"]
    raw_id_fields = ["org", "assessment", "audit"]
    filter_horizontal = ["documents"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["reference", "org", "version", "issued_on", "expires_on"]
    list_filter = ["org"]
    search_fields = ["reference"]
    raw_id_fields = ["org", "version", "audit"]
    filter_horizontal = ["services"]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "year", "status"]
    list_filter = ["status", "org"]
    raw_id_fields = ["org"]


@admin.register(ManagementReview)
class ManagementReviewAdmin(admin.ModelAdmin):
    list_display = ["title", "org", "held_on", "status"]
    list_filter = ["status", "org"]
    raw_id_fields = ["org"]
