"""Offline packs: printable PDFs (WeasyPrint) and a no-server HTML edition of the unit.

- ``documents``: the pack HTML, from the same ``Content`` objects the app shows.
- ``worksheet``: a quiz laid out for paper, and the key to it.
- ``pdf`` + ``fetcher``: HTML to PDF, reading only the project's own files.
- ``cache``: built files kept under a hash of content, pack and code.
- ``builder``: what the app, the CLI (``cli``) and the benchmark call.
- ``html_bundle``: the offline edition; ``cards``: login cards for a roster.
"""
