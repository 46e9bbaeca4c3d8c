"""Code sets the billing screens check against: ICD-10-CM diagnoses (bundled, or a newer CMS release), no Qt, no database."""
