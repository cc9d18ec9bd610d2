"""Operations: logging, health checks, serving, containers, dependencies.

One rule per module; the pack registers this package through the
`flasklint.rules` entry-point group."""
