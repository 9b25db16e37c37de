"""The benchmark: times a load and the views on generated data against DuckDB's own read_csv
(run.py), and the same work done by a peer library in a process of its own (peer.py).
Sits above everything else in the core; nothing imports it but the CLI.
"""
