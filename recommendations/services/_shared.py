from units.choices import Role

# Who organises voter contact for a committee: its Standing Board's officers and leaders.
ORGANISERS = (Role.CASE_OFFICER, Role.UNIT_LEADER)
