"""First-run setup wizard (being written: owned by the setup-wizard helper)."""


class SetupWizard:
    @classmethod
    def ask(cls, parent, paths):  # type: ignore[no-untyped-def]
        raise NotImplementedError
