"""The demo practice's staff: the extra users the demo creates, and a service context for each of them."""

from __future__ import annotations

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext
DEMO_BILLER = "biller"
# Other demo logins, one per role, so each role can be tried (same password).
DEMO_EXTRA_USERS = (("reception", "Rita Reception", Role.FRONT_DESK), (DEMO_BILLER, "Ben Biller", Role.BILLING),
                    ("nurse", "Nina Nurse", Role.CLINICAL))  # Clinical with no provider: one of the Nurses


class Staff:
    """Service contexts for the demo users; a missing user falls back to the one seeding."""

    def __init__(self, ctx: ServiceContext) -> None:
        found = {u.username: u for u in users.list_users(ctx) if u.active}

        def as_user(username: str) -> ServiceContext:
            info = found.get(username)
            if info is None:
                return ctx
            return ctx.as_actor(Actor(info.id, info.username, info.full_name, info.role))

        self.admin = ctx
        self.reception = as_user(DEMO_EXTRA_USERS[0][0])
        self.biller = as_user(DEMO_BILLER)

    def user_id(self, who: ServiceContext) -> int:
        """The user id behind one of the contexts above."""
        assert who.actor is not None  # every context here has a signed-in actor
        return who.actor.user_id
