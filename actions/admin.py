from django.contrib import admin

from .models import ActionAttachment, ActionComment, ImprovementAction

# Status and verification are read-only here: they change only through actions.services, which enforces the
# PDCA path and writes the activity log.
STATE_FIELDS = ["number", "status", "progress", "completed_on", "verified_on", "verified_by", "verification_note"]


class ActionCommentInline(admin.TabularInline):
    model = ActionComment
    extra = 0
    fields = ["author", "body", "created_at"]
    readonly_fields = fields
    can_delete = False


class ActionAttachmentInline(admin.TabularInline):
    model = ActionAttachment
    extra = 0
    # Not the file itself: files have no public URL (MEDIA_URL is unset) and are served by the app's checked view.
    fields = ["original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(ImprovementAction)
class ImprovementActionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "org", "source", "status", "owner", "due_date"]
    list_display_links = ["number", "title"]
    list_filter = ["org", "status", "source", "priority"]
    list_select_related = ["org", "owner"]
    search_fields = ["title", "description", "owner__email", "owner__full_name"]
    date_hierarchy = "due_date"
    raw_id_fields = ["owner", "participants", "principle", "indicators", "unit", "service"]
    readonly_fields = STATE_FIELDS + ["source_type", "source_id", "created_by", "created_at", "updated_at"]
    inlines = [ActionCommentInline, ActionAttachmentInline]

    def has_add_permission(self, request):
        return False  # numbering, notifications and the log happen in action_create
