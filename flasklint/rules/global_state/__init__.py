"""Global state and the request lifecycle.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
