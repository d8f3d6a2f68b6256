"""The web app's pieces: it turns widgets into answers and shows what the library makes of them.

Streamlit is imported only here (the ``app`` extra); the library works without it.
"""
