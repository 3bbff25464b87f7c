"""Tanlu (碳路): carbon surveys, inventories, product footprints and their exchange along automotive supply chains."""

__version__ = "0.1.0"
