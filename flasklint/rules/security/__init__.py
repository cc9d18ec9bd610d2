"""Security: what makes an app unsafe to deploy.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
