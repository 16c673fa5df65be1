"""Briefing-site generator: articles + a register of disputed points -> a MkDocs site."""
