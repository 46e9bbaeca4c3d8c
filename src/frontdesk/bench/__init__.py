"""`frontdesk bench`: each speed target measured against a baseline in the same run."""
