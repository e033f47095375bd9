from django.contrib import admin

from .models import ActivityEntry, Membership, Organisation, Service, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    fields = ["name", "parent", "order"]
    show_change_link = True


class ServiceInline(admin.TabularInline):
    model = Service
    extra = 0
    fields = ["name", "target_group", "unit", "status", "order"]
    show_change_link = True


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "unit", "position", "access_until", "is_active"]
    raw_id_fields = ["user"]
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "legal_form", "municipality", "company_code"]
    list_filter = ["legal_form", "municipality"]
    search_fields = ["name", "short_name", "company_code"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [UnitInline, ServiceInline, MembershipInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "org"]
    list_filter = ["org"]
    search_fields = ["name"]
    list_select_related = ["parent", "org"]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "org", "unit", "status"]
    list_filter = ["status", "org"]
    search_fields = ["name", "target_group"]
    list_select_related = ["org", "unit"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "org", "role", "unit", "access_until", "is_active"]
    list_filter = ["role", "is_active", "org", ("access_until", admin.EmptyFieldListFilter)]
    search_fields = ["user__email", "user__full_name", "org__name"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "org", "unit"]


@admin.register(ActivityEntry)
class ActivityEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit trail must not be edited or deleted, not even by a superuser through the admin."""

    list_display = ["created_at", "org", "actor", "verb", "target_type", "target_repr"]
    list_filter = ["verb", "org", "target_type"]
    search_fields = ["target_repr", "actor__email", "actor__full_name"]
    date_hierarchy = "created_at"
    list_select_related = ["org", "actor", "target_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
