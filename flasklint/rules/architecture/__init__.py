"""Architecture: how the application is put together.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
