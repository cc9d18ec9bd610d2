"""Testing: a suite exists and drives the app the way Flask intends.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
