from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from tanlu.web.accounts.views import auth, demo, organizations, suppliers

app_name = "accounts"

urlpatterns = [
    path("setup/", auth.setup, name="setup"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:profile")
        ),
        name="password_change",
    ),
    path("accounts/profile/", auth.profile, name="profile"),
    path("language/", auth.set_language, name="set_language"),
    path("invitations/<str:token>/", auth.accept_invitation, name="accept_invitation"),
    path("organizations/", organizations.organizations, name="organizations"),
    path("organizations/switch/", organizations.switch_organization, name="switch_organization"),
    path("demo/", demo.demo_ready, name="demo"),
    path("settings/", organizations.settings_overview, name="settings"),
    path("settings/members/", organizations.members, name="members"),
    path("settings/members/<int:membership_id>/role/", organizations.change_role, name="change_role"),
    path("settings/members/<int:membership_id>/remove/", organizations.remove_member, name="remove_member"),
    path(
        "settings/invitations/<int:invitation_id>/revoke/",
        organizations.revoke_invitation,
        name="revoke_invitation",
    ),
    path("settings/audit/", organizations.audit_log, name="audit"),
    path("settings/api-tokens/", organizations.api_tokens, name="api_tokens"),
    path(
        "settings/api-tokens/<int:api_token_id>/revoke/",
        organizations.revoke_api_token,
        name="revoke_api_token",
    ),
    path("suppliers/", suppliers.supplier_list, name="suppliers"),
    path("suppliers/add/", suppliers.supplier_add, name="supplier_add"),
    path("suppliers/<int:link_id>/", suppliers.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:link_id>/remove/", suppliers.supplier_remove, name="supplier_remove"),
]
