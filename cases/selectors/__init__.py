"""Reads: querysets for the pages, with what each page shows. Import a selector from its
module:

- cases.py: the seller's pages (counts, trays, a case and its page, the files)
- eta.py: behind the estimated resolution time (what a cause learns from, the per-cause
  statistics agents see, the cases the periodic refresh visits)
"""
