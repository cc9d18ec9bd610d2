"""Data layer: models, migrations, how the schema comes to exist.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
