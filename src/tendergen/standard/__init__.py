"""National contract standards (the Contractstandaard Wmo): fill the user's copy of the official Word files from
the spec, as the version's profile in ``data/standards/`` prescribes.

- :mod:`tendergen.standard.profile`: the profile of one version (placeholders, choices, conditions, optional
  articles, sections, fingerprints of the prescribed blocks), as data;
- :mod:`tendergen.standard.wordfile`: the Word body as blocks with their articles, and the few edits a fill makes;
- :mod:`tendergen.standard.fill`: the fingerprint check, the plan of a fill, its application and the read-back;
- :mod:`tendergen.standard.context`: which units use a standard, which documents they get, the rule context;
- :mod:`tendergen.standard.build`: the documents of one unit (DOCX, PDF via mammoth and WeasyPrint, the report).
"""
