"""Code sets the billing screens check against: ICD-10-CM diagnoses (bundled release), no Qt, no database."""
