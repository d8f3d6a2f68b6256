"""Word and PDF: the only package that knows .docx (docxtpl templates, comments, WordprocessingML) and LibreOffice."""
