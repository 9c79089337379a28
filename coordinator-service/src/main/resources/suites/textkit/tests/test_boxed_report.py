from boxed_report import boxed_report


def test_box():
    box = boxed_report(["pear"], ["pear"], 10).split("\n")
    assert box[0] == "+" + "-" * 27 + "+"
    assert box[1] == "| Search report (1 queries) |"
    assert box[2] == "| pear -> 1 of 1: PEAR      |"
    assert box[-1] == box[0]
