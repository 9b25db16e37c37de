"""Journey Explorer: the Streamlit entry point (navigation and the shared sidebar)."""
import streamlit as st

from journey_explorer.ui import sidebar

st.set_page_config(page_title="Journey Explorer", page_icon=":material/route:", layout="wide")

navigation = st.navigation(position="top", pages=[
    st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("pages/journeys.py", title="Journeys", icon=":material/account_tree:"),
    st.Page("pages/funnels.py", title="Funnels", icon=":material/filter_alt:"),
    st.Page("pages/growth.py", title="Growth", icon=":material/trending_up:"),
    st.Page("pages/next_step.py", title="Next step", icon=":material/alt_route:"),
    st.Page("pages/obstacles.py", title="Obstacles", icon=":material/report:"),
    st.Page("pages/segments.py", title="Segments", icon=":material/compare_arrows:"),
    st.Page("pages/calls.py", title="Calls", icon=":material/call:"),
    st.Page("pages/attribution.py", title="Attribution", icon=":material/pie_chart:"),
    st.Page("pages/data.py", title="Data", icon=":material/upload_file:"),
])
sidebar.render()
navigation.run()
