"""Generators of realistic banks and the sample files curators start from."""
