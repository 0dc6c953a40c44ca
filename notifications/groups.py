def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def unit_group(unit_id: int) -> str:
    return f"unit.{unit_id}"
