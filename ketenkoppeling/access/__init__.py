"""Users and roles (issue 11): who may do what, and on PostgreSQL the database's own part in
it (see :mod:`ketenkoppeling.access.roles`)."""

from ketenkoppeling.access.roles import (
    EVERY_ROLE,
    ROLE_LABELS,
    Access,
    AccessDenied,
    Role,
    UserError,
    access_in,
    current_access,
    require,
    require_partner,
)
from ketenkoppeling.access.users import (
    User,
    add_user,
    change_user,
    deactivate_user,
    list_users,
)

__all__ = [
    "EVERY_ROLE",
    "ROLE_LABELS",
    "Access",
    "AccessDenied",
    "Role",
    "User",
    "UserError",
    "access_in",
    "add_user",
    "change_user",
    "current_access",
    "deactivate_user",
    "list_users",
    "require",
    "require_partner",
]
