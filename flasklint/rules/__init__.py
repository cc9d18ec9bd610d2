"""The built-in rule pack: one package per skill, one rule per module.

Each skill package is registered in the `flasklint.rules` entry-point group
(see pyproject.toml), exactly as a third-party pack registers its rules; the
engine never imports this package by name.
"""
