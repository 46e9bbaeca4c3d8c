"""Who is acting and the service context: the public names the UI, CLI and demo use to call services."""

from frontdesk.services._base import Actor, ServiceContext

__all__ = ["Actor", "ServiceContext"]
