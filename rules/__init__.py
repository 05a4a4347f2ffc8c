"""Word lists attrlint reads as data (see the TOML files beside this)."""
