"""Replies by email: the portal's emails carry a signed Reply-To, and what comes back to
it (IMAP polling or a provider's webhook) is stored, parsed and handed to the app that
registered the reference (`cases` for "case:<id>"). Generic: it knows no cases."""
