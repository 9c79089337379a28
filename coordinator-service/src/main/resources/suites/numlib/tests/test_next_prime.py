from next_prime import next_prime


def test_next_prime():
    assert next_prime(1) == 2
    assert next_prime(13) == 17
