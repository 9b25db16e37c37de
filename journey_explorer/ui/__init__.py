"""The app's shared Streamlit parts: session state and the workspace a session looks at
(state.py), the sidebar and its filters, cached wrappers of the core views (cache.py), upload and
mapping widgets, downloads and the report button. The only package that imports streamlit; it
may import everything in the core, and nothing in the core imports it.
"""
