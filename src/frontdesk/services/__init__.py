"""Services: each public function is one user action, one transaction, permission-checked and audited."""
