"""Rosters from outside the app: pasted names, spreadsheet rows and roster files (CSV, OneRoster).

Plain modules that tests call without HTTP: ``names`` reads pasted names and spreadsheet rows,
splits a name into given and family parts and makes readable username stems; ``sheets``
holds login cards and seals new passphrases for the one view that shows them; ``files`` reads an uploaded roster file into rows
(``csv_roster`` for a plain CSV, ``oneroster`` for a OneRoster 1.1/1.2 CSV bundle);
``importing`` matches rows to the class's students, previews and applies them.
"""
