"""Fixtures the fuzz suites share: `world` (one of everything the targets need)."""

from tests.ops.test_fuzz import world  # noqa: F401 - a fixture, shared by the fuzz suites
