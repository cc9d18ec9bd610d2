"""The built-in rule pack, one module per skill.

Installed as `flasklint.rules` and found through the `flasklint.rules` entry
point group, exactly like a third-party pack; the engine never imports it by
name.
"""
