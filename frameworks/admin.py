"""Read-mostly: content comes in through the importer (validated, checksummed), so the tree is not edited here.

A superuser may retire a version or correct a framework's names; anything else is a new version imported from a file.
"""

from django.contrib import admin

from .models import Criterion, Framework, FrameworkVersion, Indicator, Principle


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = FrameworkVersion
    fields = ("label", "year", "status", "org", "imported_at")
    readonly_fields = fields


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "name_lt", "name_en", "level", "org")
    list_filter = ("level", ("org", admin.EmptyFieldListFilter))
    search_fields = ("code", "name_lt", "name_en")
    readonly_fields = ("code", "org")
    inlines = [VersionInline]

    def has_add_permission(self, request):
        return False


class PrincipleInline(ReadOnlyInline):
    model = Principle
    fields = ("code", "name_lt", "name_en")
    readonly_fields = fields


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("framework", "label", "year", "status", "org", "imported_at")
    list_filter = ("status", ("org", admin.EmptyFieldListFilter), "framework")
    list_select_related = ("framework", "org")
    search_fields = ("label", "framework__code", "framework__name_lt", "framework__name_en")
    fields = (
        "framework",
        "org",
        "label",
        "year",
        "status",
        "validity_years",
        "scoring",
        "notice_lt",
        "notice_en",
        "source",
        "checksum",
        "imported_at",
        "imported_by",
    )
    readonly_fields = tuple(f for f in fields if f != "status")
    inlines = [PrincipleInline]

    def has_add_permission(self, request):
        return False


class ContentAdmin(admin.ModelAdmin):
    list_select_related = ("version__framework",)
    list_filter = ("version__framework",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Principle)
class PrincipleAdmin(ContentAdmin):
    list_display = ("code", "name_lt", "name_en", "version")
    search_fields = ("code", "name_lt", "name_en")


@admin.register(Criterion)
class CriterionAdmin(ContentAdmin):
    list_display = ("code", "title_lt", "title_en", "version")
    search_fields = ("code", "title_lt", "title_en")


@admin.register(Indicator)
class IndicatorAdmin(ContentAdmin):
    list_display = ("code", "title_lt", "mandatory", "version")
    list_filter = ("mandatory", "version__framework")
    search_fields = ("code", "title_lt", "title_en", "text_lt", "text_en")
