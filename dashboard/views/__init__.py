"""The only modules that call Streamlit: one module per panel."""
