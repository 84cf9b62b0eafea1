"""Estimated resolution time of cases: the business calendar it is measured in."""
