"""API design: validation, errors, status codes, versioning, pagination, docs.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
