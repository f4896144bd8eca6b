"""Apply an e-government migration plan to one cloud, wave by wave.

Config (Pulumi.<stack>.yaml): `plan` (path of plan.json), `target` (alicloud | openstack),
`cloud` (the plan's cloud id), `wave` (build everything cut over in waves <= it). See README.md.
"""

from egov_stacks.program import run

run()
