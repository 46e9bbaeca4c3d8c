"""The Qt user interface: thin panes over the services (the only package that imports Qt)."""
