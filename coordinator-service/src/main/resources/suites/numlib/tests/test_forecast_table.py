from forecast_table import forecast_table


def test_table_lines():
    assert forecast_table([0, 1, 2], [1, 3, 5], 2) == "3: 7.0\n4: 9.0"
