"""Nastavnik matcher: mentor–mentee pairs and groups for schools, scored, solved and explained."""

__version__ = "0.1.0"
