"""Users, organizations (tenants), memberships with roles, supplier relationships, invitations and audit events."""
