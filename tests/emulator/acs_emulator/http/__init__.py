"""HTTP layer: werkzeug app, routing, signature checks, faults, control API."""
