"""Code quality: types, docs, error handling, structure, tooling.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
