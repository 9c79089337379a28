from camel_to_snake import camel_to_snake


def test_snake():
    assert camel_to_snake("parseHttpResponse2Json") == "parse_http_response2_json"
    assert camel_to_snake("Already") == "already"
