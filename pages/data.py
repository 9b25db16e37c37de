"""Data: load exports, map unknown layouts, edit rules."""
import streamlit as st

from journey_explorer.ui import rules_editor, state, upload
from journey_explorer.views import tables

st.title("Data")
st.caption("Drop exports from your web analytics, call tracking and email tools. Customers are "
           "stitched across files by shared ids, emails and phone numbers.")
upload.render()

ws = state.workspace()
st.subheader("Files in this workspace")
loads = tables.loads(ws.con)
if len(loads):
    st.dataframe(loads.drop(columns=["load_id", "kind"]).rename(columns={
        "file": "File", "layout": "Recognised as", "rows_in_file": "Rows in file", "rows_loaded": "Loaded",
        "rows_rejected": "Rejected", "loaded_at": "Loaded at (UTC)"}), hide_index=True, width="stretch")
    st.caption("Rows loaded + rows rejected = rows in the file, for every file.")
    upload.remap(ws)
else:
    st.caption("None yet.")

rules_editor.render(ws)
