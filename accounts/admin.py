from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import personal
from .forms import AdminLoginForm
from .models import AuthenticatorApp, Invitation, RecoveryCodes, User

# /admin/login/ counts failed attempts in the same counters as the app's login and refuses with the same message.
admin.site.login_form = AdminLoginForm


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "language"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreateForm
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "language"]
    search_fields = ["email", "full_name"]
    actions = ["erase"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["full_name", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "language", "usable_password", "password1", "password2"],
            },
        ),
    ]

    @admin.action(description=_("Erase the selected people (their records stay, under a pseudonym)"))
    def erase(self, request, queryset):
        if not request.user.is_superuser:
            self.message_user(request, _("Only a superuser may erase people."), messages.ERROR)
            return
        for user in queryset:
            try:
                erased = personal.user_erase(user=user, by=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("Erased: now shown as %(name)s.") % {"name": erased.full_name})


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made in the app, where they are logged and mailed."""

    list_display = ["email", "org", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "org__name"]
    list_select_related = ["org"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SecondFactorDeviceAdmin(admin.ModelAdmin):
    """A superuser may remove a person's lost device here; the secret itself (key, codes) is never shown."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(AuthenticatorApp, SecondFactorDeviceAdmin)
admin.site.register(RecoveryCodes, SecondFactorDeviceAdmin)
