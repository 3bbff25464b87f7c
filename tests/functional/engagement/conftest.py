"""Fixtures of the engagement tests (an OEM with a supplier on Tanlu); the helpers are in helpers.py."""

from __future__ import annotations

from .helpers import link_supplier, pair

__all__ = ["link_supplier", "pair"]
