from types import SimpleNamespace

from recommendations.clusters import propose, words


def _op(text):
    return SimpleNamespace(content=text)


def test_words_ignore_diacritics_case_and_how_numbers_are_written():
    assert words("Đường ĐT 741 xuống cấp") == words("duong dt741 XUONG CAP")


def test_similar_opinions_are_proposed_together_and_others_left_alone():
    road = [
        _op("Đề nghị sửa chữa tuyến đường ĐT 741 đoạn qua xã An Bình."),
        _op("Đường ĐT741 qua An Bình xuống cấp, đề nghị sớm sửa chữa."),
        _op("Cử tri phản ánh đường DT 741 xã An Binh nhiều ổ gà, đề nghị sửa chữa"),
    ]
    other = [
        _op("Giá phân bón tăng cao, đề nghị bình ổn giá."),
        _op("Đề nghị xây thêm trường học."),
    ]
    groups = propose(road + other)
    assert [sorted(id(o) for o in g) for g in groups] == [sorted(id(o) for o in road)]


def test_stock_phrases_alone_do_not_make_opinions_similar():
    assert (
        propose([_op("Cử tri đề nghị xem xét."), _op("Cử tri kiến nghị các cơ quan xem xét.")])
        == []
    )
