from typing import ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from tanlu.web.accounts.models import (
    AuditEvent,
    Invitation,
    Membership,
    Organization,
    SupplierRelationship,
    User,
)


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(User)
class TanluUserAdmin(UserAdmin):  # type: ignore[type-arg]
    fieldsets = (*UserAdmin.fieldsets, ("Tanlu", {"fields": ("display_name", "language")}))  # type: ignore[misc]
    list_display = ("username", "email", "display_name", "is_staff", "is_superuser", "last_login")


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "name_en", "kind", "country", "created_at")
    list_filter = ("kind",)
    search_fields = ("name", "name_en")
    inlines: ClassVar = [MembershipInline]


@admin.register(SupplierRelationship)
class SupplierRelationshipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("organization", "supplier", "supplier_code", "tier", "contact_email")
    search_fields = ("organization__name", "supplier__name", "supplier_code")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("email", "organization", "role", "status", "created_at", "expires_at")
    list_filter = ("status", "role")
    exclude = ("token_hash",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("created_at", "organization", "actor", "action", "detail")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
