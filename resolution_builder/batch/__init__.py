"""Many districts in one run: a spreadsheet of districts in, one folder of drafts per district and a report out.

``rows`` reads the spreadsheet into answers, ``run`` builds them over the cores, ``pdfs`` adds PDFs through warm
LibreOffice converters, ``report`` writes the report and the app's .zip, ``command`` is ``safe-zone batch``.
Nothing is imported here, so that registering the command costs the CLI's start-up nothing.
"""
