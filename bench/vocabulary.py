"""Vietnamese words for `bench.generate`: names, streets, subjects and contents of petitions.

Each text is assembled from pieces whose diacritics-free fold is computed once, so the million
`search_text` values cost a join each rather than a Unicode normalisation each.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from units.search import fold

TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]  # fmt: skip
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Ngọc", "Thanh", "Hữu", "Xuân", "Thu", "Hoài",
          "Kim"]  # fmt: skip
GIVEN = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hòa", "Hùng", "Hương",
         "Khánh", "Lan", "Linh", "Long", "Mai", "Minh", "Nam", "Nga", "Phong", "Phúc", "Quân",
         "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn", "Vy", "Yến", "Đạt", "Huy"]  # fmt: skip
STREETS = ["Lê Lợi", "Trần Hưng Đạo", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung",
           "Lý Thường Kiệt", "Hùng Vương", "Phan Chu Trinh", "Điện Biên Phủ", "Nguyễn Huệ",
           "Lê Duẩn", "Võ Thị Sáu", "Bà Triệu", "Ngô Quyền", "Tôn Đức Thắng"]  # fmt: skip

# field: (subjects, sentences); {street}, {n}, {area}, {year} are filled in.
FIELDS = {
    "land": (
        ["Khiếu nại quyết định thu hồi đất tại {area}",
         "Tranh chấp ranh giới thửa đất với hộ liền kề",
         "Chậm cấp giấy chứng nhận quyền sử dụng đất",
         "Khiếu nại mức bồi thường giải phóng mặt bằng",
         "Lấn chiếm đất công tại tổ dân phố số {n}"],
        ["Gia đình tôi sử dụng ổn định thửa đất từ năm {year}, không có tranh chấp.",
         "Hồ sơ đề nghị cấp giấy chứng nhận đã nộp nhưng quá hạn vẫn chưa được giải quyết.",
         "Mức bồi thường, hỗ trợ khi thu hồi đất thấp hơn giá thị trường tại địa phương.",
         "Hộ liền kề tự ý xây tường rào lấn sang phần đất của gia đình tôi."],
    ),
    "social_policy": (
        ["Đề nghị xem xét lại việc xét hộ nghèo năm {year}", "Chậm chi trả trợ cấp người có công",
         "Kiến nghị về chế độ bảo hiểm y tế cho người cao tuổi"],
        ["Gia đình tôi thuộc diện khó khăn nhưng không có tên trong danh sách hộ nghèo.",
         "Tiền trợ cấp hằng tháng đã chậm ba tháng mà chưa có giải thích.",
         "Việc bình xét chưa công khai, minh bạch tại cuộc họp thôn."],
    ),
    "construction": (
        ["Phản ánh công trình xây dựng không phép trên đường {street}",
         "Lấn chiếm vỉa hè trước số {n} đường {street}",
         "Kiến nghị sửa chữa đường giao thông nông thôn"],
        ["Công trình thi công cả ban đêm, vật liệu đổ tràn ra lòng đường.",
         "Mặt đường xuống cấp nghiêm trọng, nhiều ổ gà gây mất an toàn giao thông.",
         "Chủ nhà xây dựng vượt quá số tầng được cấp phép."],
    ),
    "environment": (
        ["Phản ánh ô nhiễm tiếng ồn từ cơ sở sản xuất", "Rác thải tồn đọng tại chợ {area}",
         "Ô nhiễm nguồn nước do xả thải ra kênh"],
        ["Cơ sở sản xuất xả nước thải chưa qua xử lý ra kênh thủy lợi.",
         "Rác thải không được thu gom nhiều ngày, bốc mùi hôi thối.",
         "Tiếng ồn kéo dài ảnh hưởng đến sinh hoạt của các hộ dân xung quanh."],
    ),
    "justice": (
        ["Đề nghị xem xét lại bản án dân sự", "Khiếu nại việc thi hành án chậm"],
        ["Bản án đã có hiệu lực nhưng cơ quan thi hành án chưa tổ chức thi hành.",
         "Tôi cho rằng việc xét xử chưa khách quan, bỏ sót chứng cứ."],
    ),
    "officials": (
        ["Tố cáo cán bộ địa chính nhũng nhiễu khi giải quyết hồ sơ",
         "Phản ánh thái độ của cán bộ bộ phận một cửa"],
        ["Cán bộ yêu cầu nộp thêm tiền ngoài quy định mới nhận hồ sơ.",
         "Cán bộ tiếp nhận có thái độ thiếu tôn trọng, hẹn nhiều lần không giải quyết."],
    ),
    "economy": (
        ["Khiếu nại việc thu phí chợ không đúng quy định",
         "Kiến nghị hỗ trợ hộ kinh doanh bị ảnh hưởng do thi công"],
        ["Ban quản lý chợ thu phí cao hơn mức được phê duyệt.",
         "Việc thi công kéo dài khiến các hộ kinh doanh ven đường bị giảm doanh thu."],
    ),
    "other": (
        ["Kiến nghị lắp đèn chiếu sáng ngõ {n} đường {street}",
         "Đề nghị sửa chữa nhà văn hóa thôn"],
        ["Khu vực không có đèn chiếu sáng, người dân đi lại ban đêm rất nguy hiểm.",
         "Nhà văn hóa xuống cấp, mùa mưa dột nát không sử dụng được."],
    ),
}  # fmt: skip
FIELD_NAMES = list(FIELDS)
FIELD_WEIGHTS = [30, 14, 16, 12, 5, 8, 7, 8]
OPENING = "Tôi là {name}, cư trú tại số {n} đường {street}, {area}."
CLOSING = [
    "Kính đề nghị Ủy ban Mặt trận Tổ quốc xem xét, chuyển cơ quan có thẩm quyền giải quyết.",
    "Tôi cam đoan nội dung trình bày là đúng sự thật và chịu trách nhiệm trước pháp luật.",
    "Kèm theo đơn là bản sao các giấy tờ liên quan.",
]
REQUESTS = ["Đề nghị xem xét, giải quyết theo quy định của pháp luật.",
            "Đề nghị kiểm tra thực tế và trả lời bằng văn bản.", ""]  # fmt: skip
CLASSIFY_REASONS = ["Đơn đủ điều kiện xử lý", "Đơn thuộc thẩm quyền giải quyết của chính quyền",
                    "Nội dung rõ ràng, có ký tên"]  # fmt: skip
OUTCOME_REASONS = {
    "refused": "Vụ việc đã có bản án có hiệu lực pháp luật",
    "guided": "Đã hướng dẫn người dân gửi đơn đến cơ quan có thẩm quyền",
    "returned": "Đơn gửi nhầm địa chỉ, trả lại người gửi",
    "archived": "Đơn không ký tên, không rõ nội dung: lưu đơn",
    "split": "Đơn có nhiều nội dung, tách thành các đơn riêng",
    "duplicate": "Trùng nội dung với đơn đã xử lý",
}
ANSWER_SUMMARIES = [
    "Cơ quan đã kiểm tra thực tế và có văn bản trả lời công dân.",
    "Đã giải quyết dứt điểm theo quy định, công dân đồng ý với kết quả.",
    "Đã chỉ đạo các đơn vị liên quan khắc phục trong thời hạn 30 ngày.",
]
OUTCOMES = ["resolved", "partly_resolved", "not_accepted", "in_progress", "explained"]
# What people type into the search box: without diacritics, words of the subjects above.
SEARCH_TERMS = ["lan chiem via he", "thu hoi dat", "ho ngheo", "o nhiem tieng on",
                "giay chung nhan quyen su dung dat", "den chieu sang", "thi hanh an",
                "nhung nhieu", "phi cho", "xay dung khong phep"]  # fmt: skip


@cache
def folded(text: str) -> str:
    return fold(text)


@dataclass
class CaseText:
    field: str
    title: str
    content: str
    request: str
    folded: str  # fold(f"{title} {content}")


def _fill(rng, template: str, slots: dict) -> tuple[str, str]:
    raw = template.format(**slots)
    return raw, folded(template).format(**{k: folded(str(v)) for k, v in slots.items()})


def full_name(rng) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def case_text(rng, kind: str, area: str) -> CaseText:
    field = rng.choices(FIELD_NAMES, FIELD_WEIGHTS)[0]
    subjects, sentences = FIELDS[field]
    slots = {"street": rng.choice(STREETS), "n": rng.randrange(1, 200), "area": area,
             "year": rng.randrange(1990, 2024), "name": full_name(rng)}  # fmt: skip
    title = _fill(rng, rng.choice(subjects), slots)
    parts = [_fill(rng, OPENING, slots)]
    parts += [_fill(rng, s, slots) for s in rng.sample(sentences, min(2, len(sentences)))]
    closing = rng.choice(CLOSING)
    parts.append((closing, folded(closing)))
    content = " ".join(raw for raw, _ in parts)
    return CaseText(
        field=field,
        title=title[0],
        content=content,
        request=rng.choice(REQUESTS),
        folded=" ".join([title[1], *(f for _, f in parts)]),
    )


def person(rng, area: str, id_prefix: str) -> dict:
    born = rng.randrange(1945, 2006)
    century = (0 if born < 2000 else 2) + rng.randrange(2)  # the CCCD gender/century digit
    return {
        "full_name": full_name(rng),
        "id_number": f"{id_prefix}{century}{born % 100:02d}{rng.randrange(10**6):06d}",
        "phone": f"0{rng.choice('389')}{rng.randrange(10**8):08d}",
        "address": f"Số {rng.randrange(1, 300)} đường {rng.choice(STREETS)}, {area}",
        "email": "",
    }
