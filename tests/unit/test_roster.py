from __future__ import annotations

from baxt.application.roster import RejectedRow, parse_roster
from baxt.domain.staff import StaffRole

HEADER = "user_id,full_name,role,email,phone,language,region,district,mahallas,capacity\n"
GOOD = (
    "cw.1,Aziza Qodirova,caseworker,a@b.uz,+998 71 200-00-02,uz-Cyrl,Toshkent,Chilonzor,A; B,40\n"
)


def test_a_good_row_is_read_with_its_mahallas_and_a_normalised_phone() -> None:
    members, rejected = parse_roster([HEADER, GOOD])

    assert rejected == []
    (member,) = members
    assert member.role is StaffRole.CASEWORKER
    assert member.phone == "+998712000002"
    assert member.mahallas == ("A", "B")
    assert (member.language, member.capacity) == ("uz-Cyrl", 40)


def test_bad_rows_are_rejected_by_line_and_good_rows_beside_them_are_kept() -> None:
    lines = [
        HEADER,
        GOOD,
        "cw.2,Bek,JANITOR,,,en,T,D,,0\n",
        "cw.3,Bek,SUPERVISOR,not-an-email,,en,T,D,,0\n",
        "cw.4,Bek,SUPERVISOR,,12345,en,T,D,,0\n",
        "cw.5,Bek,SUPERVISOR,,,tr,T,D,,0\n",
        "cw.6,Bek,SUPERVISOR,,,en,T,D,,many\n",
        GOOD,
        "cw.7,Dilnoza,SUPERVISOR,d@b.uz,,ru,T,D,,0\n",
    ]

    members, rejected = parse_roster(lines)

    assert [m.user_id for m in members] == ["cw.1", "cw.7"]
    assert [r.line for r in rejected] == [3, 4, 5, 6, 7, 8]
    assert "appears twice" in rejected[-1].reason
    assert "email" in rejected[1].reason


def test_a_file_without_the_roster_columns_is_refused_whole() -> None:
    members, rejected = parse_roster(["name,phone\n", "Aziza,+998712000002\n"])

    assert members == []
    assert rejected == [RejectedRow(1, rejected[0].reason)]
    assert "user_id" in rejected[0].reason
