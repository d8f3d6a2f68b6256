"""From answers to a DocumentPlan: the board language of both documents, with no .docx in it."""
