"""HR's workspace: find, inspect and check signed records (opened with the HR password)."""
