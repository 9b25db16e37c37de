from journey_explorer import bench


def test_bench_times_the_load_against_raw_read_csv(tmp_path):
    result = bench.run(5_000, workdir=tmp_path, progress=lambda message: None)
    assert abs(result["events"] - 5_000) <= 250
    assert result["touchpoints"] == result["events"]  # generated data has no bad rows
    assert result["baseline_read_csv_seconds"] > 0 and result["load_seconds"] > 0
    ratio = result["load_seconds"] / result["baseline_read_csv_seconds"]  # from rounded seconds
    assert abs(result["load_vs_baseline"] - ratio) < 0.05
    assert list(tmp_path.iterdir()) == []  # generated files are cleaned up
    for view in ("sankey", "paths", "funnel", "overview", "segments"):
        assert result[f"{view}_seconds"] > 0 and result[f"{view}_vs_baseline"] > 0
