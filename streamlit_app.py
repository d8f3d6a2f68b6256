"""Safe Zone Builder's web form. Start it with: streamlit run streamlit_app.py"""

from resolution_builder.ui.app import main

main()
