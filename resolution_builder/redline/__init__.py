"""Edited drafts compared with their original: tracked-change redlines and the protections report."""
