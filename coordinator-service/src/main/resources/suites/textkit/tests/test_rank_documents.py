from rank_documents import rank_documents


def test_ranking():
    docs = ["green apple pie", "apple", "banana split"]
    assert rank_documents("apple", docs) == [1, 0]
