from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from lindung.accounts.models import ApiToken, Organisation, OrganisationArea, User


class OrganisationAreaInline(admin.TabularInline):
    model = OrganisationArea
    raw_id_fields = ["region"]
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "opd_kind", "is_active"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    inlines = [OrganisationAreaInline]


@admin.register(User)
class LindungUserAdmin(UserAdmin):
    list_display = ["username", "organisation", "role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Lindung", {"fields": ("organisation", "role")}),)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash"]
