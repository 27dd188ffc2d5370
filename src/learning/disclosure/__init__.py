"""Disclosure audit: what an attacker can work out from everything published, by linear programming."""
